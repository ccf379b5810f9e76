package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.DR;
import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.SettingsSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restore whose DynamoBackup is gone (or never existed in this cluster) takes the settings captured at backup time
 * from the recovery catalog record of the point it restores, in that point's own Region, and says so in
 * status.settingsSource.
 */
class CatalogRestoreIT {
  private final OperatorHarness harness = new OperatorHarness();
  private final DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aCopyRestoredByArnAfterItsBackupIsGoneGetsEverySettingFromTheCatalogInItsRegion() {
    String tableArn = fixtures.sourceTable("orders", 12);
    harness.startOperator();
    harness.create(DisasterRecoveryFixtures.backup("orders-now", "orders"));
    DynamoBackup backup = fixtures.awaitCataloged("orders-now");
    String copy = backup.getStatus().copies.get(0).destinationRecoveryPointArn;
    harness.client().resource(backup).delete(); // Retain: the points stay, the captured settings in status go
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"), b -> b == null);
    int before = harness.aws.calls().size();

    harness.create(DisasterRecoveryFixtures.restoreOfArn("orders-dr", copy, "orders"));
    DynamoRestore done = fixtures.awaitRestore("orders-dr");

    assertThat(done.getStatus().settingsSource).isEqualTo(SettingsSource.Catalog);
    assertThat(done.getStatus().sourceTableArn).isEqualTo(tableArn);
    assertThat(done.getStatus().recoveryPointArn).isEqualTo(copy);
    assertThat(Conditions.find(done.getStatus().conditions, Conditions.READY).orElseThrow().getMessage())
        .contains(copy, tableArn, "Catalog");
    fixtures.assertRestoredWithEverySetting("orders", "orders", 12);
    assertThat(fixtures.callsTo(SOURCE, before)).as("a restore in us-west-2 reads nothing in eu-west-1").isEmpty();
    assertThat(harness.events("orders-dr")).anySatisfy(e -> assertThat(e.getMessage())
        .contains("starting the restore of recovery point " + copy + " of table " + tableArn));
  }

  @Test
  void aPointNeitherTheClusterNorTheCatalogKnowsIsRestoredWithItsExplicitSettingsOnly() {
    fixtures.sourceTable("orders", 3);
    String tableArn = harness.dynamoDb(SOURCE).describeTable(b -> b.tableName("orders")).table().tableArn();
    // A backup made by AWS Backup itself, not by the operator: no catalog record.
    var backups = harness.backup(SOURCE);
    String job = backups.startBackupJob(b -> b.resourceArn(tableArn).backupVaultName("prod-vault").iamRoleArn(ROLE))
        .backupJobId();
    String point = harness.advanceUntil(() -> backups.describeBackupJob(b -> b.backupJobId(job)),
        j -> j.stateAsString().equals("COMPLETED")).recoveryPointArn();
    harness.startOperator();

    DynamoRestore restore = DisasterRecoveryFixtures.restoreOfArn("orders-bare", point, "orders-bare");
    restore.getSpec().target.region = SOURCE;
    restore.getSpec().settings = new io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings();
    restore.getSpec().settings.tags = Map.of("restored", "by-hand");
    harness.create(restore);
    DynamoRestore done = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-bare"),
        r -> r != null && r.getStatus() != null
            && r.getStatus().phase == io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase.Ready);

    assertThat(done.getStatus().settingsSource).isEqualTo(SettingsSource.None);
    assertThat(done.getStatus().sourceTableArn).isNull();
    var restored = harness.dynamoDb(SOURCE).describeTable(b -> b.tableName("orders-bare")).table();
    assertThat(harness.dynamoDb(SOURCE).listTagsOfResource(b -> b.resourceArn(restored.tableArn())).tags())
        .extracting(t -> t.key() + "=" + t.value()).containsExactly("restored=by-hand");
    assertThat(restored.deletionProtectionEnabled()).isFalse();
  }
}
