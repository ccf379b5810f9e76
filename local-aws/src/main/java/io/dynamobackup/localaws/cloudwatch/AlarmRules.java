package io.dynamobackup.localaws.cloudwatch;

import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.rules.TagRules;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch's rules for a metric alarm beyond its service model (lengths, enums and minimums come from the model),
 * each in one place; every violation is a {@code ValidationError}.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
final class AlarmRules {
  static final Set<String> TREAT_MISSING_DATA = Set.of("breaching", "notBreaching", "ignore", "missing");
  static final Set<String> LOW_SAMPLE_COUNT = Set.of("evaluate", "ignore");
  /** Period × EvaluationPeriods may span at most seven days, or one day for periods under an hour. */
  static final long MAX_EVALUATION_SECONDS = 7 * 24 * 3600;
  static final long MAX_EVALUATION_SECONDS_SHORT_PERIOD = 24 * 3600;

  private AlarmRules() {}

  static ApiException invalid(String message) {
    return new ApiException(400, "ValidationError", message);
  }

  /** Checks an alarm on one metric before it is stored (or replaces the alarm of the same name). */
  static void check(MetricAlarm a, Map<String, String> tags, Scope scope) {
    if (a.metrics != null) {
      metricMath(a);
    } else {
      requiredForMetricAlarm(a);
      statistic(a);
      period(a);
    }
    datapoints(a);
    if (a.treatMissingData != null && !TREAT_MISSING_DATA.contains(a.treatMissingData)) {
      throw invalid("The value " + a.treatMissingData + " is not supported for TreatMissingData parameter."
          + " Supported values are [breaching, notBreaching, ignore, missing].");
    }
    if (a.evaluateLowSampleCountPercentile != null && !LOW_SAMPLE_COUNT.contains(a.evaluateLowSampleCountPercentile)) {
      throw invalid("The value " + a.evaluateLowSampleCountPercentile + " is not supported for"
          + " EvaluateLowSampleCountPercentile. Supported values are [evaluate, ignore].");
    }
    for (List<String> actions : List.of(a.okActions, a.alarmActions, a.insufficientDataActions)) {
      actions.forEach(action -> action(action, scope));
    }
    String tagProblem = TagRules.invalidTag(tags, TagRules.Charset.GENERAL);
    if (tagProblem == null) {
      tagProblem = TagRules.tooMany(Map.of(), tags);
    }
    if (tagProblem != null) {
      throw invalid(tagProblem);
    }
  }

  /**
   * An alarm on a single metric names it (MetricName, Namespace), its Period, EvaluationPeriods, ComparisonOperator
   * and static Threshold; the model marks them optional only because metric-math alarms carry them elsewhere.
   */
  private static void requiredForMetricAlarm(MetricAlarm a) {
    String missing = a.metricName == null ? "MetricName" : a.namespace == null ? "Namespace"
        : a.period == null ? "Period" : a.evaluationPeriods == null ? "EvaluationPeriods"
        : a.comparisonOperator == null ? "ComparisonOperator" : a.threshold == null ? "Threshold" : null;
    if (missing != null) {
      throw invalid(missing + " must not be null");
    }
  }

