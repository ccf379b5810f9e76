package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import java.util.List;
import java.util.Map;

/** The DynamoDB operations the operator uses. Every method throws {@link AwsException} on failure. */
public interface TableService {
  TableInfo describeTable(String region, String tableName);

  /** Reads every setting AWS Backup will not restore (see {@link TableSettings}). */
  default TableSettings readSettings(String region, TableInfo table) {
    return observe(region, table).settings();
  }

  /** The table's settings, with what the operator needs to change them (ids of its event-source mappings). */
  ObservedTable observe(String region, TableInfo table);

  /**
   * A table's settings as read from AWS. {@code triggerIds}: the UUID of the event-source mapping of each function
   * ARN on the table's latest stream.
   */
  record ObservedTable(TableSettings settings, Map<String, String> triggerIds) {}

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

  /**
   * What DescribeTable says about a table. {@code onDemand} and {@code warm} are null when DynamoDB reports none;
   * {@code indexes} holds each GSI's; {@code replicas} the global table replicas with their state.
   */
  record TableInfo(String name, String arn, String status, long itemCount, long sizeBytes, Boolean streamEnabled,
      String streamViewType, Boolean deletionProtection, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits, List<String> globalSecondaryIndexes, List<String> localSecondaryIndexes,
      String kmsKeyArn, String latestStreamArn, String tableClass, ThroughputSettings.OnDemand onDemand,
      ThroughputSettings.Warm warm, List<ThroughputSettings.Index> indexes, List<Replica> replicas) {
    public boolean isActive() {
      return "ACTIVE".equals(status);
    }

    public boolean isOnDemand() {
      return "PAY_PER_REQUEST".equals(billingMode);
    }
  }

  /** A replica of a global table: its Region and DynamoDB's ReplicaStatus and description. */
  record Replica(String regionName, String status, String statusDescription, String kmsMasterKeyId,
      String tableClass) {}
}
