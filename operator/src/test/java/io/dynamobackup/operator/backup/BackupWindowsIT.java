package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backup's windows run from its request, also while the operator holds it back behind another job of the same
 * table (AWS runs one at a time): past them it ends Expired without starting, as AWS would expire it; started late, it
 * gets what is left. And a copy of a point already in cold storage is refused without an AWS call.
 */
class BackupWindowsIT {
  private static final String REGION = "eu-west-1";
  private OperatorHarness harness;

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  /** local-aws runs every backup job for {@code duration}. */
  private void start(Duration duration) {
    harness = OperatorHarness.withLocalAws(o -> o.backupBaseDuration(duration));
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
  }

  @Test
  void aBackupHeldBackPastItsStartWindowExpiresWithoutStarting() {
    start(Duration.ofHours(3));
    harness.create(DynamoBackupIT.backup("first", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "first").getStatus(),
        s -> s != null && s.backupJobId != null);
    Instant requested = harness.clock.instant();
    DynamoBackup second = DynamoBackupIT.backup("second", "orders");
    second.getSpec().startWindowMinutes = 60L;
    harness.create(second);

    DynamoBackup expired = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "second"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Expired);

    var status = expired.getStatus();
    assertThat(status.backupJobId).isNull();
    Instant windowEnd = Instant.parse(status.startWindowEnd);
    assertThat(windowEnd).isBetween(requested.plus(Duration.ofMinutes(59)), requested.plus(Duration.ofMinutes(61)));
    assertThat(Instant.parse(Conditions.find(status.conditions, BackupStatuses.COMPLETED).get()
        .getLastTransitionTime())).as("when it expired").isAfterOrEqualTo(windowEnd);
    assertThat(status.failure.code).isEqualTo("StartWindowExpired");
    assertThat(Conditions.find(status.conditions, Conditions.READY).get().getMessage())
        .contains("could not start within its start window (60 minutes")
        .contains("waiting for DynamoBackup default/first").contains("ends Expired without starting a job");
    assertThat(harness.events("second")).anySatisfy(e -> assertThat(List.of(e.getType(), e.getReason()))
        .containsExactly("Warning", "StartWindowExpired"));
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(1);
    assertThat(harness.get(DynamoBackup.class, "first").getStatus().phase).isIn(BackupPhase.Pending,
        BackupPhase.Running);
  }

  @Test
  void theCompletionWindowOfABackupStillHeldBackCountsToo() {
    start(Duration.ofHours(3));
    harness.create(DynamoBackupIT.backup("first", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "first").getStatus(),
        s -> s != null && s.backupJobId != null);
    DynamoBackup second = DynamoBackupIT.backup("second", "orders");
    second.getSpec().completionWindowMinutes = 120L; // shorter than the default start window of 8 hours
    harness.create(second);

    DynamoBackup expired = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "second"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Expired);

    assertThat(expired.getStatus().failure.code).isEqualTo("CompletionWindowExpired");
    assertThat(expired.getStatus().failure.message).contains("complete within its completion window (120 minutes");
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(1);
  }

  @Test
  void aBackupStartedLateGetsWhatIsLeftOfItsWindows() {
    start(Duration.ofMinutes(30));
    harness.create(DynamoBackupIT.backup("first", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "first").getStatus(),
        s -> s != null && s.backupJobId != null);
    DynamoBackup second = DynamoBackupIT.backup("second", "orders");
    second.getSpec().startWindowMinutes = 120L;
    second.getSpec().completionWindowMinutes = 240L;
    harness.create(second);

    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "second"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);

    // Held back for about half an hour (the first job's run): both windows shrank by that time, no more.
    var windows = done.getStatus().jobWindows;
    assertThat(windows.startWindowMinutes).isBetween(60L, 119L);
    assertThat(windows.completeWindowMinutes).isEqualTo(windows.startWindowMinutes + 120);
    assertThat(Instant.parse(done.getStatus().startWindowEnd)).isEqualTo(Instant.parse(done.getStatus()
        .completionWindowEnd).minus(Duration.ofMinutes(120)));
    assertThat(harness.events("second")).extracting(Event::getReason).contains("WaitingForJob", "StartBackupJob",
        "JobStarted", "Completed").as("the write of intent before the start call is no event").doesNotContain(
        "JobStarting");
  }

  @Test
  void aCopyOfAPointAlreadyInColdStorageIsRefusedWithoutAnAwsCall() {
    start(Duration.ofSeconds(3));
    harness.createVault("us-west-2", "dr");
    DynamoBackup backup = DynamoBackupIT.backup("orders-cold", "orders");
    backup.getSpec().lifecycle = new Lifecycle(1L, 91L);
    backup.getSpec().copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    harness.create(backup);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-cold").getStatus(),
        s -> s != null && s.backupJobId != null);

    // The operator is down for two days: the job completes and its point moves to cold storage after one.
    harness.stopOperator();
    harness.clock.advance(Duration.ofDays(2));
    harness.aws.clearCalls();
    harness.startOperator();
    DynamoBackup failed = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-cold"),
        b -> b.getStatus().phase == BackupPhase.Failed);

    assertThat(failed.getStatus().copies).singleElement().satisfies(copy -> {
      assertThat(copy.state).isEqualTo("FAILED");
      assertThat(copy.copyJobId).isNull();
      assertThat(copy.message).contains("moved to cold storage").contains("cannot copy a point in cold storage");
    });
    assertThat(harness.aws.callCount("StartCopyJob")).isZero();
    assertThat(Conditions.find(failed.getStatus().conditions, BackupStatuses.COPIED).get().getReason())
        .isEqualTo("CopyFailed");
  }
}
