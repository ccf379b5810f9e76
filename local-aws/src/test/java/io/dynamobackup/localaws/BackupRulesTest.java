package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.LimitExceededException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** AWS Backup's rules beyond its model: partitions, ARNs, roles, KMS keys, tags, cold storage. */
class BackupRulesTest extends LocalAwsTestBase {
  private static final String GOV_ROLE = "arn:aws-us-gov:iam::111122223333:role/backup";

  private String copy(BackupClient client, String vault, String rp, String destination, String role) {
    return client.startCopyJob(b -> b.sourceBackupVaultName(vault).recoveryPointArn(rp)
        .destinationBackupVaultArn(destination).iamRoleArn(role)).copyJobId();
  }

  @Test
  void copiesStayInsideTheirPartitionBothWays() {
    String rp = completedRecoveryPoint("src", "orders", 3);
    String gov = backup(ACCOUNT, "us-gov-west-1").createBackupVault(b -> b.backupVaultName("gov-dr")).backupVaultArn();
    assertThat(gov).isEqualTo("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:gov-dr");
    assertThatThrownBy(() -> copy(backup, "src", rp, gov, ROLE))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("only between Regions of the same partition");
    String china = "arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:cn";
    assertThatThrownBy(() -> copy(backup, "src", rp, china, ROLE)).isInstanceOf(InvalidParameterValueException.class);
    assertThat(backup.listCopyJobs(b -> { }).copyJobs()).isEmpty(); // refused calls start nothing

    // and the reverse: GovCloud to commercial
    BackupClient govBackup = backup(ACCOUNT, "us-gov-west-1");
    ddb(ACCOUNT, "us-gov-west-1").createTable(b -> b.tableName("gov-orders")
        .billingMode("PAY_PER_REQUEST").attributeDefinitions(attr("pk", software.amazon.awssdk.services.dynamodb.model
            .ScalarAttributeType.S)).keySchema(key("pk", software.amazon.awssdk.services.dynamodb.model.KeyType.HASH)));
    String govJob = govBackup.startBackupJob(b -> b.backupVaultName("gov-dr").iamRoleArn(GOV_ROLE)
        .resourceArn("arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/gov-orders")).backupJobId();
    clock.advance(Duration.ofMinutes(1));
    String govPoint = govBackup.describeBackupJob(b -> b.backupJobId(govJob)).recoveryPointArn();
    String commercial = backup(ACCOUNT, "us-west-2").createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    assertThatThrownBy(() -> copy(govBackup, "gov-dr", govPoint, commercial, GOV_ROLE))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("us-gov-west-1 (partition aws-us-gov)");
  }

