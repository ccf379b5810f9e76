package io.dynamobackup.operator.aws;

/**
 * The AWS services of one identity: what a reconcile of one object may call. Reconcilers get them from their
 * per-reconcile context, built for the object's namespace, and never see an SDK type.
 */
public record AwsServices(BackupService backups, TableService tables, TableSettingsService settings,
    Inventory inventory, ItemService items, RecoveryCatalog catalog) {

  /** The SDK-backed services, signing with {@code identity}'s credentials; {@code catalog} is shared by all. */
  public static AwsServices sdk(AwsClients clients, AwsIdentity identity, CatalogTables catalog) {
    return new AwsServices(new SdkBackupService(clients, identity), new SdkTableService(clients, identity),
        new SdkTableSettingsService(clients, identity), new SdkInventory(clients, identity),
        new SdkItemService(clients, identity), new SdkRecoveryCatalog(clients, identity, catalog));
  }
}
