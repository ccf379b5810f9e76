package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidResourceStateException;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class CopyJobTest extends LocalAwsTestBase {

  private String copy(String rp, String destinationVaultArn) {
    return backup.startCopyJob(b -> b.sourceBackupVaultName("src").recoveryPointArn(rp)
        .destinationBackupVaultArn(destinationVaultArn).iamRoleArn(ROLE)
        .lifecycle(l -> l.deleteAfterDays(90L))).copyJobId();
  }

  private CopyJob copyJob(String id) {
    return backup.describeCopyJob(b -> b.copyJobId(id)).copyJob();
  }

  @Test
  void copyToAnotherRegionCanBeRestoredThere() {
    String rp = completedRecoveryPoint("src", "orders", 40);
    BackupClient west = backup(ACCOUNT, "us-west-2");
    String destArn = west.createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    String id = copy(rp, destArn);
    assertThat(copyJob(id).state()).isEqualTo(CopyJobState.CREATED);
    clock.advance(Duration.ofSeconds(1));
    CopyJob running = copyJob(id);
    assertThat(running.state()).isEqualTo(CopyJobState.RUNNING);
    // while the copy runs the source recovery point cannot be deleted
    assertThatThrownBy(() -> backup.deleteRecoveryPoint(b -> b.backupVaultName("src").recoveryPointArn(rp)))
        .isInstanceOf(InvalidResourceStateException.class);
    clock.advance(Duration.ofSeconds(10));
    CopyJob done = copyJob(id);
    assertThat(done.state()).isEqualTo(CopyJobState.COMPLETED);
    assertThat(done.sourceRecoveryPointArn()).isEqualTo(rp);
    assertThat(done.destinationBackupVaultArn()).isEqualTo(destArn);
    assertThat(done.destinationRecoveryPointArn()).startsWith("arn:aws:backup:us-west-2:111122223333:recovery-point:");
    assertThat(done.resourceArn()).isEqualTo(tableArn("orders"));

    var copied = west.describeRecoveryPoint(b -> b.backupVaultName("dr").recoveryPointArn(done.destinationRecoveryPointArn()));
    assertThat(copied.status()).isEqualTo(RecoveryPointStatus.COMPLETED);
    assertThat(copied.sourceBackupVaultArn()).isEqualTo("arn:aws:backup:us-east-1:111122223333:backup-vault:src");
    assertThat(copied.resourceArn()).isEqualTo(tableArn("orders"));
    assertThat(copied.lifecycle().deleteAfterDays()).isEqualTo(90L);

    west.startRestoreJob(b -> b.recoveryPointArn(done.destinationRecoveryPointArn()).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "orders")));
    clock.advance(Duration.ofMinutes(1));
    DynamoDbClient westDdb = ddb(ACCOUNT, "us-west-2");
    var table = westDdb.describeTable(b -> b.tableName("orders")).table();
    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.itemCount()).isEqualTo(40L);
    assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-west-2:111122223333:table/orders");
  }

  @Test
  void copyToAnotherAccount() {
    String rp = completedRecoveryPoint("src", "orders", 5);
    String otherAccount = backup("444455556666", "eu-central-1").createBackupVault(b -> b.backupVaultName("central"))
        .backupVaultArn();
    String west = backup(ACCOUNT, "us-west-2").createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    String a = copy(rp, otherAccount);
    clock.advance(Duration.ofMinutes(1));
    String b2 = copy(rp, west); // one copy at a time per resource: queued behind the first, then runs
    clock.advance(Duration.ofMinutes(1));
    assertThat(copyJob(a).state()).isEqualTo(CopyJobState.COMPLETED);
    assertThat(copyJob(b2).state()).isEqualTo(CopyJobState.COMPLETED);
    assertThat(copyJob(a).destinationRecoveryPointArn()).startsWith("arn:aws:backup:eu-central-1:444455556666:recovery-point:");
    assertThat(backup("444455556666", "eu-central-1").listRecoveryPointsByBackupVault(b -> b.backupVaultName("central"))
        .recoveryPoints()).hasSize(1);
  }

  @Test
  void missingDestinationVaultFailsTheJob() {
    String rp = completedRecoveryPoint("src", "orders", 5);
    String id = copy(rp, "arn:aws:backup:us-west-2:111122223333:backup-vault:nope");
    clock.advance(Duration.ofSeconds(2));
    CopyJob failed = copyJob(id);
    assertThat(failed.state()).isEqualTo(CopyJobState.FAILED);
    assertThat(failed.statusMessage()).contains("does not exist");
    assertThat(failed.destinationRecoveryPointArn()).isNull();
    assertThat(backup.listCopyJobs(b -> b.byState(CopyJobState.FAILED)).copyJobs()).hasSize(1);
  }

  @Test
  void copyJobValidationAndIdempotency() {
    String rp = completedRecoveryPoint("src", "orders", 5);
    assertThatThrownBy(() -> copy(rp, "not-an-arn")).isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> copy("arn:aws:backup:us-east-1:111122223333:recovery-point:nope",
        "arn:aws:backup:us-west-2:111122223333:backup-vault:dr")).isInstanceOf(ResourceNotFoundException.class);
    String dest = backup(ACCOUNT, "us-west-2").createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    String first = backup.startCopyJob(b -> b.sourceBackupVaultName("src").recoveryPointArn(rp)
        .destinationBackupVaultArn(dest).iamRoleArn(ROLE).idempotencyToken("c1")).copyJobId();
    String second = backup.startCopyJob(b -> b.sourceBackupVaultName("src").recoveryPointArn(rp)
        .destinationBackupVaultArn(dest).iamRoleArn(ROLE).idempotencyToken("c1")).copyJobId();
    assertThat(second).isEqualTo(first);
    assertThat(backup.listCopyJobs(b -> { }).copyJobs()).hasSize(1);
    assertThat(backup.listCopyJobs(b -> b.byDestinationVaultArn(dest)).copyJobs()).hasSize(1);
    assertThat(backup.listCopyJobs(b -> b.byResourceArn(tableArn("other"))).copyJobs()).isEmpty();
  }

  @Test
  void copyWaitsForARunningBackupOfTheSameTable() {
    String rp = completedRecoveryPoint("src", "orders", 5);
    String dest = backup(ACCOUNT, "us-west-2").createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    String backupJob = startBackup("src", "orders");
    clock.advance(Duration.ofSeconds(1)); // backup RUNNING
    String copyJob = copy(rp, dest);
    clock.advance(Duration.ofSeconds(2));
    assertThat(copyJob(copyJob).state()).isEqualTo(CopyJobState.CREATED);
    awaitJob(backupJob);
    clock.advance(Duration.ofSeconds(1));
    assertThat(copyJob(copyJob).state()).isEqualTo(CopyJobState.RUNNING);
  }
}
