package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link TableService} over the AWS SDK v2 DynamoDbClient. */
public final class SdkTableService implements TableService {
  private final AwsClients clients;

  public SdkTableService(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public TableInfo describeTable(String region, String tableName) {
    TableDescription table = AwsCalls.call(() -> clients.dynamoDb(region).describeTable(b -> b.tableName(tableName))).table();
    var stream = table.streamSpecification();
    var throughput = table.provisionedThroughput();
    boolean onDemand = table.billingModeSummary() != null
        && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    return new TableInfo(table.tableName(), table.tableArn(), table.tableStatusAsString(),
        table.itemCount() == null ? 0 : table.itemCount(), table.tableSizeBytes() == null ? 0 : table.tableSizeBytes(),
        stream == null ? Boolean.FALSE : stream.streamEnabled(),
        stream == null ? null : stream.streamViewTypeAsString(), table.deletionProtectionEnabled(),
        onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
        onDemand || throughput == null ? null : throughput.readCapacityUnits(),
        onDemand || throughput == null ? null : throughput.writeCapacityUnits(),
        table.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList(),
        table.localSecondaryIndexes().stream().map(i -> i.indexName()).toList(),
        table.sseDescription() == null ? null : table.sseDescription().kmsMasterKeyArn());
  }

  @Override
  public String restoreFromNativeBackup(String region, String backupArn, NativeRestore r) {
    var source = AwsCalls.call(() -> clients.dynamoDb(region).describeBackup(b -> b.backupArn(backupArn)))
        .backupDescription().sourceTableFeatureDetails();
    return AwsCalls.call(() -> clients.dynamoDb(region).restoreTableFromBackup(b -> {
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
      AwsCalls.run(() -> clients.dynamoDb(region).deleteTable(b -> b.tableName(tableName)));
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public void updateCapacity(String region, String tableName, String billingMode, Long readCapacityUnits,
      Long writeCapacityUnits) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateTable(b -> {
      b.tableName(tableName).billingMode(billingMode);
      if (readCapacityUnits != null && writeCapacityUnits != null) {
        b.provisionedThroughput(p -> p.readCapacityUnits(readCapacityUnits).writeCapacityUnits(writeCapacityUnits));
      }
    }));
  }

  @Override
  public void deleteGlobalSecondaryIndex(String region, String tableName, String indexName) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateTable(b -> b.tableName(tableName)
        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(indexName)))));
  }

  @Override
  public TableSettings readSettings(String region, TableInfo table) {
    DynamoDbClient dynamoDb = clients.dynamoDb(region);
    TableSettings settings = new TableSettings();
    Map<String, String> tags = new LinkedHashMap<>();
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> dynamoDb.listTagsOfResource(b -> b.resourceArn(table.arn()).nextToken(token)));
      page.tags().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
      nextToken = page.nextToken();
    } while (nextToken != null);
    settings.tags = tags;

    var ttl = AwsCalls.call(() -> dynamoDb.describeTimeToLive(b -> b.tableName(table.name()))).timeToLiveDescription();
    boolean ttlEnabled = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
    settings.timeToLive = new TableSettings.TimeToLiveSettings(ttlEnabled, ttlEnabled ? ttl.attributeName() : null);

    settings.stream = new TableSettings.StreamSettings(Boolean.TRUE.equals(table.streamEnabled()),
        table.streamViewType() == null ? null : TableSettings.StreamViewType.valueOf(table.streamViewType()));

    var backups = AwsCalls.call(() -> dynamoDb.describeContinuousBackups(b -> b.tableName(table.name())))
        .continuousBackupsDescription();
    settings.pointInTimeRecovery = backups != null && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED
        && backups.pointInTimeRecoveryDescription() != null
        && backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    settings.deletionProtection = Boolean.TRUE.equals(table.deletionProtection());

    try {
      settings.resourcePolicy = AwsCalls.call(() -> dynamoDb.getResourcePolicy(b -> b.resourceArn(table.arn()))).policy();
    } catch (AwsException e) {
      if (!e.code().equals("PolicyNotFoundException") && !e.isNotFound()) {
        throw e;
      }
    }
    return settings;
  }
}
