package io.dynamobackup.operator.aws;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;

/** {@link TableService} over the AWS SDK v2 DynamoDbClient. */
public final class SdkTableService extends SdkService implements TableService {
  /** Calls AWS with {@code identity}'s credentials. */
  public SdkTableService(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public TableInfo describeTable(String region, String tableName) {
    return SdkSettingsReader.info(AwsCalls.call(() -> clients.dynamoDb(identity, region)
        .describeTable(b -> b.tableName(tableName))).table());
  }

  @Override
  public String restoreFromNativeBackup(String region, String backupArn, NativeRestore r) {
    var source = AwsCalls.call(() -> clients.dynamoDb(identity, region).describeBackup(b -> b.backupArn(backupArn)))
        .backupDescription().sourceTableFeatureDetails();
    Indexes indexes = source == null ? null : new Indexes(source.globalSecondaryIndexes(), source.localSecondaryIndexes());
    Overrides o = Overrides.of(r, indexes);
    return AwsCalls.call(() -> clients.dynamoDb(identity, region).restoreTableFromBackup(b -> b
        .backupArn(backupArn).targetTableName(r.targetTableName()).billingModeOverride(o.billingMode())
        .provisionedThroughputOverride(o.throughput()).globalSecondaryIndexOverride(o.global())
        .localSecondaryIndexOverride(o.local()).sseSpecificationOverride(o.sse())))
        .tableDescription().tableArn();
  }

  @Override
  public Instant restoreToPointInTime(String region, PointInTimeRestore restore) {
    NativeRestore r = restore.overrides();
    Indexes indexes = r.keepGlobalSecondaryIndexes() != null || r.keepLocalSecondaryIndexes() != null
        ? sourceIndexes(restore.sourceTableArn()) : null;
    Overrides o = Overrides.of(r, indexes);
    TableDescription table = AwsCalls.call(() -> clients.dynamoDb(identity, region).restoreTableToPointInTime(b -> b
        .sourceTableArn(restore.sourceTableArn()).targetTableName(r.targetTableName())
        .useLatestRestorableTime(restore.restoreDateTime() == null ? Boolean.TRUE : null)
        .restoreDateTime(restore.restoreDateTime()).billingModeOverride(o.billingMode())
        .provisionedThroughputOverride(o.throughput()).globalSecondaryIndexOverride(o.global())
        .localSecondaryIndexOverride(o.local()).sseSpecificationOverride(o.sse()))).tableDescription();
    return table.restoreSummary() == null ? null : table.restoreSummary().restoreDateTime();
  }

  @Override
  public PointInTimeRecovery pointInTimeRecovery(String region, String tableName) {
    var description = AwsCalls.call(() -> clients.dynamoDb(identity, region)
        .describeContinuousBackups(b -> b.tableName(tableName))).continuousBackupsDescription();
    var pitr = description == null ? null : description.pointInTimeRecoveryDescription();
    boolean enabled = pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    return enabled ? new PointInTimeRecovery(true, pitr.earliestRestorableDateTime(),
        pitr.latestRestorableDateTime(), pitr.recoveryPeriodInDays()) : new PointInTimeRecovery(false, null, null, null);
  }

  @Override
  public java.util.Optional<java.time.Instant> deletedWithPointInTimeRecovery(String region, String tableName) {
    java.time.Instant newest = null;
    String start = null;
    do {
      String after = start;
      var page = AwsCalls.call(() -> clients.dynamoDb(identity, region).listBackups(b -> b.tableName(tableName)
          .backupType(software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter.SYSTEM)
          .exclusiveStartBackupArn(after)));
      for (var backup : page.backupSummaries()) {
        if (backup.backupName().equals(tableName + "$DeletedTableBackup")
            && (newest == null || backup.backupCreationDateTime().isAfter(newest))) {
          newest = backup.backupCreationDateTime();
        }
      }
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
    return java.util.Optional.ofNullable(newest);
  }

  /** The source table's index definitions: from DescribeTable, or for a deleted table from its system backup. */
  private Indexes sourceIndexes(String sourceTableArn) {
    Arn arn = Arn.parse(sourceTableArn);
    DynamoDbClient dynamoDb = clients.dynamoDb(identity, arn.region());
    try {
      TableDescription table = AwsCalls.call(() -> dynamoDb.describeTable(b -> b.tableName(arn.resourceName())))
          .table();
      return new Indexes(table.globalSecondaryIndexes().stream().map(i -> GlobalSecondaryIndexInfo.builder()
          .indexName(i.indexName()).keySchema(i.keySchema()).projection(i.projection())
          .provisionedThroughput(i.provisionedThroughput() == null || i.provisionedThroughput().readCapacityUnits() == null
              || i.provisionedThroughput().readCapacityUnits() < 1 ? null : ProvisionedThroughput.builder()
              .readCapacityUnits(i.provisionedThroughput().readCapacityUnits())
              .writeCapacityUnits(i.provisionedThroughput().writeCapacityUnits()).build()).build()).toList(),
          table.localSecondaryIndexes().stream().map(i -> LocalSecondaryIndexInfo.builder().indexName(i.indexName())
              .keySchema(i.keySchema()).projection(i.projection()).build()).toList());
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    var system = AwsCalls.call(() -> dynamoDb.listBackups(b -> b.tableName(arn.resourceName())
        .backupType(BackupTypeFilter.SYSTEM))).backupSummaries().stream()
        .max(java.util.Comparator.comparing(software.amazon.awssdk.services.dynamodb.model.BackupSummary::backupCreationDateTime));
    if (system.isEmpty()) {
      return null; // let DynamoDB answer: the source is gone
    }
    var features = AwsCalls.call(() -> dynamoDb.describeBackup(b -> b.backupArn(system.get().backupArn())))
        .backupDescription().sourceTableFeatureDetails();
    return features == null ? null : new Indexes(features.globalSecondaryIndexes(), features.localSecondaryIndexes());
  }

  /**
   * The overrides of RestoreTableFromBackup and RestoreTableToPointInTime (the same fields on two request types); a
   * null field is left out of the request.
   */
  private record Overrides(String billingMode, ProvisionedThroughput throughput, List<GlobalSecondaryIndex> global,
      List<LocalSecondaryIndex> local, SSESpecification sse) {
    static Overrides of(NativeRestore r, Indexes indexes) {
      return new Overrides(r.billingMode(),
          r.readCapacityUnits() == null ? null : ProvisionedThroughput.builder()
              .readCapacityUnits(r.readCapacityUnits()).writeCapacityUnits(r.writeCapacityUnits()).build(),
          r.keepGlobalSecondaryIndexes() == null || indexes == null ? null
              : indexes.keepGlobal(r.keepGlobalSecondaryIndexes()),
          r.keepLocalSecondaryIndexes() == null || indexes == null ? null
              : indexes.keepLocal(r.keepLocalSecondaryIndexes()),
          r.encryptionType() == null ? null : SSESpecification.builder().enabled(true)
              .sseType(r.encryptionType().equals("KMS") ? "KMS" : "AES256").kmsMasterKeyId(r.kmsKeyArn()).build());
    }
  }

  /** A source table's secondary index definitions, from which the indexes to keep are picked. */
  private record Indexes(List<GlobalSecondaryIndexInfo> global, List<LocalSecondaryIndexInfo> local) {
    List<GlobalSecondaryIndex> keepGlobal(List<String> names) {
      return global.stream().filter(i -> names.contains(i.indexName()))
          .map(i -> GlobalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
              .projection(i.projection()).provisionedThroughput(i.provisionedThroughput()).build())
          .toList();
    }

    List<LocalSecondaryIndex> keepLocal(List<String> names) {
      return local.stream().filter(i -> names.contains(i.indexName()))
          .map(i -> LocalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
              .projection(i.projection()).build())
          .toList();
    }
  }

  @Override
  public void deleteTable(String region, String tableName) {
    try {
      AwsCalls.run(() -> clients.dynamoDb(identity, region).deleteTable(b -> b.tableName(tableName)));
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public void updateCapacity(String region, String tableName, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTable(b -> {
      b.tableName(tableName).billingMode(billingMode);
      if (readCapacityUnits != null && writeCapacityUnits != null) {
        b.provisionedThroughput(p -> p.readCapacityUnits(readCapacityUnits).writeCapacityUnits(writeCapacityUnits));
      }
    }));
  }

  @Override
  public void deleteGlobalSecondaryIndex(String region, String tableName, String indexName) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTable(b -> b.tableName(tableName)
        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(indexName)))));
  }

  @Override
  public ObservedTable observe(String region, TableInfo table) {
    return new SdkSettingsReader(clients, identity, region).observe(table);
  }
}