  @Test
  void chinaCopiesBetweenBeijingAndNingxia() {
    String role = "arn:aws-cn:iam::111122223333:role/backup";
    BackupClient beijing = backup(ACCOUNT, "cn-north-1");
    beijing.createBackupVault(b -> b.backupVaultName("cn-src"));
    ddb(ACCOUNT, "cn-north-1").createTable(b -> b.tableName("orders").billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attr("pk", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
        .keySchema(key("pk", software.amazon.awssdk.services.dynamodb.model.KeyType.HASH)));
    String job = beijing.startBackupJob(b -> b.backupVaultName("cn-src").iamRoleArn(role)
        .resourceArn("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders")).backupJobId();
    clock.advance(Duration.ofMinutes(1));
    String rp = beijing.describeBackupJob(b -> b.backupJobId(job)).recoveryPointArn();
    String ningxia = backup(ACCOUNT, "cn-northwest-1").createBackupVault(b -> b.backupVaultName("cn-dr"))
        .backupVaultArn();
    String id = copy(beijing, "cn-src", rp, ningxia, role);
    clock.advance(Duration.ofMinutes(1));
    assertThat(beijing.describeCopyJob(b -> b.copyJobId(id)).copyJob().state()).isEqualTo(CopyJobState.COMPLETED);
    assertThatThrownBy(() -> copy(beijing, "cn-src", rp, "arn:aws:backup:us-east-1:111122223333:backup-vault:src", role))
        .isInstanceOf(InvalidParameterValueException.class);
    // an ARN whose partition does not fit its Region is not a vault ARN
    assertThatThrownBy(() -> copy(beijing, "cn-src", rp, "arn:aws:backup:cn-northwest-1:111122223333:backup-vault:cn-dr",
        role)).isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("is in partition aws-cn");
  }

  @Test
  void resourceAndRoleArnsMustMatchTheCall() {
    createTable("orders");
    createVault("vault");
    for (String arn : new String[] {"arn:aws-cn:dynamodb:us-east-1:111122223333:table/orders",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "arn:aws:dynamodb:us-east-1:444455556666:table/orders"}) {
      assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(arn).iamRoleArn(ROLE)))
          .as(arn).isInstanceOf(InvalidParameterValueException.class);
    }
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(GOV_ROLE))).isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("partition aws-us-gov");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn("arn:aws:iam::444455556666:role/backup"))).isInstanceOfSatisfying(BackupException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
          assertThat(e.awsErrorDetails().errorMessage()).contains("iam:PassRole");
        });
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn("backup-role"))).isInstanceOf(InvalidParameterValueException.class);
    assertThat(backup.listBackupJobs(b -> { }).backupJobs()).isEmpty();
  }

  @Test
  void vaultKeysMustBeInTheVaultsRegion() {
    assertThatThrownBy(() -> backup.createBackupVault(b -> b.backupVaultName("vault")
        .encryptionKeyArn("arn:aws:kms:eu-west-1:111122223333:key/1234")))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("its own Region");
    assertThat(backup.createBackupVault(b -> b.backupVaultName("vault")
        .encryptionKeyArn("arn:aws:kms:us-east-1:111122223333:key/1234")).backupVaultName()).isEqualTo("vault");
  }

  @Test
  void tagsFollowAwsTagRulesAndARefusedTagResourceStoresNothing() {
    createTable("orders");
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tooMany.put("k" + i, "v");
    }
    assertThatThrownBy(() -> backup.createBackupVault(b -> b.backupVaultName("vault").backupVaultTags(tooMany)))
        .isInstanceOf(LimitExceededException.class);
    createVault("vault");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(ROLE).recoveryPointTags(Map.of("team", "x".repeat(300_000)))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("at most 256 characters");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(ROLE).recoveryPointTags(Map.of("aws:team", "x"))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("reserved for AWS");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(ROLE).recoveryPointTags(Map.of("team#1", "x"))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not allowed");

    String vaultArn = backup.describeBackupVault(b -> b.backupVaultName("vault")).backupVaultArn();
    Map<String, String> fifty = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put("k" + i, "v");
    }
    backup.tagResource(b -> b.resourceArn(vaultArn).tags(fifty));
    assertThatThrownBy(() -> backup.tagResource(b -> b.resourceArn(vaultArn).tags(Map.of("one-more", "v"))))
        .isInstanceOf(LimitExceededException.class);
    assertThat(backup.listTags(b -> b.resourceArn(vaultArn)).tags()).hasSize(50).doesNotContainKey("one-more");
    backup.tagResource(b -> b.resourceArn(vaultArn).tags(Map.of("k1", "replaced"))); // same key: still 50
    assertThat(backup.listTags(b -> b.resourceArn(vaultArn)).tags()).containsEntry("k1", "replaced");
  }

  @Test
  void aRestoreWithAKmsKeyOfAnotherRegionFails() {
    String rp = completedRecoveryPoint("vault", "orders", 3);
    String id = backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).metadata(Map.of(
        "targetTableName", "orders-restored", "encryptionType", "KMS",
        "kmsMasterKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234"))).restoreJobId();
    clock.advance(Duration.ofMinutes(1));
    var job = backup.describeRestoreJob(b -> b.restoreJobId(id));
    assertThat(job.status()).isEqualTo(RestoreJobStatus.FAILED);
    assertThat(job.statusMessage()).contains("eu-west-1").contains("its own Region");
    assertThat(job.createdResourceArn()).isNull();
    assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName("orders-restored")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aRestoreWithAnotherAccountsKeyNeedsAGrant() {
    String rp = completedRecoveryPoint("vault", "orders", 3);
    String key = "arn:aws:kms:us-east-1:444455556666:key/shared";
    String denied = backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).metadata(Map.of(
        "targetTableName", "orders-a", "encryptionType", "KMS", "kmsMasterKeyArn", key))).restoreJobId();
    aws.kms().grant(key, ACCOUNT);
    String granted = backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).metadata(Map.of(
        "targetTableName", "orders-b", "encryptionType", "KMS", "kmsMasterKeyArn", key))).restoreJobId();
    clock.advance(Duration.ofMinutes(1));
    var failed = backup.describeRestoreJob(b -> b.restoreJobId(denied));
    assertThat(failed.status()).isEqualTo(RestoreJobStatus.FAILED);
    assertThat(failed.statusMessage()).contains("not authorized to use KMS key");
    assertThat(backup.describeRestoreJob(b -> b.restoreJobId(granted)).status()).isEqualTo(RestoreJobStatus.COMPLETED);
    assertThat(ddb.describeTable(b -> b.tableName("orders-b")).table().sseDescription().kmsMasterKeyArn())
        .isEqualTo(key);
  }

  @Test
  void restoreMetadataIsChecked() {
    String rp = completedRecoveryPoint("vault", "orders", 3);
    assertThatThrownBy(() -> backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "ab"))))
        .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("1 validation error detected: Value 'ab' at 'targetTableName' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 3"));
    assertThatThrownBy(() -> backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "orders-restored", "encryptionType", "KMS", "kmsMasterKeyArn", "my-key"))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Invalid KMS key ARN");
    assertThat(backup.listRestoreJobs(b -> { }).restoreJobs()).isEmpty();
  }
}
