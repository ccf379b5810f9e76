package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;

/**
 * StartWindowMinutes and CompleteWindowMinutes, both counted from the job's creation: a job that has not started when
 * its start window ends, or not completed when its completion window ends, is EXPIRED.
 */
class BackupWindowsTest extends LocalAwsTestBase {

  @Override
  protected LocalAwsOptions.Builder options() {
    return super.options().backupBaseDuration(Duration.ofHours(2));
  }

  private String start(Long startWindow, Long completeWindow) {
    return backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders")).iamRoleArn(ROLE)
        .startWindowMinutes(startWindow).completeWindowMinutes(completeWindow)).backupJobId();
  }

  private void tableAndVault() {
    createTable("orders");
    createVault("vault");
  }

  @Test
  void aQueuedJobExpiresWhenItsStartWindowEnds() {
    tableAndVault();
    String running = start(null, null);
    clock.advance(Duration.ofSeconds(2));
    String queued = start(60L, null);
    clock.advance(Duration.ofMinutes(59));
    assertThat(job(queued).state()).isEqualTo(BackupJobState.CREATED);
    clock.advance(Duration.ofMinutes(1));
    var expired = job(queued);
    assertThat(expired.state()).isEqualTo(BackupJobState.EXPIRED);
    assertThat(expired.statusMessage()).contains("start window (60 minutes)");
    assertThat(expired.completionDate()).isEqualTo(expired.creationDate().plus(Duration.ofMinutes(60)));
    assertThat(job(running).state()).isEqualTo(BackupJobState.RUNNING);
    clock.advance(Duration.ofHours(2));
    assertThat(job(running).state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("vault")).recoveryPoints()).hasSize(1);
  }

  @Test
  void theCompletionWindowCountsFromCreationNotFromTheStart() {
    tableAndVault();
    String running = start(null, null);
    clock.advance(Duration.ofSeconds(2));
    // queued for two hours, then two hours of work: the 150-minute completion window ends half an hour into it
    String late = start(180L, 150L);
    clock.advance(Duration.ofHours(2));
    assertThat(job(running).state()).isEqualTo(BackupJobState.COMPLETED);
    assertThat(job(late).state()).isEqualTo(BackupJobState.RUNNING);
    clock.advance(Duration.ofMinutes(31));
    var expired = job(late);
    assertThat(expired.state()).isEqualTo(BackupJobState.EXPIRED);
    assertThat(expired.statusMessage()).startsWith("Backup job expired before completion");
    assertThat(backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("vault")).recoveryPoints())
        .singleElement().satisfies(p -> assertThat(p.recoveryPointArn()).isEqualTo(job(running).recoveryPointArn()));
  }

  @Test
  void aJobWhoseCompletionWindowEndsWhileQueuedExpires() {
    tableAndVault();
    start(null, null);
    clock.advance(Duration.ofSeconds(2));
    String queued = start(480L, 60L);
    clock.advance(Duration.ofMinutes(61));
    assertThat(job(queued).state()).isEqualTo(BackupJobState.EXPIRED);
    assertThat(job(queued).statusMessage()).contains("completion window (60 minutes");
  }

  @Test
  void windowsAreAtLeastAnHourAndAtMostAHundredYears() {
    tableAndVault();
    assertThatThrownBy(() -> start(59L, null)).isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("StartWindowMinutes must be between 60 and 52560000");
    assertThatThrownBy(() -> start(null, 52_560_001L)).isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("CompleteWindowMinutes");
    assertThat(backup.listBackupJobs(b -> { }).backupJobs()).isEmpty();
  }
}
