package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import java.util.Collection;
import java.util.Map;

/** Writes the table settings AWS Backup does not restore. Every method throws {@link AwsException} on failure. */
public interface TableSettingsService {
  void tag(String region, String tableArn, Map<String, String> tags);

  void untag(String region, String tableArn, Collection<String> keys);

  void setTimeToLive(String region, String tableName, boolean enabled, String attributeName);

  void setStream(String region, String tableName, boolean enabled, StreamViewType viewType);

  void setPointInTimeRecovery(String region, String tableName, boolean enabled);

  void setDeletionProtection(String region, String tableName, boolean enabled);

  void putResourcePolicy(String region, String tableArn, String policy);

  void deleteResourcePolicy(String region, String tableArn);

  /**
   * Registers the scalable target of the table (or of its GSI {@code scaling.indexName}) and, when a target utilization
   * is given, puts its target-tracking policy (Application Auto Scaling). Both calls create or update.
   */
  void putAutoScaling(String region, String tableName, AutoScalingSettings scaling);

  /** Creates or replaces the CloudWatch metric alarm, with dimension TableName = {@code tableName}. */
  void putAlarm(String region, String tableName, AlarmSettings alarm);
}
