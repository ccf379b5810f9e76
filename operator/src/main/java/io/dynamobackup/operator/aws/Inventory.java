package io.dynamobackup.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What exists in AWS, read-only: the tables of a Region carrying given tags (for tag selectors) and whether a recovery
 * point still exists (AWS deletes points at the end of their lifecycle). Every method throws {@link AwsException}.
 */
public interface Inventory {
  /**
   * The ARNs of the Region's DynamoDB tables that carry every one of {@code matchTags} (exact key and value): one
   * paginated Resource Groups Tagging API GetResources call filtered by tag and by resource type {@code dynamodb:table},
   * instead of listing every table and reading its tags. At most 50 tags (GetResources' limit of tag filters).
   */
  List<String> taggedTables(String region, Map<String, String> matchTags);

  /** The table's ARN (DescribeTable), or empty when the table does not exist. */
  Optional<String> tableArn(String region, String tableName);

  /**
   * The names of the Region's DynamoDB tables (ListTables, 100 names per page, in AWS's ascending order), or empty when
   * the Region holds more than {@code maxPages} pages of them (the listing is abandoned at that page). Needs
   * {@code dynamodb:ListTables}, which has no resource-level permissions (Resource "*").
   */
  Optional<List<String>> tableNames(String region, int maxPages);

  /**
   * The exact number of items in a table: a paginated Scan with Select COUNT (reads the whole table; used for restore
   * drills on scratch tables, where DescribeTable's ItemCount would still be 0 or stale, as AWS refreshes it only about
   * every six hours).
   */
  long countItems(String region, String tableName);

  /** DescribeRecoveryPoint; false when AWS no longer has the point (lifecycle expiry, deleted by hand). */
  boolean recoveryPointExists(String recoveryPointArn, String backupVaultName);

  /**
   * Where a recovery point really is: DescribeRecoveryPoint in the vault {@code backupVaultName} of the point's Region
   * (and the caller's account). Returns the vault's ARN as AWS reports it, or empty when that vault does not hold the
   * point, does not exist, or is not readable by the caller. Throttling and other transient errors are thrown.
   */
  Optional<String> recoveryPointVaultArn(String recoveryPointArn, String backupVaultName);

  /**
   * DescribeRecoveryPoint in the vault {@code backupVaultName} of the point's Region: where it is, its status and
   * storage class; empty when that vault does not hold it or does not exist. Other errors (AccessDenied, throttling)
   * are thrown, so that a missing permission is not mistaken for a missing point.
   */
  default Optional<RecoveryPoint> describeRecoveryPoint(String recoveryPointArn, String backupVaultName) {
    return recoveryPointVaultArn(recoveryPointArn, backupVaultName).map(vault -> new RecoveryPoint(vault, null, null));
  }

  /** A recovery point as DescribeRecoveryPoint reports it: its vault's ARN, Status and StorageClass (WARM, COLD). */
  record RecoveryPoint(String backupVaultArn, String status, String storageClass) {
    public boolean isCold() {
      return "COLD".equals(storageClass);
    }
  }

  /** The names of the caller's backup vaults in {@code region} (ListBackupVaults, all pages). */
  List<String> backupVaultNames(String region);

  /**
   * DescribeBackup of a DynamoDB-native backup ({@code arn:...:dynamodb:...:table/T/backup/...}): its BackupType
   * ({@code USER}, {@code SYSTEM}, or {@code AWS_BACKUP} for one that AWS Backup keeps in a vault) and source table
   * name; empty when it does not exist or is not readable by the caller.
   */
  Optional<NativeBackup> nativeBackup(String backupArn);

  /** A DynamoDB-native backup as DescribeBackup reports it. */
  record NativeBackup(String backupType, String tableName) {}
}
