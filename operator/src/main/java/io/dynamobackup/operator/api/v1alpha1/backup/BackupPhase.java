package io.dynamobackup.operator.api.v1alpha1.backup;

public enum BackupPhase {
  /** Not started yet, e.g. waiting for another job on the same table. */
  Pending,
  /** The AWS Backup job is running. */
  Running,
  /** The backup completed; copy jobs are running. */
  Copying,
  /** The recovery point (and every copy) exists. */
  Completed,
  /** The job or a copy failed; see status.failure. */
  Failed,
  /** AWS expired the job (window passed) or the recovery point reached its lifecycle end. */
  Expired
}
