package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch's rules for the metric alarms the operator puts on a restored table (PutMetricAlarm), all checked when the
 * object is created instead of one refusal at a time after the restore.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
public final class AlarmRules {
  /** Statistic; anything else must be an ExtendedStatistic (a percentile such as p99, or tm99, wm99, tc99, ts99). */
  public static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
  private static final String EXTENDED_STATISTIC =
      "p(100(\\.0+)?|\\d{1,2}(\\.\\d+)?)|(tm|wm|tc|ts)\\d{1,2}(\\.\\d+)?|(TM|WM|TC|TS|PR)\\(.*\\)";
  /** Comparison operators of an alarm with a static threshold (the others are for anomaly detection bands). */
  public static final List<String> COMPARISON_OPERATORS = List.of("GreaterThanOrEqualToThreshold",
      "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold");
  /** With a threshold query (thresholdMetricId, anomaly detection), also the band operators. */
  public static final List<String> ALL_COMPARISON_OPERATORS = List.of("GreaterThanOrEqualToThreshold",
      "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
      "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold");
  public static final List<String> TREAT_MISSING_DATA = List.of("breaching", "notBreaching", "ignore", "missing");
  /** Period × EvaluationPeriods: at most seven days, one day for periods under an hour. */
  static final long MAX_EVALUATION_SECONDS = 7 * 24 * 3600;
  static final long MAX_EVALUATION_SECONDS_SHORT_PERIOD = 24 * 3600;
  /** Dimensions per alarm (the operator adds TableName) and actions per state. */
  static final int MAX_DIMENSIONS = 30;
  static final int MAX_ACTIONS = 5;

  private AlarmRules() {}

  /** Every alarm of a list, and that no two have the same name (alarm names are unique per account and Region). */
  public static void alarms(SpecValidation v, List<AlarmSettings> alarms, String field, Scope table) {
    if (alarms == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < alarms.size(); i++) {
      AlarmSettings a = alarms.get(i);
      String at = field + "[" + i + "]";
      alarm(v, a, at, table);
      v.check(a.name == null || names.add(a.name), at + ".name", "duplicate alarm name " + a.name
          + " (an alarm name is unique per account and Region; the second would replace the first)");
    }
  }

  /** One alarm: on one metric (metricName) or on metric math (metrics), with a static or a query's threshold. */
  public static void alarm(SpecValidation v, AlarmSettings a, String field, Scope table) {
    boolean math = a.metrics != null && !a.metrics.isEmpty();
    boolean band = a.thresholdMetricId != null;
    v.required(a.name, field + ".name").length(a.name, 1, 255, field + ".name")
        .length(a.description, 0, 1024, field + ".description")
        .check(math || a.metricName != null, field + ".metricName", "required unless metrics (metric math) is given")
        .check(!math || a.metricName == null, field + ".metrics", "metric math and metricName exclude each other")
        .length(a.metricName, 1, 255, field + ".metricName")
        .length(a.namespace, 1, 255, field + ".namespace")
        .check(a.namespace == null || !a.namespace.startsWith(":"), field + ".namespace", "must not start with ':'")
        .check(a.statistic == null || STATISTICS.contains(a.statistic) || a.statistic.matches(EXTENDED_STATISTIC),
            field + ".statistic", "'" + a.statistic + "' is not a statistic: use one of " + STATISTICS.stream().sorted()
                .toList() + " or a percentile such as p99 (also tm99, wm99, tc99, ts99)")
        .check(!math || a.statistic == null, field + ".statistic", "metric math queries carry their own stat")
        .check(a.threshold != null || band, field + ".threshold", "required unless thresholdMetricId is given")
        .required(a.comparisonOperator, field + ".comparisonOperator")
        .check(a.comparisonOperator == null || (band ? ALL_COMPARISON_OPERATORS : COMPARISON_OPERATORS)
            .contains(a.comparisonOperator), field + ".comparisonOperator", "'" + a.comparisonOperator
            + "' is not one of " + (band ? ALL_COMPARISON_OPERATORS : COMPARISON_OPERATORS))
        .check(a.treatMissingData == null || TREAT_MISSING_DATA.contains(a.treatMissingData),
            field + ".treatMissingData", "'" + a.treatMissingData + "' is not one of " + TREAT_MISSING_DATA)
        .check(a.evaluateLowSampleCountPercentile == null || List.of("evaluate", "ignore")
            .contains(a.evaluateLowSampleCountPercentile), field + ".evaluateLowSampleCountPercentile",
            "'" + a.evaluateLowSampleCountPercentile + "' is not one of [evaluate, ignore]");
    if (math) {
      v.check(a.periodSeconds == null || validPeriod(a.periodSeconds), field + ".periodSeconds",
          "must be 10, 20, 30 or a multiple of 60 seconds, not " + a.periodSeconds);
      v.required(a.evaluationPeriods, field + ".evaluationPeriods").atLeast(a.evaluationPeriods, 1,
          field + ".evaluationPeriods");
      queries(v, a.metrics, field + ".metrics");
    } else {
      period(v, a.periodSeconds, a.evaluationPeriods, a.datapointsToAlarm, field);
    }
    v.check(a.datapointsToAlarm == null || a.evaluationPeriods == null || !math
        || a.datapointsToAlarm <= a.evaluationPeriods, field + ".datapointsToAlarm", "must not exceed"
        + " evaluationPeriods (" + a.evaluationPeriods + "), not " + a.datapointsToAlarm);
    dimensions(v, a.extraDimensions, field + ".extraDimensions");
    actions(v, a.alarmActions, field + ".alarmActions", table);
    actions(v, a.okActions, field + ".okActions", table);
    actions(v, a.insufficientDataActions, field + ".insufficientDataActions", table);
  }

