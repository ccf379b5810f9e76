package io.dynamobackup.localaws.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CloudWatch metric alarm. Guarded by the World lock. */
public final class MetricAlarm {
  public String name;
  public String arn;
  public String description;
  public boolean actionsEnabled = true;
  public List<String> okActions = new ArrayList<>();
  public List<String> alarmActions = new ArrayList<>();
  public List<String> insufficientDataActions = new ArrayList<>();
  public String metricName;
  public String namespace;
  public String statistic;
  public String extendedStatistic;
  /** Dimension name to value, in the order given. */
  public Map<String, String> dimensions = new LinkedHashMap<>();
  public Integer period;
  public String unit;
  public Integer evaluationPeriods;
  public Integer datapointsToAlarm;
  public Double threshold;
  public String comparisonOperator;
  public String treatMissingData;
  /** Metric math: the MetricDataQuery list as sent (instead of MetricName/Namespace/Statistic/Period/Dimensions). */
  public com.fasterxml.jackson.databind.node.ArrayNode metrics;
  public String thresholdMetricId;
  public String evaluateLowSampleCountPercentile;
  public String stateValue = "INSUFFICIENT_DATA";
  public String stateReason = "Unchecked: Initial alarm creation";
  public Instant configurationUpdated;
  public Instant stateUpdated;
}
