package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.StartBackupJobResponse;
import software.amazon.awssdk.services.backup.model.StorageClass;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

class BackupJobTest extends LocalAwsTestBase {

  @Test
  void backupJobRunsAsynchronouslyOnTheClock() {
    createTable("orders");
    putItems("orders", 300);
    createVault("vault");
    Instant start = clock.instant();
    StartBackupJobResponse started = backup.startBackupJob(b -> b.backupVaultName("vault")
        .resourceArn(tableArn("orders")).iamRoleArn(ROLE).recoveryPointTags(Map.of("team", "payments")));
    assertThat(started.recoveryPointArn()).matches("arn:aws:backup:us-east-1:111122223333:recovery-point:[0-9a-f-]{36}");
    assertThat(started.creationDate()).isEqualTo(start);

    assertThat(job(started.backupJobId()).state()).isEqualTo(BackupJobState.CREATED);
    clock.advance(Duration.ofSeconds(1));
    DescribeBackupJobResponse running = job(started.backupJobId());
    assertThat(running.state()).isEqualTo(BackupJobState.RUNNING);
    assertThat(running.expectedCompletionDate()).isAfter(clock.instant());
    assertThat(backup.describeRecoveryPoint(b -> b.backupVaultName("vault")
        .recoveryPointArn(started.recoveryPointArn())).status()).isEqualTo(RecoveryPointStatus.CREATING);

    clock.advance(Duration.ofSeconds(9)); // 300 items: 3 s + 300 * 10 ms after a 1 s start delay
    DescribeBackupJobResponse done = job(started.backupJobId());
    assertThat(done.state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(done.percentDone()).isEqualTo("100.0");
    assertThat(done.completionDate()).isBetween(start.plusSeconds(5), start.plusSeconds(10));
    assertThat(done.backupSizeInBytes()).isPositive();
    assertThat(done.resourceType()).isEqualTo("DynamoDB");
    assertThat(done.resourceName()).isEqualTo("orders");
    assertThat(done.startBy()).isEqualTo(start.plus(Duration.ofHours(8)));

    DescribeRecoveryPointResponse rp = backup.describeRecoveryPoint(b -> b.backupVaultName("vault")
        .recoveryPointArn(started.recoveryPointArn()));
    assertThat(rp.status()).isEqualTo(RecoveryPointStatus.COMPLETED);
    assertThat(rp.storageClass()).isEqualTo(StorageClass.WARM);
    assertThat(rp.resourceArn()).isEqualTo(tableArn("orders"));
    assertThat(rp.creationDate()).isEqualTo(start);
    assertThat(rp.completionDate()).isEqualTo(done.completionDate());
    assertThat(rp.backupSizeInBytes()).isEqualTo(done.backupSizeInBytes());
    assertThat(rp.iamRoleArn()).isEqualTo(ROLE);
    assertThat(backup.listTags(b -> b.resourceArn(started.recoveryPointArn())).tags()).containsEntry("team", "payments");
    assertThat(backup.describeBackupVault(b -> b.backupVaultName("vault")).numberOfRecoveryPoints()).isEqualTo(1);
  }

  @Test
  void biggerTablesTakeLonger() {
    createTable("small");
    createTable("big");
    putItems("big", 1000);
    createVault("vault-v");
    String small = startBackup("vault-v", "small");
    String big = startBackup("vault-v", "big");
    clock.advance(Duration.ofSeconds(5));
    assertThat(job(small).state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(job(big).state()).isEqualTo(BackupJobState.RUNNING);
    clock.advance(Duration.ofSeconds(10));
    assertThat(job(big).state()).isEqualTo(BackupJobState.COMPLETED);
  }

  @Test
  void stopBackupJobIsRefusedForDynamoDb() {
    createTable("tbl");
    createVault("vault-v");
    String id = startBackup("vault-v", "tbl");
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> backup.stopBackupJob(b -> b.backupJobId(id)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("DynamoDB");
    assertThat(job(id).state()).isEqualTo(BackupJobState.RUNNING);
  }

  @Test
  void sourceTableCannotBeDeletedWhileItsBackupRuns() {
    createTable("tbl");
    createVault("vault-v");
    String id = startBackup("vault-v", "tbl");
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> ddb.deleteTable(b -> b.tableName("tbl")))
        .isInstanceOf(ResourceInUseException.class)
        .hasMessageContaining("backed up");
    awaitJob(id);
    ddb.deleteTable(b -> b.tableName("tbl"));
  }

  @Test
  void secondJobForTheSameTableWaitsForTheFirst() {
    createTable("tbl");
    putItems("tbl", 500); // 8 s of backup
    createVault("vault-v");
    String first = startBackup("vault-v", "tbl");
    clock.advance(Duration.ofSeconds(1));
    String second = startBackup("vault-v", "tbl");
    clock.advance(Duration.ofSeconds(3));
    assertThat(job(first).state()).isEqualTo(BackupJobState.RUNNING);
    assertThat(job(second).state()).isEqualTo(BackupJobState.CREATED);
    clock.advance(Duration.ofSeconds(6)); // first completes at t=9 s, second starts right then
    assertThat(job(first).state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(job(second).state()).isEqualTo(BackupJobState.RUNNING);
    assertThat(awaitJob(second).state()).isEqualTo(BackupJobState.COMPLETED);
  }

  @Test
  void jobThatCannotStartInItsWindowExpires() {
    // a first job that runs for two hours blocks the table
    aws.close();
    aws = LocalAws.start(options().backupBaseDuration(Duration.ofHours(2)).build());
    var client = backup(ACCOUNT, REGION);
    createTable(ddb(ACCOUNT, REGION), "tbl");
    createVault(client, "vault-v");
    String first = client.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl")).iamRoleArn(ROLE))
        .backupJobId();
    String second = client.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl")).iamRoleArn(ROLE)
        .startWindowMinutes(60L)).backupJobId();
    clock.advance(Duration.ofMinutes(61));
    var expired = client.describeBackupJob(b -> b.backupJobId(second));
    assertThat(expired.state()).isEqualTo(BackupJobState.EXPIRED);
    assertThat(expired.statusMessage()).contains("start window");
    assertThat(client.describeBackupJob(b -> b.backupJobId(first)).state()).isEqualTo(BackupJobState.RUNNING);
  }

  @Test
  void idempotencyTokenReturnsTheSameJob() {
    createTable("tbl");
    createVault("vault-v");
    String a = backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl")).iamRoleArn(ROLE)
        .idempotencyToken("tok-1")).backupJobId();
    String b2 = backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl")).iamRoleArn(ROLE)
        .idempotencyToken("tok-1")).backupJobId();
    assertThat(b2).isEqualTo(a);
    assertThat(backup.listBackupJobs().backupJobs()).hasSize(1);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl"))
        .iamRoleArn(ROLE).idempotencyToken("tok-1").startWindowMinutes(90L)))
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void listBackupJobsFilters() {
    createTable("tbl-a");
    createTable("tbl-b");
    createVault("v1");
    createVault("v2");
    String ja = startBackup("v1", "tbl-a");
    clock.advance(Duration.ofSeconds(1));
    String jb = startBackup("v2", "tbl-b");
    awaitJob(ja);
    awaitJob(jb);
    assertThat(backup.listBackupJobs(b -> b.byResourceArn(tableArn("tbl-a"))).backupJobs())
        .extracting(BackupJob::backupJobId).containsExactly(ja);
    assertThat(backup.listBackupJobs(b -> b.byBackupVaultName("v2")).backupJobs())
        .extracting(BackupJob::backupJobId).containsExactly(jb);
    assertThat(backup.listBackupJobs(b -> b.byState(BackupJobState.COMPLETED)).backupJobs()).hasSize(2);
    assertThat(backup.listBackupJobs(b -> b.byState(BackupJobState.RUNNING)).backupJobs()).isEmpty();
    assertThat(backup.listBackupJobs(b -> b.byCreatedAfter(clock.instant().minusSeconds(1000))).backupJobs())
        .extracting(BackupJob::backupJobId).containsExactly(jb, ja); // newest first
    assertThat(backup.listBackupJobsPaginator(b -> b.maxResults(1)).backupJobs().stream().count()).isEqualTo(2);
  }

  @Test
  void invalidRequests() {
    createTable("tbl");
    createVault("vault-v");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("nope").resourceArn(tableArn("tbl")).iamRoleArn(ROLE)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("missing")).iamRoleArn(ROLE)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn("arn:aws:s3:::bucket").iamRoleArn(ROLE)))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl"))))
        .isInstanceOf(MissingParameterValueException.class);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault-v").resourceArn(tableArn("tbl")).iamRoleArn(ROLE)
        .startWindowMinutes(10L)))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> backup.describeBackupJob(b -> b.backupJobId("does-not-exist")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void recoveryPointIsASnapshotAsOfRequestTime() {
    createTable("tbl");
    putItems("tbl", 5);
    createVault("vault-v");
    String id = startBackup("vault-v", "tbl");
    putItems("tbl", 20); // written after the request: not in the backup
    DescribeBackupJobResponse done = awaitJob(id);
    String restored = backup.startRestoreJob(b -> b.recoveryPointArn(done.recoveryPointArn()).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "t-restored"))).restoreJobId();
    clock.advance(Duration.ofMinutes(1));
    assertThat(backup.describeRestoreJob(b -> b.restoreJobId(restored)).statusAsString()).isEqualTo("COMPLETED");
    assertThat(ddb.describeTable(b -> b.tableName("t-restored")).table().itemCount()).isEqualTo(5L);
    assertThat(ddb.describeTable(b -> b.tableName("tbl")).table().itemCount()).isEqualTo(20L);
  }
}
