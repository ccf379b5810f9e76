package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus.JobWindows;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.rules.BackupJobRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup's start and completion windows, counted from its request as AWS Backup counts them from a job's creation
 * ("it does not add additional time for StartWindowMinutes"): the operator queues backups of a table behind the job
 * AWS runs for it, and that time counts. A backup not started by the end of its start window (or of its completion
 * window) ends Expired without a job, as AWS expires a job that cannot start in time; one started late gets only what
 * is left of its windows, at least AWS's minimum of 60 minutes each.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
 */
final class BackupWindows {
  static final String START_WINDOW_EXPIRED = "StartWindowExpired";
  static final String COMPLETION_WINDOW_EXPIRED = "CompletionWindowExpired";

  private BackupWindows() {}

  /**
   * When the backup was requested: its plan's schedule slot, else the object's creation — never later than
   * {@code now}, so a clock skew between the API server and the operator cannot start the windows in the future.
   */
  static Instant requested(DynamoBackup backup, Instant now) {
    var annotations = backup.getMetadata().getAnnotations();
    Instant requested = null;
    if (annotations != null && annotations.containsKey(ChildBackups.SLOT_ANNOTATION)) {
      requested = ChildBackups.slotOf(backup);
    } else if (backup.getMetadata().getCreationTimestamp() != null) {
      requested = Instant.parse(backup.getMetadata().getCreationTimestamp());
    }
    return requested == null || requested.isAfter(now) ? now : requested;
  }

  /** Records the ends of both windows, once, from the request. */
  static void recordEnds(DynamoBackup backup, Instant now) {
    DynamoBackupStatus status = backup.getStatus();
    if (status.startWindowEnd != null) {
      return;
    }
    Instant requested = requested(backup, now);
    status.startWindowEnd = requested.plus(Duration.ofMinutes(startWindow(backup))).toString();
    status.completionWindowEnd = requested.plus(Duration.ofMinutes(completionWindow(backup))).toString();
  }

  /** The reason and message when a backup that has not started yet is past one of its windows. */
  static Optional<String[]> expired(DynamoBackup backup, Instant now, String waitedFor) {
    DynamoBackupStatus status = backup.getStatus();
    Instant startEnd = Instant.parse(status.startWindowEnd);
    Instant completionEnd = Instant.parse(status.completionWindowEnd);
    String reason;
    String window;
    if (!now.isBefore(completionEnd) && completionEnd.isBefore(startEnd)) {
      reason = COMPLETION_WINDOW_EXPIRED;
      window = "complete within its completion window (" + completionWindow(backup) + " minutes, until "
          + completionEnd + ")";
    } else if (!now.isBefore(startEnd)) {
      reason = START_WINDOW_EXPIRED;
      window = "start within its start window (" + startWindow(backup) + " minutes, until " + startEnd + ")";
    } else {
      return Optional.empty();
    }
    return Optional.of(new String[] {reason, "the backup could not " + window + " of its request"
        + (waitedFor == null ? "" : "; it waited: " + waitedFor) + ". As AWS Backup would, it ends Expired without"
        + " starting a job or creating a recovery point; create a new DynamoBackup to try again"});
  }

  /**
   * The windows for StartBackupJob now: the spec's when nothing was waited for, else what is left until each window
   * ends (rounded up to whole minutes), at least AWS's minimum.
   */
  static JobWindows remaining(DynamoBackup backup, Instant now) {
    DynamoBackupStatus status = backup.getStatus();
    return new JobWindows(left(Instant.parse(status.startWindowEnd), startWindow(backup), now),
        left(Instant.parse(status.completionWindowEnd), completionWindow(backup), now));
  }

  private static long left(Instant end, long window, Instant now) {
    long seconds = Duration.between(now, end).getSeconds();
    long minutes = Math.min(window, (seconds + 59) / 60);
    return Math.max(BackupJobRules.MIN_WINDOW_MINUTES, minutes);
  }

  static long startWindow(DynamoBackup backup) {
    return Objects.requireNonNullElse(backup.getSpec().startWindowMinutes,
        BackupJobRules.DEFAULT_START_WINDOW_MINUTES);
  }

  static long completionWindow(DynamoBackup backup) {
    return Objects.requireNonNullElse(backup.getSpec().completionWindowMinutes,
        BackupJobRules.DEFAULT_COMPLETE_WINDOW_MINUTES);
  }
}
