package io.dynamobackup.operator.partition;

import static io.dynamobackup.operator.testing.OperatorHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator in the China and GovCloud (US) partitions, end to end against local-aws: a backup, its copy to the
 * partition's other Region, restores of the copy and of a point given only by its ARN — every ARN in the partition —
 * and a copy out of the partition refused before any AWS call.
 */
class PartitionsIT {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void chinaBeijingToNingxia() {
    backUpCopyAndRestore("aws-cn", "cn-north-1", "cn-northwest-1", "eu-west-1");
  }

  @Test
  void govCloudWestToEast() {
    backUpCopyAndRestore("aws-us-gov", "us-gov-west-1", "us-gov-east-1", "us-east-1");
  }

  private void backUpCopyAndRestore(String partition, String region, String otherRegion, String outside) {
    String role = "arn:" + partition + ":iam::" + ACCOUNT + ":role/dynamo-backup";
    String tableArn = harness.createTable(region, "orders", 20);
    harness.createVault(region, "prod-vault");
    harness.createVault(otherRegion, "prod-vault");
    harness.startOperator();

    DynamoBackup backup = backup("orders-now", region, role, "arn:" + partition + ":backup:" + otherRegion + ":"
        + ACCOUNT + ":backup-vault:prod-vault");
    harness.create(backup);
    var status = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);
    assertThat(tableArn).startsWith("arn:" + partition + ":dynamodb:" + region + ":");
    assertThat(status.tableArn).isEqualTo(tableArn);
    assertThat(status.recoveryPointArn).startsWith("arn:" + partition + ":backup:" + region + ":" + ACCOUNT
        + ":recovery-point:");
    assertThat(status.copies).singleElement().satisfies(copy -> {
      assertThat(copy.state).isEqualTo("COMPLETED");
      assertThat(copy.destinationRecoveryPointArn).startsWith("arn:" + partition + ":backup:" + otherRegion + ":");
    });

    // Restore in the other Region (from the copy there) and, by its bare ARN, in the backup's own Region.
    DynamoRestore fromCopy = restore("orders-dr", otherRegion);
    fromCopy.getSpec().source.backupRef = new RestoreSource.ObjectRef("orders-now");
    harness.create(fromCopy);
    DynamoRestore byArn = restore("orders-by-arn", region);
    byArn.getSpec().source.recoveryPointArn = status.recoveryPointArn;
    byArn.getSpec().iamRoleArn = role;
    harness.create(byArn);
    for (String name : List.of("orders-dr", "orders-by-arn")) {
      DynamoRestore done = harness.advanceUntil(() -> harness.get(DynamoRestore.class, name),
          r -> r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);
      String expectedRegion = name.equals("orders-dr") ? otherRegion : region;
      assertThat(done.getStatus().tableArn).isEqualTo("arn:" + partition + ":dynamodb:" + expectedRegion + ":"
          + ACCOUNT + ":table/" + name);
      assertThat(harness.dynamoDb(expectedRegion).scan(b -> b.tableName(name)).count()).isEqualTo(20);
    }
    assertThat(harness.get(DynamoRestore.class, "orders-dr").getStatus().recoveryPointArn)
        .isEqualTo(status.copies.get(0).destinationRecoveryPointArn);

    // A copy out of the partition: refused before any AWS call.
    long jobs = harness.aws.callCount("StartBackupJob");
    harness.create(backup("orders-out", region, role, "arn:aws:backup:" + outside + ":" + ACCOUNT
        + ":backup-vault:prod-vault"));
    var refused = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-out").getStatus(),
        s -> s != null && !s.conditions.isEmpty());
    assertThat(Conditions.find(refused.conditions, Conditions.READY).get().getMessage()).isEqualTo(
        "spec.copies[0].backupVaultArn: AWS Backup copies stay inside one partition: " + region + " is in "
            + partition + ", " + outside + " in aws (copy to one of " + String.join(", ",
            io.dynamobackup.operator.aws.Partitions.regionsOf(partition)) + ")");
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(jobs);
  }

  private static DynamoBackup backup(String name, String region, String role, String copyVaultArn) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", region);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = role;
    backup.getSpec().copies = List.of(new CopyTarget(copyVaultArn, null));
    return backup;
  }

  private static DynamoRestore restore(String name, String region) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = name;
    restore.getSpec().target.region = region;
    return restore;
  }
}
