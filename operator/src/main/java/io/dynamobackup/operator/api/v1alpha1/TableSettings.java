package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;
import java.util.Map;

/**
 * Table settings that AWS Backup does not restore. Captured from the source table at backup time and declared (or
 * inherited) on a restore. A null field means "not managed"; a list that is set is the whole set (items the table has
 * beyond it are removed), and an empty list removes them all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSettings {
  @JsonPropertyDescription("Tags on the table. Tags named here are added or updated; other tags are left alone.")
  public Map<String, String> tags;

  @JsonPropertyDescription("Time to Live configuration.")
  public TimeToLiveSettings timeToLive;

  @JsonPropertyDescription("DynamoDB Streams configuration.")
  public StreamSettings stream;

  @JsonPropertyDescription("Whether point-in-time recovery (continuous backups) is enabled.")
  public Boolean pointInTimeRecovery;

  @JsonPropertyDescription("Point-in-time recovery period in days, 1 to 35 (DynamoDB's default is 35). Applies while"
      + " pointInTimeRecovery is on.")
  @Min(1)
  @Max(35)
  public Integer pointInTimeRecoveryPeriodInDays;

  @JsonPropertyDescription("Whether deletion protection is enabled on the table.")
  public Boolean deletionProtection;

  @JsonPropertyDescription("Resource-based policy document (JSON) of the table; \"\" for none (a policy the table has"
      + " is deleted). A captured policy has every ARN of the source table, its indexes and its stream rewritten to"
      + " the restored table's; a policy given here is applied as written.")
  public String resourcePolicy;

  @JsonPropertyDescription("Resource-based policy document (JSON) of the table's DynamoDB stream; \"\" for none."
      + " Applied once the stream exists; a captured policy has the source stream's ARN rewritten to the new stream's.")
  public String streamResourcePolicy;

  @JsonPropertyDescription("Table class: STANDARD or STANDARD_INFREQUENT_ACCESS. Restores always create STANDARD"
      + " tables.")
  public TableClass tableClass;

  @JsonPropertyDescription("Maximum on-demand throughput of the table (PAY_PER_REQUEST tables only).")
  public ThroughputSettings.OnDemand onDemandThroughput;

  @JsonPropertyDescription("Warm throughput of the table: the reads and writes per second it is pre-warmed for."
      + " DynamoDB only ever raises it, so a value below the table's current one is left as it is.")
  public ThroughputSettings.Warm warmThroughput;

  @JsonPropertyDescription("CloudWatch Contributor Insights of the table.")
  public ThroughputSettings.ContributorInsights contributorInsights;

  @JsonPropertyDescription("Per global secondary index: maximum on-demand throughput, warm throughput and Contributor"
      + " Insights. Indexes a restore does not create (spec.target.globalSecondaryIndexes) are skipped.")
  public List<ThroughputSettings.Index> globalSecondaryIndexes;

  @JsonPropertyDescription("Kinesis Data Streams destinations the table streams its changes to. Each stream must be"
      + " in the table's account and Region.")
  public List<KinesisDestination> kinesisDestinations;

  @JsonPropertyDescription("Stream triggers: AWS Lambda event-source mappings on the table's DynamoDB stream,"
      + " re-created on the restored table's stream. Each function must be in the table's Region.")
  public List<StreamTrigger> streamTriggers;

  @JsonPropertyDescription("Replicas of the table in other Regions (global tables version 2019.11.21). Replicas cost"
      + " money: a restore creates them only when spec.settings names them or sets replicasFromSource.")
  public List<ReplicaSettings> replicas;

  @JsonPropertyDescription("Application Auto Scaling of the table's and its GSIs' provisioned capacity: scalable"
      + " targets, their target-tracking policies and scheduled actions.")
  public List<AutoScalingSettings> autoScaling;

  @JsonPropertyDescription("CloudWatch metric alarms on the table's metrics; captured ones are re-pointed at the"
      + " restored table.")
  public List<AlarmSettings> alarms;

  public enum TableClass { STANDARD, STANDARD_INFREQUENT_ACCESS }

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
}
