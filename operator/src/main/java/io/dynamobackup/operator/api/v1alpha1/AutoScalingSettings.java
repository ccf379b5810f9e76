package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * One Application Auto Scaling scalable target of the table or a GSI (one capacity dimension), with its
 * target-tracking policy and scheduled actions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoScalingSettings {
  public enum ScalableDimension { ReadCapacityUnits, WriteCapacityUnits }

  @JsonPropertyDescription("GSI name; omit for the table itself.")
  public String indexName;

  @JsonPropertyDescription("Which capacity is scaled.")
  @Required
  public ScalableDimension dimension;

  @JsonPropertyDescription("Minimum provisioned capacity units.")
  public Integer minCapacity;

  @JsonPropertyDescription("Maximum provisioned capacity units.")
  public Integer maxCapacity;

  @JsonPropertyDescription("Name of the target-tracking policy. Default: DynamoDBReadCapacityUtilization:<resource>"
      + " (or Write), as the AWS console names it.")
  public String policyName;

  @JsonPropertyDescription("Target utilisation in percent (20 to 90) of the target-tracking policy; without it no"
      + " policy is managed.")
  public Double targetUtilization;

  @JsonPropertyDescription("Seconds after a scale-in before another scale-in.")
  public Integer scaleInCooldownSeconds;

  @JsonPropertyDescription("Seconds after a scale-out before another scale-out.")
  public Integer scaleOutCooldownSeconds;

  @JsonPropertyDescription("When true, the policy only scales out; capacity is never lowered by it.")
  public Boolean disableScaleIn;

  @JsonPropertyDescription("Which scaling activities are suspended on the target.")
  public SuspendedState suspendedState;

  @JsonPropertyDescription("Scheduled actions of the target: the whole set (others are deleted).")
  public List<ScheduledAction> scheduledActions;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SuspendedState {
    @JsonPropertyDescription("Scale-in by policies is suspended.")
    public Boolean dynamicScalingInSuspended;

    @JsonPropertyDescription("Scale-out by policies is suspended.")
    public Boolean dynamicScalingOutSuspended;

    @JsonPropertyDescription("Scheduled actions are suspended.")
    public Boolean scheduledScalingSuspended;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @io.fabric8.crdv2.generator.v1.SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "startTime endTime")
  public static class ScheduledAction {
    @JsonPropertyDescription("Name of the scheduled action, unique per target.")
    @Required
    public String name;

    @JsonPropertyDescription("When it runs: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields).")
    @Required
    public String schedule;

    @JsonPropertyDescription("IANA time zone of the schedule; default UTC.")
    public String timezone;

    @JsonPropertyDescription("First time it may run (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("Last time it may run (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("New minimum capacity.")
    public Integer minCapacity;

    @JsonPropertyDescription("New maximum capacity.")
    public Integer maxCapacity;
  }
}