  /** Metric math: unique ids starting with a lowercase letter, exactly one query whose result the alarm watches. */
  private static void queries(SpecValidation v, List<AlarmSettings.MetricQuery> queries, String field) {
    v.check(queries.stream().filter(q -> Boolean.TRUE.equals(q.returnData)).count() == 1, field,
        "exactly one query has returnData true");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < queries.size(); i++) {
      AlarmSettings.MetricQuery q = queries.get(i);
      String at = field + "[" + i + "]";
      v.required(q.id, at + ".id").matches(q.id, "^[a-z][a-zA-Z0-9_]{0,254}$", at + ".id",
              "query id (a lowercase letter, then letters, digits, '_')")
          .check(q.id == null || ids.add(q.id), at + ".id", "duplicate query id " + q.id)
          .check((q.expression != null) != (q.metricName != null), at, "set exactly one of expression or metricName")
          .check(q.metricPeriodSeconds == null || validPeriod(q.metricPeriodSeconds), at + ".metricPeriodSeconds",
              "must be 10, 20, 30 or a multiple of 60 seconds, not " + q.metricPeriodSeconds);
    }
  }

  private static boolean validPeriod(int period) {
    return period == 10 || period == 20 || period == 30 || (period > 0 && period % 60 == 0);
  }

  /**
   * Period 10, 20, 30 or a multiple of 60 seconds; EvaluationPeriods ≥ 1; Period × EvaluationPeriods at most 7 days
   * (1 day for periods under an hour); DatapointsToAlarm between 1 and EvaluationPeriods.
   */
  public static void period(SpecValidation v, Integer period, Integer evaluationPeriods, Integer datapointsToAlarm,
      String field) {
    v.required(period, field + ".periodSeconds").required(evaluationPeriods, field + ".evaluationPeriods")
        .check(period == null || validPeriod(period), field + ".periodSeconds",
            "must be 10, 20, 30 or a multiple of 60 seconds, not " + period)
        .atLeast(evaluationPeriods, 1, field + ".evaluationPeriods")
        .atLeast(datapointsToAlarm, 1, field + ".datapointsToAlarm");
    if (period != null && period > 0 && evaluationPeriods != null && evaluationPeriods > 0) {
      long span = (long) period * evaluationPeriods;
      long max = period < 3600 ? MAX_EVALUATION_SECONDS_SHORT_PERIOD : MAX_EVALUATION_SECONDS;
      v.check(span <= max, field + ".evaluationPeriods", "periodSeconds × evaluationPeriods is " + span
          + " seconds; CloudWatch evaluates at most " + max + (period < 3600 ? " (one day, for periods under an hour)"
          : " (seven days)"));
      v.check(datapointsToAlarm == null || datapointsToAlarm <= evaluationPeriods, field + ".datapointsToAlarm",
          "must not exceed evaluationPeriods (" + evaluationPeriods + "), not " + datapointsToAlarm);
    }
  }

  private static void dimensions(SpecValidation v, Map<String, String> dimensions, String field) {
    if (dimensions == null) {
      return;
    }
    v.check(dimensions.size() < MAX_DIMENSIONS, field, "at most " + (MAX_DIMENSIONS - 1) + " (an alarm has at most "
        + MAX_DIMENSIONS + " dimensions and the operator adds TableName), not " + dimensions.size());
    dimensions.forEach((name, value) -> v.length(name, 1, 255, field + "[" + name + "]")
        .check(!"TableName".equals(name), field + "[" + name + "]", "TableName is set by the operator to the restored"
            + " table")
        .required(value, field + "[" + name + "]")
        .length(value, 1, 1024, field + "[" + name + "]"));
  }

  private static void actions(SpecValidation v, List<String> actions, String field, Scope table) {
    if (actions == null) {
      return;
    }
    v.check(actions.size() <= MAX_ACTIONS, field, "at most " + MAX_ACTIONS + " actions, not " + actions.size());
    for (int i = 0; i < actions.size(); i++) {
      v.length(actions.get(i), 1, 1024, field + "[" + i + "]");
      ArnRules.alarmAction(v, actions.get(i), field + "[" + i + "]", table);
    }
  }
}
