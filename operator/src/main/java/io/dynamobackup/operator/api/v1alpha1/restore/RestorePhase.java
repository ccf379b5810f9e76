package io.dynamobackup.operator.api.v1alpha1.restore;

public enum RestorePhase {
  /**
   * Not started: validating, resolving the source, checking that the recovery point exists, or about to start (or
   * retrying to start) the first job. No AWS job exists for the restore yet.
   */
  Pending,
  /** A copy job brings the recovery point into the target Region first; the restore job starts after it. */
  Copying,
  /** The restore job (or RestoreTableFromBackup) was started; the table is not ACTIVE yet. */
  Restoring,
  /** The table is ACTIVE; settings are being applied. */
  ApplyingSettings,
  /** The table is ACTIVE with every desired setting applied. */
  Ready,
  /**
   * The restore had made its table, but the table was deleted afterwards (or replaced by another table of the same
   * name): nothing is re-created; create a new DynamoRestore to restore again.
   */
  TableMissing,
  /** The object is being deleted and deletionPolicy Delete waits to drop the table (Ready's reason says why). */
  Deleting,
  /** The restore failed; see status.failure. */
  Failed
}
