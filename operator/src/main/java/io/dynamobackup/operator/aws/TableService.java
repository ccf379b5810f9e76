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

  /**
   * DynamoDB RestoreTableToPointInTime into {@code region} (the target's), with every override in the call; null
   * overrides keep the source's. Returns the time the restored items are from (the table's RestoreSummary).
   */
  java.time.Instant restoreToPointInTime(String region, PointInTimeRestore restore);

  /**
   * @param sourceTableArn  the table restored from (also one deleted within its recovery period), in any Region of the
   *                        caller's account and partition
   * @param restoreDateTime the time to restore, or null for the latest restorable time
   * @param overrides       the target table's name and the overrides, as for RestoreTableFromBackup: indexes to keep
   *                        are taken from the source's definitions (the system backup's, for a deleted source)
   */
  record PointInTimeRestore(String sourceTableArn, java.time.Instant restoreDateTime, NativeRestore overrides) {}

  /**
   * DescribeContinuousBackups: whether point-in-time recovery is on and its restorable window. Throws AwsException
   * TableNotFoundException when the table does not exist.
   */
  PointInTimeRecovery pointInTimeRecovery(String region, String tableName);

  /**
   * When a table was deleted with point-in-time recovery on: the creation time of its newest system backup
   * ({@code <table>$DeletedTableBackup}, ListBackups with BackupType SYSTEM), which DynamoDB makes at the deletion and
   * keeps 35 days; empty when there is none.
   */
  java.util.Optional<java.time.Instant> deletedWithPointInTimeRecovery(String region, String tableName);

  /** A table's point-in-time recovery: the window is null while it is off. */
  record PointInTimeRecovery(boolean enabled, java.time.Instant earliestRestorableDateTime,
      java.time.Instant latestRestorableDateTime, Integer recoveryPeriodInDays) {}

  /** DeleteTable; refused by DynamoDB while deletion protection is on. A missing table counts as deleted. */
  void deleteTable(String region, String tableName);

  /** Switches billing mode and/or provisioned capacity (null leaves it as it is). */
  void updateCapacity(String region, String tableName, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits);

  /** Drops one global secondary index (DynamoDB allows one index change per UpdateTable). */
  void deleteGlobalSecondaryIndex(String region, String tableName, String indexName);

  /**
   * What DescribeTable says about a table. {@code onDemand} and {@code warm} are null when DynamoDB reports none;
   * {@code indexes} holds each GSI's; {@code replicas} the global table replicas with their state;
   * {@code restoreDateTime} the time its items are from when it was restored (its RestoreSummary), else null;
   * {@code tableId} and {@code creationTime} tell this table from another created later under the same name (DynamoDB
   * gives every table a new TableId; the ARN stays the same).
   */
  record TableInfo(String name, String arn, String status, long itemCount, long sizeBytes, Boolean streamEnabled,
      String streamViewType, Boolean deletionProtection, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits, List<String> globalSecondaryIndexes, List<String> localSecondaryIndexes,
      String kmsKeyArn, String latestStreamArn, String tableClass, ThroughputSettings.OnDemand onDemand,
      ThroughputSettings.Warm warm, List<ThroughputSettings.Index> indexes, List<Replica> replicas,
      java.time.Instant restoreDateTime, List<KeyElement> keySchema, String sseType, String tableId,
      java.time.Instant creationTime) {
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

  /** One attribute of a table's primary key: its name, type (S, N, B) and key type (HASH, RANGE). */
  record KeyElement(String attributeName, String attributeType, String keyType) {}
}
