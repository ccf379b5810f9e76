package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * Table settings that AWS Backup does not restore. Captured from the source table at backup time and
 * declared (or inherited) on a restore. A null field means "not managed".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSettings {
  @JsonPropertyDescription("Tags on the table. Operator-owned tags (prefix dynamobackup.io/) are added on top.")
  public Map<String, String> tags;

  @JsonPropertyDescription("Time to Live configuration.")
  public TimeToLiveSettings timeToLive;

  @JsonPropertyDescription("DynamoDB Streams configuration.")
  public StreamSettings stream;

  @JsonPropertyDescription("Whether point-in-time recovery (continuous backups) is enabled.")
  public Boolean pointInTimeRecovery;

  @JsonPropertyDescription("Whether deletion protection is enabled on the table.")
  public Boolean deletionProtection;

  @JsonPropertyDescription("Resource-based policy document (JSON) attached to the table.")
  public String resourcePolicy;

  @JsonPropertyDescription("Application Auto Scaling targets and target-tracking policies for the table and its GSIs.")
  public List<AutoScalingSettings> autoScaling;

  @JsonPropertyDescription("CloudWatch metric alarms whose dimensions name the table; re-pointed at the restored table.")
  public List<AlarmSettings> alarms;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TimeToLiveSettings {
    @JsonPropertyDescription("Whether TTL is enabled.")
    public Boolean enabled;

    @JsonPropertyDescription("Name of the attribute holding the expiry epoch seconds.")
    public String attributeName;

    public TimeToLiveSettings() {}

    public TimeToLiveSettings(Boolean enabled, String attributeName) {
      this.enabled = enabled;
      this.attributeName = attributeName;
    }
  }

  public enum StreamViewType { KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StreamSettings {
    @JsonPropertyDescription("Whether a DynamoDB stream is enabled.")
    public Boolean enabled;

    @JsonPropertyDescription("What the stream records: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES.")
    public StreamViewType viewType;

    public StreamSettings() {}

    public StreamSettings(Boolean enabled, StreamViewType viewType) {
      this.enabled = enabled;
      this.viewType = viewType;
    }
  }

  public enum ScalableDimension { ReadCapacityUnits, WriteCapacityUnits }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AutoScalingSettings {
    @JsonPropertyDescription("GSI name; omit for the table itself.")
    public String indexName;

    @JsonPropertyDescription("Which capacity is scaled.")
    public ScalableDimension dimension;

    @JsonPropertyDescription("Minimum provisioned capacity units.")
    public Integer minCapacity;

    @JsonPropertyDescription("Maximum provisioned capacity units.")
    public Integer maxCapacity;

    @JsonPropertyDescription("Target utilisation in percent for the target-tracking policy.")
    public Double targetUtilization;

    @JsonPropertyDescription("Seconds after a scale-in before another scale-in.")
    public Integer scaleInCooldownSeconds;

    @JsonPropertyDescription("Seconds after a scale-out before another scale-out.")
    public Integer scaleOutCooldownSeconds;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AlarmSettings {
    @JsonPropertyDescription("Alarm name; on restore, the source table name inside it is replaced by the target's.")
    public String name;

    @JsonPropertyDescription("CloudWatch metric name, e.g. ThrottledRequests.")
    public String metricName;

    @JsonPropertyDescription("CloudWatch namespace; AWS/DynamoDB by default.")
    public String namespace;

    @JsonPropertyDescription("Statistic, e.g. Sum or Average.")
    public String statistic;

    @JsonPropertyDescription("Period in seconds.")
    public Integer periodSeconds;

    @JsonPropertyDescription("Number of periods evaluated.")
    public Integer evaluationPeriods;

    @JsonPropertyDescription("Threshold compared with the statistic.")
    public Double threshold;

    @JsonPropertyDescription("Comparison operator, e.g. GreaterThanThreshold.")
    public String comparisonOperator;

    @JsonPropertyDescription("Dimensions other than TableName (e.g. Operation, GlobalSecondaryIndexName).")
    public Map<String, String> extraDimensions;

    @JsonPropertyDescription("ARNs notified when the alarm fires.")
    public List<String> alarmActions;
  }
}
