package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.StorageClass;

/** A recovery point in cold storage cannot be copied: refused when asked, failed when it went cold while queued. */
class ColdStorageCopyTest extends LocalAwsTestBase {

  @Override
  protected LocalAwsOptions.Builder options() {
    return super.options().backupBaseDuration(Duration.ofHours(20)); // backups long enough to outlast a warm day
  }

  @Test
  void aCopyOfAColdPointIsRefusedOrFails() {
    createTable("orders");
    createVault("src");
    String first = backup.startBackupJob(b -> b.backupVaultName("src").resourceArn(tableArn("orders")).iamRoleArn(ROLE)
        .lifecycle(l -> l.moveToColdStorageAfterDays(1L))).backupJobId();
    clock.advance(Duration.ofHours(21));
    String rp = job(first).recoveryPointArn();
    assertThat(job(first).state()).isEqualTo(BackupJobState.COMPLETED);
    String dest = backup(ACCOUNT, "us-west-2").createBackupVault(b -> b.backupVaultName("dr")).backupVaultArn();
    String blocker = startBackup("src", "orders");
    clock.advance(Duration.ofSeconds(2)); // the second backup runs for 20 hours
    String queued = backup.startCopyJob(b -> b.sourceBackupVaultName("src").recoveryPointArn(rp)
        .destinationBackupVaultArn(dest).iamRoleArn(ROLE)).copyJobId();
    clock.advance(Duration.ofHours(21)); // the point went cold while the copy waited
    assertThat(job(blocker).state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(backup.describeRecoveryPoint(b -> b.backupVaultName("src").recoveryPointArn(rp)).storageClass())
        .isEqualTo(StorageClass.COLD);
    var failed = backup.describeCopyJob(b -> b.copyJobId(queued)).copyJob();
    assertThat(failed.state()).isEqualTo(CopyJobState.FAILED);
    assertThat(failed.statusMessage()).contains("cold storage");
    assertThatThrownBy(() -> backup.startCopyJob(b -> b.sourceBackupVaultName("src").recoveryPointArn(rp)
        .destinationBackupVaultArn(dest).iamRoleArn(ROLE)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be copied");
  }
}
