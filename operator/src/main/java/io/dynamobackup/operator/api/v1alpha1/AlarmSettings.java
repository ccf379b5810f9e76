package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * A CloudWatch metric alarm on the table's metrics, with every field of PutMetricAlarm but tags: on one metric
 * (metricName, namespace, statistic, dimensions) or on metric math ({@code metrics}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmSettings {
  @JsonPropertyDescription("Alarm name; on restore, the source table name inside it is replaced by the target's.")
  public String name;

  @JsonPropertyDescription("Description of the alarm.")
  public String description;

  @JsonPropertyDescription("Whether actions run when the state changes; default true.")
  public Boolean actionsEnabled;

  @JsonPropertyDescription("ARNs notified when the alarm goes to ALARM.")
  public List<String> alarmActions;

  @JsonPropertyDescription("ARNs notified when the alarm goes to OK.")
  public List<String> okActions;

  @JsonPropertyDescription("ARNs notified when the alarm goes to INSUFFICIENT_DATA.")
  public List<String> insufficientDataActions;

  @JsonPropertyDescription("CloudWatch metric name, e.g. ThrottledRequests (alarms on one metric).")
  public String metricName;

  @JsonPropertyDescription("CloudWatch namespace; AWS/DynamoDB by default (alarms on one metric).")
  public String namespace;

  @JsonPropertyDescription("Statistic (SampleCount, Average, Sum, Minimum, Maximum) or extended statistic (p99, tm90,"
      + " ...); Sum by default (alarms on one metric).")
  public String statistic;

  @JsonPropertyDescription("Dimensions other than TableName (e.g. Operation, GlobalSecondaryIndexName); TableName is"
      + " always the table the alarm is applied to.")
  public Map<String, String> extraDimensions;

  @JsonPropertyDescription("Period in seconds (alarms on one metric).")
  public Integer periodSeconds;

  @JsonPropertyDescription("Unit of the metric, e.g. Count.")
  public String unit;

  @JsonPropertyDescription("Number of periods evaluated.")
  public Integer evaluationPeriods;

  @JsonPropertyDescription("Breaching datapoints within evaluationPeriods that trigger the alarm (M of N).")
  public Integer datapointsToAlarm;

  @JsonPropertyDescription("Threshold compared with the statistic.")
  public Double threshold;

  @JsonPropertyDescription("Comparison operator, e.g. GreaterThanThreshold.")
  public String comparisonOperator;

  @JsonPropertyDescription("How missing data is treated: breaching, notBreaching, ignore or missing.")
  public String treatMissingData;

  @JsonPropertyDescription("For percentile statistics: evaluate or ignore low sample counts.")
  public String evaluateLowSampleCountPercentile;

  @JsonPropertyDescription("Metric math: the queries of the alarm (instead of metricName); TableName dimensions of"
      + " the source table are re-pointed.")
  public List<MetricQuery> metrics;

  @JsonPropertyDescription("Id of the query whose result is the threshold (anomaly detection), instead of threshold.")
  public String thresholdMetricId;

  /** One query of a metric-math alarm (CloudWatch MetricDataQuery). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricQuery {
    @JsonPropertyDescription("Id of the query (a lowercase letter first).")
    public String id;

    @JsonPropertyDescription("Math expression over other queries' ids, instead of a metric.")
    public String expression;

    @JsonPropertyDescription("Label of the result.")
    public String label;

    @JsonPropertyDescription("Whether this query is the alarm's result (exactly one is).")
    public Boolean returnData;

    @JsonPropertyDescription("Period in seconds of an expression.")
    public Integer periodSeconds;

    @JsonPropertyDescription("Account of the metric (cross-account alarms).")
    public String accountId;

    @JsonPropertyDescription("CloudWatch namespace of the metric.")
    public String namespace;

    @JsonPropertyDescription("Metric name.")
    public String metricName;

    @JsonPropertyDescription("Dimensions of the metric, TableName included.")
    public Map<String, String> dimensions;

    @JsonPropertyDescription("Period in seconds of the metric.")
    public Integer metricPeriodSeconds;

    @JsonPropertyDescription("Statistic of the metric.")
    public String stat;

    @JsonPropertyDescription("Unit of the metric.")
    public String unit;
  }
}
