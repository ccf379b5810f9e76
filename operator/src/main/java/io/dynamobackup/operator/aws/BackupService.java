package io.dynamobackup.operator.aws;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The AWS Backup operations the operator uses. Every method throws {@link AwsException} on failure. */
public interface BackupService {
  /** Starts (or, with the same idempotency token, finds) a backup job; returns its id. */
  String startBackupJob(StartBackup request);

  BackupJob describeBackupJob(String region, String backupJobId);

  /** Starts (or, with the same idempotency token, finds) a copy job in the source Region; returns its id. */
  String startCopyJob(StartCopy request);

  CopyJob describeCopyJob(String region, String copyJobId);

  /** Starts (or, with the same idempotency token, finds) a DynamoDB restore job; returns its id. */
  String startRestoreJob(StartRestore request);

  RestoreJob describeRestoreJob(String region, String restoreJobId);

  /**
   * UpdateRecoveryPointLifecycle: sets when the point moves to cold storage and when AWS Backup deletes it (days after
   * its creation; null: never). AWS refuses to change moveToColdStorageAfterDays of a point already in cold storage.
   */
  void updateRecoveryPointLifecycle(String recoveryPointArn, String backupVaultName, Long moveToColdStorageAfterDays,
      Long deleteAfterDays);

  /** Deletes a recovery point; a point that is already gone counts as deleted. */
  void deleteRecoveryPoint(String recoveryPointArn, String backupVaultName);

  /**
   * DescribeRecoveryPoint in the vault {@code backupVaultName} of the point's Region (and the caller's account). A point
   * the vault does not hold is an {@link AwsException} with {@link AwsException#isNotFound()}.
   */
  RecoveryPoint describeRecoveryPoint(String recoveryPointArn, String backupVaultName);

  /** The DynamoDB recovery points of a vault of the caller's account, newest first (ListRecoveryPointsByBackupVault). */
  java.util.List<RecoveryPoint> listRecoveryPoints(String region, String backupVaultName);

  /** The tags of a recovery point (ListTags, all pages). */
  Map<String, String> recoveryPointTags(String recoveryPointArn);

  /** Adds or replaces these tags of a recovery point (TagResource; the other tags stay). */
  void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags);

  /** Removes these tag keys from a recovery point (UntagResource); a key it does not have is no error. */
  void untagRecoveryPoint(String recoveryPointArn, java.util.List<String> tagKeys);

  /**
   * The DynamoDB restore jobs of the caller's account in {@code region} that are PENDING or RUNNING: ListRestoreJobs
   * with ByStatus, once per state, all pages. AWS filters restore jobs by neither recovery point nor vault.
   */
  java.util.List<ActiveRestore> activeRestoreJobs(String region);

  /** A restore job that has not ended yet, and the recovery point it restores. */
  record ActiveRestore(String restoreJobId, String status, String recoveryPointArn, Instant creationDate) {}

  /**
   * A recovery point as AWS Backup describes it. {@code sourceBackupVaultArn} is set for a copy; {@code status} is
   * COMPLETED, PARTIAL, DELETING, EXPIRED or (while its job runs) CREATING.
   */
  record RecoveryPoint(String recoveryPointArn, String backupVaultArn, String resourceArn, String status,
      Instant creationDate, Optional<Instant> completionDate, Long backupSizeInBytes, String sourceBackupVaultArn,
      String iamRoleArn) {
    public boolean isCompleted() {
      return "COMPLETED".equals(status);
    }
  }

  record StartBackup(String region, String resourceArn, String backupVaultName, String iamRoleArn,
      String idempotencyToken, Long startWindowMinutes, Long completeWindowMinutes, Long moveToColdStorageAfterDays,
      Long deleteAfterDays, Map<String, String> recoveryPointTags) {}

  record BackupJob(String backupJobId, String state, String statusMessage, String recoveryPointArn,
      Instant creationDate, Optional<Instant> completionDate, Optional<Instant> expectedCompletionDate,
      Long backupSizeInBytes) {
    public boolean isTerminal() {
      return switch (state) {
        case "COMPLETED", "FAILED", "EXPIRED", "ABORTED", "PARTIAL" -> true;
        default -> false;
      };
    }
  }

  record StartCopy(String region, String sourceBackupVaultName, String sourceRecoveryPointArn,
      String destinationBackupVaultArn, String iamRoleArn, String idempotencyToken, Long moveToColdStorageAfterDays,
      Long deleteAfterDays) {}

  /**
   * Metadata as AWS Backup takes it for DynamoDB: target table name, optional encryption override and deletion
   * protection (null: not set); {@code copySourceTags}: CopySourceTagsToRestoredResource.
   */
  record StartRestore(String region, String recoveryPointArn, String iamRoleArn, String idempotencyToken,
      String targetTableName, String encryptionType, String kmsMasterKeyArn, Boolean deletionProtection,
      boolean copySourceTags) {}

  /**
   * @param expectedCompletionDate the job's creation plus the minutes AWS expects it to take
   *     (ExpectedCompletionTimeMinutes), when AWS says
   */
  record RestoreJob(String restoreJobId, String status, String statusMessage, String createdResourceArn,
      Instant creationDate, Optional<Instant> completionDate, Optional<Instant> expectedCompletionDate) {
    public boolean isTerminal() {
      return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("ABORTED");
    }
  }

  record CopyJob(String copyJobId, String state, String statusMessage, String destinationRecoveryPointArn,
      Optional<Instant> completionDate) {
    public CopyJob(String copyJobId, String state, String statusMessage, String destinationRecoveryPointArn) {
      this(copyJobId, state, statusMessage, destinationRecoveryPointArn, Optional.empty());
    }

    public boolean isTerminal() {
      return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("PARTIAL");
    }
  }
}
