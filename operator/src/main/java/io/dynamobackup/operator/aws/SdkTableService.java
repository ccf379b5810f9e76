package io.dynamobackup.operator.aws;

import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;

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
    return AwsCalls.call(() -> clients.dynamoDb(identity, region).restoreTableFromBackup(b -> {
      b.backupArn(backupArn).targetTableName(r.targetTableName()).billingModeOverride(r.billingMode());
      if (r.readCapacityUnits() != null) {
        b.provisionedThroughputOverride(p -> p.readCapacityUnits(r.readCapacityUnits())
            .writeCapacityUnits(r.writeCapacityUnits()));
      }
      if (r.keepGlobalSecondaryIndexes() != null && source != null) {
        b.globalSecondaryIndexOverride(source.globalSecondaryIndexes().stream()
            .filter(i -> r.keepGlobalSecondaryIndexes().contains(i.indexName()))
            .map(i -> GlobalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
                .projection(i.projection()).provisionedThroughput(i.provisionedThroughput()).build())
            .toList());
      }
      if (r.keepLocalSecondaryIndexes() != null && source != null) {
        b.localSecondaryIndexOverride(source.localSecondaryIndexes().stream()
            .filter(i -> r.keepLocalSecondaryIndexes().contains(i.indexName()))
            .map(i -> LocalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
                .projection(i.projection()).build())
            .toList());
      }
      if (r.encryptionType() != null) {
        b.sseSpecificationOverride(s -> s.enabled(true).sseType(r.encryptionType().equals("KMS") ? "KMS" : "AES256")
            .kmsMasterKeyId(r.kmsKeyArn()));
      }
    })).tableDescription().tableArn();
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
