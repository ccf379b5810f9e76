package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a data-deleting finalizer is checked against: the tenancy policy as it is at deletion time. */
class DeletionGuardTest {
  static final TenancyPolicy NOW = TenancyPolicy.parse("""
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333", "444455556666"]
          regions: [eu-west-1]
          backupVaults: [team-a-vault]
          tables: ["team-a-*"]
      """, "test");
  final DeletionGuard guard = new DeletionGuard(TenancyGuard.of(NOW), new OperatorMetrics(new SimpleMeterRegistry()));

  @Test
  void aBackupIsCheckedByTableVaultAndEveryCopyThatExists() {
    DynamoBackup backup = backup("arn:aws:dynamodb:eu-west-1:111122223333:table/team-a-orders");
    CopyStatus failed = new CopyStatus();
    failed.destinationBackupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:elsewhere";
    CopyStatus copied = new CopyStatus();
    copied.destinationBackupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-vault";
    copied.destinationRecoveryPointArn = "arn:aws:backup:us-west-2:111122223333:recovery-point:c-1";
    backup.getStatus().copies = List.of(failed, copied);
    assertThat(guard.backup(backup).denials()).extracting(TenancyGuard.Denial::field).containsExactly(
        "status.copies[1].destinationBackupVaultArn", "status.copies[1].destinationRecoveryPointArn");
  }

  @Test
  void aBackupOfATableInAnAccountNoLongerAllowedIsKept() {
    DynamoBackup backup = backup("arn:aws:dynamodb:eu-west-1:777788889999:table/team-a-orders");
    assertThat(guard.backup(backup).message()).contains("spec.table.arn: 777788889999 not allowed for namespace team-a"
        + " (tenancy rule accounts: [111122223333, 444455556666])");
  }

  @Test
  void aRestoredTableIsCheckedByNameRegionAndTheAccountOfItsArn() {
    DynamoRestore restore = restore("team-a-scratch", "arn:aws:dynamodb:us-east-1:777788889999:table/team-a-scratch");
    assertThat(guard.restore(restore, "us-east-1").denials()).extracting(TenancyGuard.Denial::field)
        .containsExactly("spec.target.region", "status.tableArn");
  }

  @Test
  void aTableWhoseArnIsNotKnownNeedsATenantWithOneAccount() {
    assertThat(guard.restore(restore("team-a-scratch", null), "eu-west-1").message())
        .startsWith("spec.target.tableName: the account of table team-a-scratch is unknown before calling AWS");
  }

  @Test
  void withoutAPolicyEveryDeletionPasses() {
    DeletionGuard singleTenant = new DeletionGuard(TenancyGuard.singleTenant(),
        new OperatorMetrics(new SimpleMeterRegistry()));
    assertThat(singleTenant.restore(restore("anything", null), "eu-west-1").denied()).isFalse();
    assertThat(singleTenant.backup(backup("arn:aws:dynamodb:eu-west-1:777788889999:table/x")).denied()).isFalse();
  }

  @Test
  void aTenantWithoutAllowDataDeletionKeepsRecoveryPointsAndRestoredTablesButNotTheOperatorsScratchTables() {
    TenancyPolicy policy = TenancyPolicy.parse("""
        tenants:
          - namespaces: [team-a]
            accounts: ["111122223333"]
            regions: [eu-west-1]
            backupVaults: [team-a-vault]
            tables: ["team-a-*"]
            allowDataDeletion: false
        """, "test");
    DeletionGuard keeping = new DeletionGuard(TenancyGuard.of(policy), new OperatorMetrics(new SimpleMeterRegistry()));
    assertThat(keeping.backup(backup("arn:aws:dynamodb:eu-west-1:111122223333:table/team-a-orders")).message())
        .isEqualTo("spec.deletionPolicy: Delete may not delete recovery points for namespace team-a (tenancy rule"
            + " allowDataDeletion: false)");
    DynamoRestore restore = restore("team-a-copy", "arn:aws:dynamodb:eu-west-1:111122223333:table/team-a-copy");
    assertThat(keeping.restore(restore, "eu-west-1").message()).isEqualTo("spec.deletionPolicy: Delete may not delete"
        + " restored tables for namespace team-a (tenancy rule allowDataDeletion: false)");

    // A drill's or an item restore's scratch restore: its label and its controller of that kind, not the label alone.
    restore.getMetadata().setLabels(java.util.Map.of("dynamobackup.io/drill", "nightly"));
    assertThat(keeping.restore(restore, "eu-west-1").denied()).as("label without its owner").isTrue();
    restore.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withKind("DynamoBackupPlan").withName("nightly").withUid("u-1").withController(true).build()));
    assertThat(keeping.restore(restore, "eu-west-1").denied()).isFalse();
    restore.getMetadata().setLabels(java.util.Map.of("dynamobackup.io/item-restore", "fix"));
    assertThat(keeping.restore(restore, "eu-west-1").denied()).as("item-restore label, plan owner").isTrue();

    // Absent, or true: deletion is allowed as before.
    assertThat(guard.backup(backup("arn:aws:dynamodb:eu-west-1:111122223333:table/team-a-orders")).denied()).isFalse();
    assertThat(TenancyPolicy.parse("tenants: [{namespaces: [x], allowDataDeletion: true}]", "t").tenants().get(0)
        .dataDeletionAllowed()).isTrue();
    assertThat(TenancyPolicy.parse("tenants: [{namespaces: [x]}]", "t").tenants().get(0).dataDeletionAllowed())
        .isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TenancyPolicy.parse(
        "tenants: [{namespaces: [x], allowDataDeletion: sometimes}]", "p.yaml")).hasMessageContaining("p.yaml");
  }

  static DynamoBackup backup(String tableArn) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("b").withNamespace("team-a").build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = new TableReference();
    backup.getSpec().table.arn = tableArn;
    backup.getSpec().backupVault = "team-a-vault";
    backup.setStatus(new DynamoBackupStatus());
    backup.getStatus().recoveryPointArn = "arn:aws:backup:eu-west-1:" + tableArn.split(":")[4] + ":recovery-point:p-1";
    return backup;
  }

  static DynamoRestore restore(String table, String tableArn) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("team-a").build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = table;
    restore.setStatus(new DynamoRestoreStatus());
    restore.getStatus().tableArn = tableArn;
    return restore;
  }
}
