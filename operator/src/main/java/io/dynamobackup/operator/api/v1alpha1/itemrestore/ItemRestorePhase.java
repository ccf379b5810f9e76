package io.dynamobackup.operator.api.v1alpha1.itemrestore;

public enum ItemRestorePhase {
  /**
   * Validating, checking the target table, creating the scratch restore, and until the scratch restore has started (a
   * refused one keeps the item restore here, with its reason).
   */
  Pending,
  /** The scratch restore has started: the source is being restored into the scratch table. */
  Restoring,
  /** The selected items are copied from the scratch table into the target. */
  Copying,
  /** The copy is over (or failed); the scratch table is being deleted. */
  CleaningUp,
  /** Every selected item is in the target (written, or kept under the conflict policy); the scratch table is gone. */
  Completed,
  /** The copy finished, but some items could not be written (see status.failures); the scratch table is gone. */
  PartiallyFailed,
  /** Nothing more will happen (see status.failure); the scratch table is gone. */
  Failed
}
