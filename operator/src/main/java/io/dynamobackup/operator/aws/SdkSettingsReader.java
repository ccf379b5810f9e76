package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Reads every setting of one table that AWS Backup does not restore, family by family. */
final class SdkSettingsReader {
  private final AwsClients clients;
  private final AwsIdentity identity;
  private final String region;
  private final DynamoDbClient dynamoDb;

  SdkSettingsReader(AwsClients clients, AwsIdentity identity, String region) {
    this.clients = clients;
    this.identity = identity;
    this.region = region;
    this.dynamoDb = clients.dynamoDb(identity, region);
  }

  /** What the operator keeps of a DescribeTable answer. */
  static TableService.TableInfo info(TableDescription table) {
    var stream = table.streamSpecification();
    var throughput = table.provisionedThroughput();
    boolean onDemand = table.billingModeSummary() != null
        && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    List<ThroughputSettings.Index> indexes = table.globalSecondaryIndexes().stream().map(i -> {
      ThroughputSettings.Index index = new ThroughputSettings.Index();
      index.indexName = i.indexName();
      index.onDemandThroughput = onDemand(i.onDemandThroughput());
      if (i.warmThroughput() != null) {
        index.warmThroughput = warm(i.warmThroughput().readUnitsPerSecond(), i.warmThroughput().writeUnitsPerSecond());
      }
      return index;
    }).toList();
    List<TableService.Replica> replicas = table.replicas().stream().map(r -> new TableService.Replica(r.regionName(),
        r.replicaStatusAsString(), r.replicaStatusDescription(), r.kmsMasterKeyId(),
        r.replicaTableClassSummary() == null ? null : r.replicaTableClassSummary().tableClassAsString())).toList();
    return new TableService.TableInfo(table.tableName(), table.tableArn(), table.tableStatusAsString(),
        table.itemCount() == null ? 0 : table.itemCount(), table.tableSizeBytes() == null ? 0 : table.tableSizeBytes(),
        stream == null ? Boolean.FALSE : stream.streamEnabled(),
        stream == null ? null : stream.streamViewTypeAsString(), table.deletionProtectionEnabled(),
        onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
        onDemand || throughput == null ? null : throughput.readCapacityUnits(),
        onDemand || throughput == null ? null : throughput.writeCapacityUnits(),
        table.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList(),
        table.localSecondaryIndexes().stream().map(i -> i.indexName()).toList(),
        table.sseDescription() == null ? null : table.sseDescription().kmsMasterKeyArn(),
        table.latestStreamArn(),
        table.tableClassSummary() == null || table.tableClassSummary().tableClass() == null ? "STANDARD"
            : table.tableClassSummary().tableClassAsString(),
        onDemand(table.onDemandThroughput()),
        table.warmThroughput() == null ? null
            : warm(table.warmThroughput().readUnitsPerSecond(), table.warmThroughput().writeUnitsPerSecond()),
        indexes, replicas, table.restoreSummary() == null ? null : table.restoreSummary().restoreDateTime(),
        keySchema(table), table.sseDescription() == null ? null : table.sseDescription().sseTypeAsString(),
        table.tableId(), table.creationDateTime());
  }

  /** The primary key with each attribute's type from the attribute definitions. */
  private static List<TableService.KeyElement> keySchema(TableDescription table) {
    Map<String, String> types = new LinkedHashMap<>();
    table.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
    return table.keySchema().stream().map(k -> new TableService.KeyElement(k.attributeName(),
        types.get(k.attributeName()), k.keyTypeAsString())).toList();
  }

  /** DynamoDB reports -1 (no maximum) for both when no maximum is set: that is "none". */
  private static ThroughputSettings.OnDemand onDemand(
      software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput throughput) {
    if (throughput == null || (isUnlimited(throughput.maxReadRequestUnits())
        && isUnlimited(throughput.maxWriteRequestUnits()))) {
      return null;
    }
    ThroughputSettings.OnDemand o = new ThroughputSettings.OnDemand();
    o.maxReadRequestUnits = throughput.maxReadRequestUnits();
    o.maxWriteRequestUnits = throughput.maxWriteRequestUnits();
    return o;
  }

  private static boolean isUnlimited(Long units) {
    return units == null || units == -1;
  }

  private static ThroughputSettings.Warm warm(Long read, Long write) {
    ThroughputSettings.Warm w = new ThroughputSettings.Warm();
    w.readUnitsPerSecond = read;
    w.writeUnitsPerSecond = write;
    return w;
  }

