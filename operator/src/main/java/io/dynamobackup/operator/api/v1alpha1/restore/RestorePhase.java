package io.dynamobackup.operator.api.v1alpha1.restore;

public enum RestorePhase {
  /** Validating, resolving the source, or waiting for a free restore slot. */
  Pending,
  /** Copying the recovery point into the target Region first. */
  Copying,
  /** The restore job runs; the table is not ACTIVE yet. */
  Restoring,
  /** The table is ACTIVE; settings are being applied. */
  ApplyingSettings,
  /** The table is ACTIVE with every desired setting applied. */
  Ready,
  /** The restore failed; see status.failure. */
  Failed
}
