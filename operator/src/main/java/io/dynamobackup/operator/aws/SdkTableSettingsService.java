package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.ReplicaSettings;
import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TableClass;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * {@link TableSettingsService} over the AWS SDK v2: DynamoDB for the table's own settings, Lambda for stream triggers,
 * Application Auto Scaling and CloudWatch for scaling and alarms (one class per family: {@link SdkAutoScaling},
 * {@link SdkAlarms}, {@link SdkStreamTriggers}).
 */
public final class SdkTableSettingsService extends SdkService implements TableSettingsService {
  /** Calls AWS with {@code identity}'s credentials. */
  public SdkTableSettingsService(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public void tag(String region, String tableArn, Map<String, String> tags) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).tagResource(b -> b.resourceArn(tableArn).tags(tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
  }

  @Override
  public void untag(String region, String tableArn, Collection<String> keys) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).untagResource(b -> b.resourceArn(tableArn).tagKeys(keys)));
  }

  @Override
  public void setTimeToLive(String region, String tableName, boolean enabled, String attributeName) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTimeToLive(b -> b.tableName(tableName)
        .timeToLiveSpecification(t -> t.enabled(enabled).attributeName(attributeName))));
  }

  @Override
  public void setStream(String region, String tableName, boolean enabled, StreamViewType viewType) {
    updateTable(region, tableName, b -> b.streamSpecification(s -> s.streamEnabled(enabled)
        .streamViewType(enabled ? viewType.name() : null)));
  }

  @Override
  public void setPointInTimeRecovery(String region, String tableName, boolean enabled, Integer recoveryPeriodInDays) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateContinuousBackups(b -> b.tableName(tableName)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled)
            .recoveryPeriodInDays(enabled ? recoveryPeriodInDays : null))));
  }

  @Override
  public void setDeletionProtection(String region, String tableName, boolean enabled) {
    updateTable(region, tableName, b -> b.deletionProtectionEnabled(enabled));
  }

  @Override
  public void putResourcePolicy(String region, String resourceArn, String policy) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).putResourcePolicy(b -> b.resourceArn(resourceArn).policy(policy)));
  }

  @Override
  public void deleteResourcePolicy(String region, String resourceArn) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).deleteResourcePolicy(b -> b.resourceArn(resourceArn)));
  }

  @Override
  public void setTableClass(String region, String tableName, TableClass tableClass) {
    updateTable(region, tableName, b -> b.tableClass(tableClass.name()));
  }

  @Override
  public void setOnDemandThroughput(String region, String tableName, String indexName,
      ThroughputSettings.OnDemand onDemand) {
    var throughput = software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput.builder()
        .maxReadRequestUnits(onDemand.maxReadRequestUnits).maxWriteRequestUnits(onDemand.maxWriteRequestUnits).build();
    if (indexName == null) {
      updateTable(region, tableName, b -> b.onDemandThroughput(throughput));
    } else {
      updateTable(region, tableName, b -> b.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
          .update(u -> u.indexName(indexName).onDemandThroughput(throughput)).build()));
    }
  }

  @Override
  public void setWarmThroughput(String region, String tableName, String indexName, ThroughputSettings.Warm warm) {
    var throughput = software.amazon.awssdk.services.dynamodb.model.WarmThroughput.builder()
        .readUnitsPerSecond(warm.readUnitsPerSecond).writeUnitsPerSecond(warm.writeUnitsPerSecond).build();
    if (indexName == null) {
      updateTable(region, tableName, b -> b.warmThroughput(throughput));
    } else {
      updateTable(region, tableName, b -> b.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
          .update(u -> u.indexName(indexName).warmThroughput(throughput)).build()));
    }
  }

  @Override
  public void setContributorInsights(String region, String tableName, String indexName,
      ThroughputSettings.ContributorInsights insights) {
    boolean on = Boolean.TRUE.equals(insights.enabled);
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateContributorInsights(b -> b.tableName(tableName)
        .indexName(indexName).contributorInsightsAction(on ? "ENABLE" : "DISABLE")
        .contributorInsightsMode(on && insights.mode != null ? insights.mode.name() : null)));
  }

  @Override
  public void enableKinesisDestination(String region, String tableName, KinesisDestination destination) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).enableKinesisStreamingDestination(b -> b.tableName(tableName)
        .streamArn(destination.streamArn).enableKinesisStreamingConfiguration(c -> c
            .approximateCreationDateTimePrecision(destination.effectivePrecision().name()))));
  }

  @Override
  public void updateKinesisDestination(String region, String tableName, KinesisDestination destination) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateKinesisStreamingDestination(b -> b.tableName(tableName)
        .streamArn(destination.streamArn).updateKinesisStreamingConfiguration(c -> c
            .approximateCreationDateTimePrecision(destination.effectivePrecision().name()))));
  }

  @Override
  public void disableKinesisDestination(String region, String tableName, String streamArn) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).disableKinesisStreamingDestination(b -> b.tableName(tableName)
        .streamArn(streamArn)));
  }

  @Override
  public void createStreamTrigger(String region, String streamArn, StreamTrigger trigger) {
    SdkStreamTriggers.create(clients.lambda(identity, region), streamArn, trigger);
  }

  @Override
  public void updateStreamTrigger(String region, String uuid, StreamTrigger trigger) {
    SdkStreamTriggers.update(clients.lambda(identity, region), uuid, trigger);
  }

  @Override
  public void deleteStreamTrigger(String region, String uuid) {
    SdkStreamTriggers.delete(clients.lambda(identity, region), uuid);
  }

  @Override
  public void addReplica(String region, String tableName, ReplicaSettings replica) {
    updateTable(region, tableName, b -> b.replicaUpdates(u -> u.create(c -> c.regionName(replica.regionName)
        .kmsMasterKeyId(replica.kmsMasterKeyId)
        .tableClassOverride(replica.tableClassOverride == null ? null : replica.tableClassOverride.name()))));
  }

  @Override
  public void deleteReplica(String region, String tableName, String replicaRegion) {
    updateTable(region, tableName, b -> b.replicaUpdates(u -> u.delete(d -> d.regionName(replicaRegion))));
  }

  @Override
  public void putAutoScaling(String region, String tableName, AutoScalingSettings scaling) {
    SdkAutoScaling.put(clients.autoScaling(identity, region), tableName, scaling);
  }

  @Override
  public void deregisterAutoScaling(String region, String tableName, String indexName,
      AutoScalingSettings.ScalableDimension dimension) {
    SdkAutoScaling.deregister(clients.autoScaling(identity, region), tableName, indexName, dimension);
  }

  @Override
  public void deleteScalingPolicy(String region, String tableName, AutoScalingSettings scaling, String policyName) {
    SdkAutoScaling.deletePolicy(clients.autoScaling(identity, region), tableName, scaling, policyName);
  }

  @Override
  public void deleteScheduledAction(String region, String tableName, AutoScalingSettings scaling, String actionName) {
    SdkAutoScaling.deleteScheduledAction(clients.autoScaling(identity, region), tableName, scaling, actionName);
  }

  @Override
  public void putAlarm(String region, String tableName, AlarmSettings alarm) {
    SdkAlarms.put(clients.cloudWatch(identity, region), tableName, alarm);
    clients.alarmsChanged(identity, region); // read back as written, not from the listing of before
  }

  @Override
  public void deleteAlarms(String region, Collection<String> alarmNames) {
    SdkAlarms.delete(clients.cloudWatch(identity, region), alarmNames);
    clients.alarmsChanged(identity, region);
  }

  private void updateTable(String region, String tableName,
      java.util.function.Consumer<UpdateTableRequest.Builder> update) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTable(b -> {
      b.tableName(tableName);
      update.accept(b);
    }));
  }
}
