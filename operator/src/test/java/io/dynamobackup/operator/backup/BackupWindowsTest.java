package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupWindowsTest {
  private static final Instant REQUESTED = Instant.parse("2026-11-20T10:00:00Z");
  private final DynamoBackup backup = DynamoBackupIT.backup("orders-now", "orders");

  BackupWindowsTest() {
    backup.getMetadata().setCreationTimestamp(REQUESTED.toString());
    backup.setStatus(new DynamoBackupStatus());
  }

  @Test
  void windowsRunFromTheRequestWithAwsDefaults() {
    BackupWindows.recordEnds(backup, REQUESTED.plusSeconds(5));
    assertThat(backup.getStatus().startWindowEnd).isEqualTo("2026-11-20T18:00:00Z");
    assertThat(backup.getStatus().completionWindowEnd).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(BackupWindows.remaining(backup, REQUESTED.plusSeconds(5)).startWindowMinutes).isEqualTo(480);
  }

  @Test
  void aPlansBackupIsRequestedAtItsSlotAndAFutureCreationTimeCountsAsNow() {
    backup.getMetadata().setAnnotations(Map.of("dynamobackup.io/scheduled-at", "2026-11-20T09:00:00Z"));
    assertThat(BackupWindows.requested(backup, REQUESTED)).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    DynamoBackup skewed = DynamoBackupIT.backup("skewed", "orders");
    skewed.getMetadata().setCreationTimestamp("2026-11-21T00:00:00Z");
    assertThat(BackupWindows.requested(skewed, REQUESTED)).isEqualTo(REQUESTED);
  }

  @Test
  void aBackupHeldBackStartsWithWhatIsLeftButAtLeastAnHour() {
    backup.getSpec().startWindowMinutes = 90L;
    backup.getSpec().completionWindowMinutes = 180L;
    BackupWindows.recordEnds(backup, REQUESTED);
    var windows = BackupWindows.remaining(backup, REQUESTED.plus(Duration.ofMinutes(45)).plusSeconds(20));
    assertThat(windows.startWindowMinutes).isEqualTo(60); // 44 min 40 s left: AWS's minimum
    assertThat(windows.completeWindowMinutes).isEqualTo(135);
    assertThat(BackupWindows.expired(backup, REQUESTED.plus(Duration.ofMinutes(89)), null)).isEmpty();
    assertThat(BackupWindows.expired(backup, REQUESTED.plus(Duration.ofMinutes(90)), "waiting for job j-1"))
        .hasValueSatisfying(e -> {
          assertThat(e[0]).isEqualTo("StartWindowExpired");
          assertThat(e[1]).contains("start within its start window (90 minutes, until 2026-11-20T11:30:00Z)")
              .contains("it waited: waiting for job j-1").contains("ends Expired without starting a job");
        });
  }

  @Test
  void aCompletionWindowShorterThanTheDefaultStartWindowEndsFirst() {
    backup.getSpec().completionWindowMinutes = 120L;
    BackupWindows.recordEnds(backup, REQUESTED);
    assertThat(BackupWindows.expired(backup, REQUESTED.plus(Duration.ofMinutes(120)), null))
        .hasValueSatisfying(e -> assertThat(e[0]).isEqualTo("CompletionWindowExpired"));
  }
}