  TableService.ObservedTable observe(TableService.TableInfo table) {
    TableSettings settings = new TableSettings();
    settings.tags = tags(table.arn());
    var ttl = AwsCalls.call(() -> dynamoDb.describeTimeToLive(b -> b.tableName(table.name()))).timeToLiveDescription();
    boolean ttlEnabled = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
    settings.timeToLive = new TableSettings.TimeToLiveSettings(ttlEnabled, ttlEnabled ? ttl.attributeName() : null);
    settings.stream = new TableSettings.StreamSettings(Boolean.TRUE.equals(table.streamEnabled()),
        table.streamViewType() == null ? null : TableSettings.StreamViewType.valueOf(table.streamViewType()));
    pointInTimeRecovery(table, settings);
    settings.deletionProtection = Boolean.TRUE.equals(table.deletionProtection());
    settings.resourcePolicy = policy(table.arn());
    boolean streamOn = Boolean.TRUE.equals(table.streamEnabled()) && table.latestStreamArn() != null;
    settings.streamResourcePolicy = streamOn ? policy(table.latestStreamArn()) : null;
    settings.tableClass = TableSettings.TableClass.valueOf(table.tableClass());
    settings.onDemandThroughput = table.onDemand();
    settings.warmThroughput = table.warm();
    settings.contributorInsights = contributorInsights(table.name(), null);
    List<ThroughputSettings.Index> indexes = new ArrayList<>();
    for (ThroughputSettings.Index described : table.indexes()) {
      ThroughputSettings.Index index = new ThroughputSettings.Index();
      index.indexName = described.indexName;
      index.onDemandThroughput = described.onDemandThroughput;
      index.warmThroughput = described.warmThroughput;
      index.contributorInsights = contributorInsights(table.name(), described.indexName);
      indexes.add(index);
    }
    settings.globalSecondaryIndexes = indexes;
    settings.kinesisDestinations = kinesisDestinations(table.name());
    Map<String, String> triggerIds = new LinkedHashMap<>();
    List<StreamTrigger> triggers = new ArrayList<>();
    if (streamOn) {
      SdkStreamTriggers.read(clients.lambda(identity, region), table.latestStreamArn()).forEach((function, entry) -> {
        triggerIds.put(function, entry.getKey());
        triggers.add(entry.getValue());
      });
    }
    settings.streamTriggers = triggers;
    settings.replicas = table.replicas().stream().map(r -> {
      var replica = new io.dynamobackup.operator.api.v1alpha1.ReplicaSettings(r.regionName());
      replica.kmsMasterKeyId = r.kmsMasterKeyId();
      replica.tableClassOverride = r.tableClass() == null || r.tableClass().equals(table.tableClass()) ? null
          : TableSettings.TableClass.valueOf(r.tableClass());
      return replica;
    }).toList();
    settings.autoScaling = SdkAutoScaling.read(clients.autoScaling(identity, region), table.name(),
        table.globalSecondaryIndexes());
    settings.alarms = SdkAlarms.read(clients.metricAlarms(identity, region), table.name());
    return new TableService.ObservedTable(settings, triggerIds);
  }

  private Map<String, String> tags(String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> dynamoDb.listTagsOfResource(b -> b.resourceArn(arn).nextToken(token)));
      page.tags().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
      nextToken = page.nextToken();
    } while (nextToken != null);
    return tags;
  }

  private void pointInTimeRecovery(TableService.TableInfo table, TableSettings settings) {
    var backups = AwsCalls.call(() -> dynamoDb.describeContinuousBackups(b -> b.tableName(table.name())))
        .continuousBackupsDescription();
    var pitr = backups == null ? null : backups.pointInTimeRecoveryDescription();
    settings.pointInTimeRecovery = backups != null && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED
        && pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    settings.pointInTimeRecoveryPeriodInDays = settings.pointInTimeRecovery ? pitr.recoveryPeriodInDays() : null;
  }

  /**
   * The resource policy of a table or stream, or null when it has none. Most tables have none: that answer (a 400) is
   * taken from the SDK's exception as it comes, not wrapped and thrown on first.
   */
  private String policy(String arn) {
    return AwsCalls.call(() -> {
      try {
        return dynamoDb.getResourcePolicy(b -> b.resourceArn(arn)).policy();
      } catch (DynamoDbException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        // No policy: none set, or no such table or stream (any more).
        if ("PolicyNotFoundException".equals(code) || AwsException.isNotFound(code)) {
          return null;
        }
        throw e;
      }
    });
  }

  private ThroughputSettings.ContributorInsights contributorInsights(String tableName, String indexName) {
    var insights = AwsCalls.call(() -> dynamoDb.describeContributorInsights(b -> b.tableName(tableName)
        .indexName(indexName)));
    String status = insights.contributorInsightsStatusAsString();
    boolean on = "ENABLED".equals(status) || "ENABLING".equals(status);
    return new ThroughputSettings.ContributorInsights(on, on && insights.contributorInsightsMode() != null
        ? ThroughputSettings.ContributorInsightsMode.valueOf(insights.contributorInsightsModeAsString()) : null);
  }

  /** The table's active (or activating) Kinesis destinations. */
  private List<KinesisDestination> kinesisDestinations(String tableName) {
    var described = AwsCalls.call(() -> dynamoDb.describeKinesisStreamingDestination(b -> b.tableName(tableName)));
    List<KinesisDestination> destinations = new ArrayList<>();
    for (var d : described.kinesisDataStreamDestinations()) {
      if (d.destinationStatus() == DestinationStatus.ACTIVE || d.destinationStatus() == DestinationStatus.ENABLING
          || d.destinationStatus() == DestinationStatus.UPDATING) {
        KinesisDestination destination = new KinesisDestination();
        destination.streamArn = d.streamArn();
        destination.approximateCreationDateTimePrecision = d.approximateCreationDateTimePrecision() == null ? null
            : KinesisDestination.Precision.valueOf(d.approximateCreationDateTimePrecisionAsString());
        destinations.add(destination);
      }
    }
    return destinations;
  }
}
