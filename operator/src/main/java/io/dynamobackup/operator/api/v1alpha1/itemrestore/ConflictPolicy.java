package io.dynamobackup.operator.api.v1alpha1.itemrestore;

/** What happens when a selected item already exists in the target table. */
public enum ConflictPolicy {
  /** Never overwrite: an item that exists in the target is left as it is (a conditional write). */
  SkipExisting,
  /** Replace the item in the target by the restored one. */
  Overwrite,
  /** Replace it only when its unchangedSince.attribute says it was not changed after unchangedSince.time. */
  OverwriteIfUnchangedSince
}
