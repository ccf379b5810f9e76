package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
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
public final class SdkTableService extends SdkService implements TableService {
  /** Calls AWS with {@code identity}'s credentials. */
  public SdkTableService(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public TableInfo describeTable(String region, String tableName) {
    TableDescription table = AwsCalls.call(() -> clients.dynamoDb(identity, region).describeTable(b -> b.tableName(tableName))).table();
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
  public TableSettings readSettings(String region, TableInfo table) {
    DynamoDbClient dynamoDb = clients.dynamoDb(identity, region);
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
    settings.autoScaling = readAutoScaling(region, table);
    settings.alarms = readAlarms(region, table.name());
    return settings;
  }

  /**
   * The scalable targets of the table and its GSIs, each with its target-tracking policy (the first one on a predefined
   * DynamoDB utilization metric; step scaling and custom metrics are not captured). Sorted table first, reads first.
   */
  private List<AutoScalingSettings> readAutoScaling(String region, TableInfo table) {
    ApplicationAutoScalingClient autoScaling = clients.autoScaling(identity, region);
    List<String> resourceIds = new ArrayList<>();
    resourceIds.add(AutoScalingIds.resourceId(table.name(), null));
    table.globalSecondaryIndexes().forEach(index -> resourceIds.add(AutoScalingIds.resourceId(table.name(), index)));
    Map<String, AutoScalingSettings> byTarget = new LinkedHashMap<>();
    // DescribeScalableTargets takes at most 50 resource ids; a table has at most 20 GSIs, so one batch suffices.
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> autoScaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceIds(resourceIds).nextToken(token)));
      for (ScalableTarget target : page.scalableTargets()) {
        AutoScalingSettings s = new AutoScalingSettings();
        s.indexName = AutoScalingIds.indexName(target.resourceId());
        s.dimension = AutoScalingIds.dimension(target.scalableDimensionAsString());
        if (s.dimension == null) {
          continue;
        }
        s.minCapacity = target.minCapacity();
        s.maxCapacity = target.maxCapacity();
        byTarget.put(target.resourceId() + "|" + target.scalableDimensionAsString(), s);
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
    Set<String> withTargets = new LinkedHashSet<>();
    byTarget.keySet().forEach(key -> withTargets.add(key.substring(0, key.indexOf('|'))));
    for (String resourceId : withTargets) {
      String policyToken = null;
      do {
        String token = policyToken;
        var page = AwsCalls.call(() -> autoScaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
            .resourceId(resourceId).nextToken(token)));
        for (ScalingPolicy policy : page.scalingPolicies()) {
          AutoScalingSettings s = byTarget.get(policy.resourceId() + "|" + policy.scalableDimensionAsString());
          var config = policy.targetTrackingScalingPolicyConfiguration();
          if (s == null || s.targetUtilization != null || policy.policyType() != PolicyType.TARGET_TRACKING_SCALING
              || config == null || config.predefinedMetricSpecification() == null) {
            continue;
          }
          s.targetUtilization = config.targetValue();
          s.scaleInCooldownSeconds = config.scaleInCooldown();
          s.scaleOutCooldownSeconds = config.scaleOutCooldown();
        }
        policyToken = page.nextToken();
      } while (policyToken != null);
    }
    List<AutoScalingSettings> result = new ArrayList<>(byTarget.values());
    result.sort(AutoScalingIds.ORDER);
    return result;
  }

  /**
   * The metric alarms on AWS/DynamoDB metrics whose TableName dimension is the table, except the TargetTracking-*
   * alarms Application Auto Scaling manages for its policies (PutScalingPolicy re-creates those).
   *
   * <p>Cost: DescribeAlarms cannot filter by namespace or dimension (DescribeAlarmsForMetric needs the metric name
   * too), so this lists every metric alarm of the account and Region, 100 per call, and filters here: one call per
   * 100 alarms, at each settings capture and at each restore's settings check.
   */
  private List<AlarmSettings> readAlarms(String region, String tableName) {
    CloudWatchClient cloudWatch = clients.cloudWatch(identity, region);
    List<AlarmSettings> alarms = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> cloudWatch.describeAlarms(b -> b.alarmTypes(AlarmType.METRIC_ALARM)
          .maxRecords(100).nextToken(token)));
      for (MetricAlarm alarm : page.metricAlarms()) {
        if (!"AWS/DynamoDB".equals(alarm.namespace()) || alarm.alarmName().startsWith("TargetTracking-")
            || alarm.dimensions().stream().noneMatch(d -> d.name().equals("TableName") && d.value().equals(tableName))) {
          continue;
        }
        AlarmSettings s = new AlarmSettings();
        s.name = alarm.alarmName();
        s.metricName = alarm.metricName();
        s.namespace = alarm.namespace();
        s.statistic = alarm.statistic() != null ? alarm.statisticAsString() : alarm.extendedStatistic();
        s.periodSeconds = alarm.period();
        s.evaluationPeriods = alarm.evaluationPeriods();
        s.threshold = alarm.threshold();
        s.comparisonOperator = alarm.comparisonOperatorAsString();
        Map<String, String> extra = new LinkedHashMap<>();
        alarm.dimensions().stream().filter(d -> !d.name().equals("TableName"))
            .forEach(d -> extra.put(d.name(), d.value()));
        s.extraDimensions = extra.isEmpty() ? null : extra;
        s.alarmActions = alarm.alarmActions().isEmpty() ? null : new ArrayList<>(alarm.alarmActions());
        alarms.add(s);
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
    return alarms;
  }
}
