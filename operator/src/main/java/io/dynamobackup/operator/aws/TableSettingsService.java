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

/**
 * Writes the table settings AWS Backup does not restore. {@code indexName} null means the table itself. Every method
 * throws {@link AwsException} on failure.
 */
public interface TableSettingsService {
  void tag(String region, String tableArn, Map<String, String> tags);

  void untag(String region, String tableArn, Collection<String> keys);

  void setTimeToLive(String region, String tableName, boolean enabled, String attributeName);

  void setStream(String region, String tableName, boolean enabled, StreamViewType viewType);

  /** UpdateContinuousBackups; {@code recoveryPeriodInDays} (1–35) only with {@code enabled}, null for the default. */
  void setPointInTimeRecovery(String region, String tableName, boolean enabled, Integer recoveryPeriodInDays);

  void setDeletionProtection(String region, String tableName, boolean enabled);

  /** PutResourcePolicy on a table or stream ARN. */
  void putResourcePolicy(String region, String resourceArn, String policy);

  void deleteResourcePolicy(String region, String resourceArn);

  void setTableClass(String region, String tableName, TableClass tableClass);

  void setOnDemandThroughput(String region, String tableName, String indexName, ThroughputSettings.OnDemand onDemand);

  void setWarmThroughput(String region, String tableName, String indexName, ThroughputSettings.Warm warm);

  void setContributorInsights(String region, String tableName, String indexName,
      ThroughputSettings.ContributorInsights insights);

  void enableKinesisDestination(String region, String tableName, KinesisDestination destination);

  void updateKinesisDestination(String region, String tableName, KinesisDestination destination);

  void disableKinesisDestination(String region, String tableName, String streamArn);

  /** Lambda CreateEventSourceMapping on {@code streamArn}. */
  void createStreamTrigger(String region, String streamArn, StreamTrigger trigger);

  /** Lambda UpdateEventSourceMapping of mapping {@code uuid}. */
  void updateStreamTrigger(String region, String uuid, StreamTrigger trigger);

  void deleteStreamTrigger(String region, String uuid);

  /** UpdateTable ReplicaUpdates Create (one replica per call, as DynamoDB requires). */
  void addReplica(String region, String tableName, ReplicaSettings replica);

  void deleteReplica(String region, String tableName, String replicaRegion);

  /**
   * Registers the scalable target of the table (or of its GSI {@code scaling.indexName}), puts its target-tracking
   * policy when a target utilization is given, and puts its scheduled actions (Application Auto Scaling; every call
   * creates or updates).
   */
  void putAutoScaling(String region, String tableName, AutoScalingSettings scaling);

  /** Deregisters a scalable target (Application Auto Scaling deletes its policies and scheduled actions with it). */
  void deregisterAutoScaling(String region, String tableName, String indexName,
      AutoScalingSettings.ScalableDimension dimension);

  void deleteScalingPolicy(String region, String tableName, AutoScalingSettings scaling, String policyName);

  void deleteScheduledAction(String region, String tableName, AutoScalingSettings scaling, String actionName);

  /** Creates or replaces the CloudWatch metric alarm, with dimension TableName = {@code tableName}. */
  void putAlarm(String region, String tableName, AlarmSettings alarm);

  void deleteAlarms(String region, Collection<String> alarmNames);
}