  /**
   * A metric-math alarm carries its metrics in Metrics only (not MetricName, Namespace, Statistic, ExtendedStatistic,
   * Dimensions, Period), has EvaluationPeriods, ComparisonOperator and a Threshold or ThresholdMetricId; each query is
   * a metric (MetricStat) or an Expression, ids are unique, and exactly one query returns data (ReturnData, true when
   * omitted).
   */
  private static void metricMath(MetricAlarm a) {
    if (a.metricName != null || a.namespace != null || a.statistic != null || a.extendedStatistic != null
        || !a.dimensions.isEmpty() || a.period != null) {
      throw invalid("Metrics list cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic,"
          + " Dimensions or Period");
    }
    String missing = a.evaluationPeriods == null ? "EvaluationPeriods" : a.comparisonOperator == null
        ? "ComparisonOperator" : a.threshold == null && a.thresholdMetricId == null ? "Threshold" : null;
    if (missing != null) {
      throw invalid(missing + " must not be null");
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    int returning = 0;
    for (com.fasterxml.jackson.databind.JsonNode query : a.metrics) {
      String id = query.path("Id").asText();
      if (!ids.add(id)) {
        throw invalid("The Id " + id + " is used more than once in the Metrics list.");
      }
      if (query.has("MetricStat") == query.has("Expression")) {
        throw invalid("Exactly one of MetricStat and Expression must be specified for the metric " + id + ".");
      }
      if (!"false".equals(query.path("ReturnData").asText("true"))) {
        returning++;
      }
      int period = query.has("MetricStat") ? query.path("MetricStat").path("Period").asInt(0)
          : query.path("Period").asInt(60);
      if (query.has("MetricStat") && !(period == 10 || period == 20 || period == 30 || (period > 0 && period % 60 == 0))) {
        throw invalid("Period must be 10, 20, 30 or a multiple of 60 seconds (was " + period + ") for metric " + id);
      }
    }
    if (returning != 1) {
      throw invalid("Exactly one element of the metrics list should return data.");
    }
  }

  /** Exactly one of Statistic and ExtendedStatistic (a percentile p0.0–p100 or a trimmed statistic such as tm99). */
  private static void statistic(MetricAlarm a) {
    if (a.statistic != null && a.extendedStatistic != null) {
      throw invalid("Statistic and ExtendedStatistic cannot both be specified");
    }
    if (a.statistic == null && a.extendedStatistic == null) {
      throw invalid("Either Statistic or ExtendedStatistic must be specified");
    }
    if (a.extendedStatistic != null && !a.extendedStatistic.matches(
        "p(100(\\.0+)?|\\d{1,2}(\\.\\d+)?)|(tm|wm|tc|ts)\\d{1,2}(\\.\\d+)?|(TM|WM|TC|TS|PR)\\(.*\\)")) {
      throw invalid("Invalid ExtendedStatistic " + a.extendedStatistic
          + ": use a percentile p0.0 to p100 or a statistic such as tm99, wm99, tc99, ts99");
    }
  }

  /** Valid periods are 10, 20, 30 or a multiple of 60 seconds; the evaluation range is bounded. */
  private static void period(MetricAlarm a) {
    int p = a.period;
    if (!(p == 10 || p == 20 || p == 30 || (p > 0 && p % 60 == 0))) {
      throw invalid("Period must be 10, 20, 30 or a multiple of 60 seconds (was " + p + ")");
    }
    long span = (long) p * a.evaluationPeriods;
    if (span > MAX_EVALUATION_SECONDS) {
      throw invalid("Period multiplied by EvaluationPeriods must not exceed 604800 seconds (one week); was " + span);
    }
    if (p < 3600 && span > MAX_EVALUATION_SECONDS_SHORT_PERIOD) {
      throw invalid("For periods under one hour, Period multiplied by EvaluationPeriods must not exceed 86400 seconds"
          + " (one day); was " + span);
    }
  }

  /** An "M out of N" alarm: DatapointsToAlarm (M) must not exceed EvaluationPeriods (N). */
  private static void datapoints(MetricAlarm a) {
    if (a.datapointsToAlarm != null && a.datapointsToAlarm > a.evaluationPeriods) {
      throw invalid("DatapointsToAlarm (" + a.datapointsToAlarm + ") must be less than or equal to EvaluationPeriods ("
          + a.evaluationPeriods + ")");
    }
  }

  /**
   * Alarm actions run in the alarm's Region: an action ARN (SNS topic, scaling policy, EC2 action) of another Region
   * is refused.
   */
  private static void action(String action, Scope scope) {
    Arns.Arn arn = Arns.parse(action);
    if (arn == null) {
      throw invalid("Invalid action ARN: " + action);
    }
    if (!arn.region().isEmpty() && !arn.region().equals(scope.region())) {
      throw invalid("Invalid region " + arn.region() + " specified. Only " + scope.region() + " is supported.");
    }
    if (!arn.partition().equals(scope.partition())) {
      throw invalid("Invalid action ARN " + action + ": partition " + arn.partition() + " does not match "
          + scope.partition());
    }
  }
}
