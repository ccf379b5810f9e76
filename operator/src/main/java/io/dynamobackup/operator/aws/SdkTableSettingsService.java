package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * {@link TableSettingsService} over the AWS SDK v2 DynamoDbClient, ApplicationAutoScalingClient (scalable targets and
 * target-tracking policies) and CloudWatchClient (metric alarms).
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
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTable(b -> b.tableName(tableName)
        .streamSpecification(s -> s.streamEnabled(enabled).streamViewType(enabled ? viewType.name() : null))));
  }

  @Override
  public void setPointInTimeRecovery(String region, String tableName, boolean enabled) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateContinuousBackups(b -> b.tableName(tableName)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled))));
  }

  @Override
  public void setDeletionProtection(String region, String tableName, boolean enabled) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).updateTable(b -> b.tableName(tableName)
        .deletionProtectionEnabled(enabled)));
  }

  @Override
  public void putResourcePolicy(String region, String tableArn, String policy) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).putResourcePolicy(b -> b.resourceArn(tableArn).policy(policy)));
  }

  @Override
  public void deleteResourcePolicy(String region, String tableArn) {
    AwsCalls.run(() -> clients.dynamoDb(identity, region).deleteResourcePolicy(b -> b.resourceArn(tableArn)));
  }

  @Override
  public void putAutoScaling(String region, String tableName, AutoScalingSettings scaling) {
    String resourceId = AutoScalingIds.resourceId(tableName, scaling.indexName);
    String dimension = AutoScalingIds.scalableDimension(scaling.indexName, scaling.dimension);
    AwsCalls.run(() -> clients.autoScaling(identity, region).registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(resourceId).scalableDimension(dimension).minCapacity(scaling.minCapacity)
        .maxCapacity(scaling.maxCapacity)));
    if (scaling.targetUtilization == null) {
      return;
    }
    AwsCalls.run(() -> clients.autoScaling(identity, region).putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(resourceId).scalableDimension(dimension)
        .policyName(AutoScalingIds.policyName(resourceId, scaling.dimension))
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(scaling.targetUtilization)
            .predefinedMetricSpecification(p -> p.predefinedMetricType(AutoScalingIds.metricType(scaling.dimension)))
            .scaleInCooldown(scaling.scaleInCooldownSeconds).scaleOutCooldown(scaling.scaleOutCooldownSeconds))));
  }

  /** The statistics PutMetricAlarm takes as Statistic; anything else (p99, tm90, ...) is an ExtendedStatistic. */
  private static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

  @Override
  public void putAlarm(String region, String tableName, AlarmSettings alarm) {
    List<Dimension> dimensions = new ArrayList<>();
    dimensions.add(Dimension.builder().name("TableName").value(tableName).build());
    if (alarm.extraDimensions != null) {
      alarm.extraDimensions.forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
    }
    AwsCalls.run(() -> clients.cloudWatch(identity, region).putMetricAlarm(b -> {
      b.alarmName(alarm.name).namespace(alarm.namespace == null ? "AWS/DynamoDB" : alarm.namespace)
          .metricName(alarm.metricName).dimensions(dimensions).period(alarm.periodSeconds)
          .evaluationPeriods(alarm.evaluationPeriods).threshold(alarm.threshold)
          .comparisonOperator(alarm.comparisonOperator);
      if (alarm.statistic == null || STATISTICS.contains(alarm.statistic)) {
        b.statistic(alarm.statistic == null ? "Sum" : alarm.statistic);
      } else {
        b.extendedStatistic(alarm.statistic);
      }
      if (alarm.alarmActions != null) {
        b.alarmActions(alarm.alarmActions);
      }
    }));
  }
}
