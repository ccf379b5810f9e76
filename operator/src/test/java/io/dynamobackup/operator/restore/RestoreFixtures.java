package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Backups and restores as the restore ITs create them, and the waits on their status. */
final class RestoreFixtures {
  private final OperatorHarness harness;
  private final String region;

  RestoreFixtures(OperatorHarness harness, String region) {
    this.harness = harness;
    this.region = region;
  }

  DynamoBackup backupSpec(String name, String table) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named(table, region);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = ROLE;
    return backup;
  }

  /** Backs up {@code table} and waits until the backup is Completed. */
  DynamoBackup backUp(String name, String table) {
    harness.create(backupSpec(name, table));
    return awaitBackup(name);
  }

  DynamoBackup awaitBackup(String name) {
    return harness.advanceUntil(() -> harness.get(DynamoBackup.class, name),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
  }

  static DynamoRestore restore(String name, String backup, String table) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef(backup);
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = table;
    restore.getSpec().settings = new RestoreSettings();
    return restore;
  }

  DynamoRestore awaitPhase(String name, RestorePhase phase) {
    return harness.advanceUntil(() -> harness.get(DynamoRestore.class, name),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == phase);
  }

  /** Waits until condition {@code type} has {@code reason}. */
  Condition awaitCondition(String name, String type, String reason) {
    return harness.advanceUntil(() -> {
      DynamoRestore restore = harness.get(DynamoRestore.class, name);
      return restore == null || restore.getStatus() == null ? null
          : Conditions.find(restore.getStatus().conditions, type).orElse(null);
    }, c -> c != null && reason.equals(c.getReason()));
  }
}
