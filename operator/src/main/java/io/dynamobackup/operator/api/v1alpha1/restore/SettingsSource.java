package io.dynamobackup.operator.api.v1alpha1.restore;

/** Where a restore's captured source settings came from. */
public enum SettingsSource {
  /** The source DynamoBackup's status (or the ConfigMap it names). */
  BackupStatus,
  /** The recovery catalog in AWS: the record of the restored point, or of the point it is a copy of. */
  Catalog,
  /** No captured settings: none were captured or found, or settings.fromSource is false. */
  None
}
