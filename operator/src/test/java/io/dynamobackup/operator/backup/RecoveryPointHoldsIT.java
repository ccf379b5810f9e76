package io.dynamobackup.operator.backup;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * Before it deletes a recovery point, the operator checks AWS itself, which every shard and cluster shares: the holds
 * recorded on the point (a DynamoBackup this operator's cache does not know) and restore jobs from it.
 */
class RecoveryPointHoldsIT {
  private OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aHolderInAnotherShardKeepsThePointAndIsNamed() {
    DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);
    String point = pointMadeByAwsBackup(fixtures);
    harness.startOperator(Map.of("DYNAMOBACKUP_WATCH_LABEL_SELECTOR", "shard=a"));
    harness.startAnotherOperator(Map.of("DYNAMOBACKUP_WATCH_LABEL_SELECTOR", "shard=b"));

    harness.create(adopter("orders-adopted", "b", point));
    DynamoBackup holder = fixtures.awaitBackup("orders-adopted", BackupPhase.Completed);
    String hold = "dynamobackup.io/hold/" + holder.getMetadata().getUid();
    BackupClient backups = harness.backup(SOURCE);
    assertThat(backups.listTags(b -> b.resourceArn(point)).tags()).containsEntry(hold, "default/orders-adopted");

    // Shard a does not see orders-adopted, but the point's tags say it is held.
    harness.create(adopter("orders-second", "a", point));
    DynamoBackup refused = fixtures.awaitBackup("orders-second", BackupPhase.Failed);
    assertThat(refused.getStatus().failure.code).isEqualTo("RecoveryPointInUse");
    assertThat(refused.getStatus().failure.message).startsWith("spec.recoveryPointArn: recovery point " + point
        + " is already held by DynamoBackup orders-adopted (tag " + hold + " on the point);")
        .as("how to let go of a hold whose holder is gone").endsWith(" remove the tag with aws backup untag-resource"
            + " --region " + SOURCE + " --resource-arn " + point + " --tag-key-list " + hold);
    assertThat(backups.listTags(b -> b.resourceArn(point)).tags()).as("the refused one leaves no hold")
        .doesNotContainKey("dynamobackup.io/hold/" + refused.getMetadata().getUid());

    // A second owner recorded in shard a (as an operator older than these checks wrote it): deleting it with
    // deletionPolicy Delete keeps the point that orders-adopted, in shard b, holds.
    harness.retryOnConflict(() -> harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .withName("orders-second").editStatus(b -> {
          b.getStatus().phase = BackupPhase.Completed;
          b.getStatus().failure = null;
          b.getStatus().recoveryPointArn = point;
          return b;
        }));
    int before = harness.aws.calls().size();
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-second")
        .delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-second"), b -> b == null);
    assertThat(backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(point)).status())
        .hasToString("COMPLETED");
    var calls = harness.aws.calls();
    assertThat(calls.subList(before, calls.size())).extracting(c -> c.operation()).contains("ListTags")
        .doesNotContain("DeleteRecoveryPoint");
    assertThat(harness.events("orders-second")).filteredOn(e -> "RecoveryPointInUse".equals(e.getReason()))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).isEqualTo("deletionPolicy is Delete, but another DynamoBackup holds recovery"
              + " point " + point + " (held by DynamoBackup orders-adopted (tag " + hold + " on the point)): kept in"
              + " AWS, as that DynamoBackup owns it");
        });

    // The holder's own deletion deletes it: no other hold remains.
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-adopted")
        .delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-adopted"), b -> b == null);
    assertThatThrownBy(() -> backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(point))).hasMessageContaining("not found");
  }

  @Test
  void aPointIsNotDeletedWhileARestoreJobFromItRuns() throws Exception {
    harness.close();
    harness = OperatorHarness.withLocalAws(o -> o.restoreBaseDuration(Duration.ofHours(2)));
    DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);
    fixtures.sourceTable("orders", 3);
    harness.startOperator();
    DynamoBackup made = DisasterRecoveryFixtures.backup("orders-now", "orders");
    made.getSpec().copies = null;
    made.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create(made);
    String point = fixtures.awaitBackup("orders-now", BackupPhase.Completed).getStatus().recoveryPointArn;
    BackupClient backups = harness.backup(SOURCE);
    // Any restore of the account counts, e.g. one started by hand or by another cluster's operator.
    String job = backups.startRestoreJob(b -> b.recoveryPointArn(point).iamRoleArn(ROLE).resourceType("DynamoDB")
        .metadata(Map.of("targetTableName", "orders-investigation"))).restoreJobId();

    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-now")
        .delete();
    String reason = "deletion waits for AWS Backup restore job " + job;
    DynamoBackup waiting = await().atMost(Duration.ofSeconds(30)).until(() -> harness.get(DynamoBackup.class,
        "orders-now"), b -> Conditions.find(b.getStatus().conditions, Conditions.READY)
            .filter(c -> "RecoveryPointBeingRestored".equals(c.getReason())).isPresent());
    assertThat(Conditions.find(waiting.getStatus().conditions, Conditions.READY).orElseThrow().getMessage())
        .startsWith(reason).contains("from recovery point " + point);
    assertThat(waiting.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(harness.events("orders-now")).filteredOn(e -> "RecoveryPointBeingRestored".equals(e.getReason()))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).startsWith(reason);
        });
    assertThat(backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(point)).status())
        .hasToString("COMPLETED");

    // Once the restore has ended, the deletion goes on and deletes the point.
    harness.advanceUntil(() -> backups.describeRestoreJob(b -> b.restoreJobId(job)).statusAsString(),
        "COMPLETED"::equals);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"), b -> b == null);
    assertThatThrownBy(() -> backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(point))).hasMessageContaining("not found");
  }

  @Test
  void aRetainDeletionThatCannotRemoveItsHoldGoesOnAndSaysHowToRemoveIt() {
    DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);
    String point = pointMadeByAwsBackup(fixtures);
    harness.startOperator();
    DynamoBackup adopting = adopter("orders-adopted", "a", point);
    adopting.getSpec().deletionPolicy = DeletionPolicy.Retain;
    harness.create(adopting);
    DynamoBackup holder = fixtures.awaitBackup("orders-adopted", BackupPhase.Completed);
    String hold = "dynamobackup.io/hold/" + holder.getMetadata().getUid();

    harness.aws.faults().regionOutage(SOURCE);
    harness.client().resource(holder).delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-adopted"), b -> b == null);
    harness.aws.faults().endRegionOutage(SOURCE);

    assertThat(harness.backup(SOURCE).listTags(b -> b.resourceArn(point)).tags()).containsKey(hold);
    assertThat(harness.events("orders-adopted")).filteredOn(e -> "HoldNotReleased".equals(e.getReason()))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).startsWith("could not remove the tag " + hold + " from recovery point " + point)
              .endsWith("Remove it with aws backup untag-resource --region " + SOURCE + " --resource-arn " + point
                  + " --tag-key-list " + hold);
        });
  }

  /** A completed point of table orders made by AWS Backup itself: no DynamoBackup holds it yet. */
  private String pointMadeByAwsBackup(DisasterRecoveryFixtures fixtures) {
    String tableArn = fixtures.sourceTable("orders", 3);
    BackupClient backups = harness.backup(SOURCE);
    String job = backups.startBackupJob(b -> b.resourceArn(tableArn).backupVaultName("prod-vault").iamRoleArn(ROLE))
        .backupJobId();
    return harness.advanceUntil(() -> backups.describeBackupJob(b -> b.backupJobId(job)),
        j -> j.stateAsString().equals("COMPLETED")).recoveryPointArn();
  }

  private static DynamoBackup adopter(String name, String shard, String point) {
    DynamoBackup backup = DisasterRecoveryFixtures.backup(name, "orders");
    backup.getMetadata().setLabels(Map.of("shard", shard));
    backup.getSpec().copies = null;
    backup.getSpec().recoveryPointArn = point;
    backup.getSpec().deletionPolicy = DeletionPolicy.Delete;
    return backup;
  }
}
