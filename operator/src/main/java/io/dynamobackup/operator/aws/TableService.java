package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;

/** The DynamoDB operations the operator uses. Every method throws {@link AwsException} on failure. */
public interface TableService {
  TableInfo describeTable(String region, String tableName);

  /** Reads what AWS Backup will not restore: tags, TTL, stream, PITR, deletion protection, resource policy. */
  TableSettings readSettings(String region, TableInfo table);

  /**
   * DynamoDB RestoreTableFromBackup for a DynamoDB-native recovery point, with the overrides AWS Backup metadata
   * cannot express; null overrides keep the source's. Returns the new table's ARN.
   */
  String restoreFromNativeBackup(String region, String backupArn, NativeRestore restore);

  record NativeRestore(String targetTableName, String billingMode, Long readCapacityUnits, Long writeCapacityUnits,
      java.util.List<String> keepGlobalSecondaryIndexes, java.util.List<String> keepLocalSecondaryIndexes,
      String encryptionType, String kmsKeyArn) {}

  /** DeleteTable; refused by DynamoDB while deletion protection is on. A missing table counts as deleted. */
  void deleteTable(String region, String tableName);

  /** Switches billing mode and/or provisioned capacity (null leaves it as it is). */
  void updateCapacity(String region, String tableName, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits);

  /** Drops one global secondary index (DynamoDB allows one index change per UpdateTable). */
  void deleteGlobalSecondaryIndex(String region, String tableName, String indexName);

  record TableInfo(String name, String arn, String status, long itemCount, long sizeBytes, Boolean streamEnabled,
      String streamViewType, Boolean deletionProtection, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits, java.util.List<String> globalSecondaryIndexes,
      java.util.List<String> localSecondaryIndexes, String kmsKeyArn) {
    public boolean isActive() {
      return "ACTIVE".equals(status);
    }
  }
}
