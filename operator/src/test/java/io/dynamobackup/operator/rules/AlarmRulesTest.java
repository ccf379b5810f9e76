package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class AlarmRulesTest {
  private static final Scope EU = Scope.of("eu-west-1", "111122223333", "the table's Region eu-west-1");

  public static AlarmSettings alarm(String name) {
    AlarmSettings a = new AlarmSettings();
    a.name = name;
    a.metricName = "ThrottledRequests";
    a.statistic = "Sum";
    a.periodSeconds = 60;
    a.evaluationPeriods = 5;
    a.threshold = 1.0;
    a.comparisonOperator = "GreaterThanOrEqualToThreshold";
    return a;
  }

  private static List<String> check(List<AlarmSettings> alarms) {
    SpecValidation v = new SpecValidation();
    AlarmRules.alarms(v, alarms, "spec.settings.alarms", EU);
    return v.problems();
  }

  @Test
  void aValidAlarmPasses() {
    AlarmSettings a = alarm("orders-throttled");
    a.statistic = "p99";
    a.periodSeconds = 10;
    a.extraDimensions = Map.of("Operation", "PutItem");
    a.alarmActions = List.of("arn:aws:sns:eu-west-1:111122223333:oncall");
    assertThat(check(List.of(a, alarm("orders-latency")))).isEmpty();
  }

  @Test
  void everyProblemOfEveryAlarmIsReportedAtOnce() {
    AlarmSettings bad = alarm("bad");
    bad.periodSeconds = 7;
    bad.evaluationPeriods = -3;
    bad.statistic = "Median";
    bad.comparisonOperator = "LessThanLowerThreshold";
    bad.threshold = null;
    bad.alarmActions = List.of("arn:aws:sns:us-east-1:111122223333:oncall", "not-an-arn");
    bad.extraDimensions = Map.of("TableName", "other");
    AlarmSettings duplicate = alarm("bad");
    duplicate.metricName = null;
    assertThat(check(List.of(bad, duplicate))).containsExactlyInAnyOrder(
        "spec.settings.alarms[0].statistic: 'Median' is not a statistic: use one of [Average, Maximum, Minimum,"
            + " SampleCount, Sum] or a percentile such as p99 (also tm99, wm99, tc99, ts99)",
        "spec.settings.alarms[0].threshold: required unless thresholdMetricId is given",
        "spec.settings.alarms[0].comparisonOperator: 'LessThanLowerThreshold' is not one of"
            + " [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]",
        "spec.settings.alarms[0].periodSeconds: must be 10, 20, 30 or a multiple of 60 seconds, not 7",
        "spec.settings.alarms[0].evaluationPeriods: must be at least 1, not -3",
        "spec.settings.alarms[0].extraDimensions[TableName]: TableName is set by the operator to the restored table",
        "spec.settings.alarms[0].alarmActions[0]: the action is in us-east-1, but the alarm is in eu-west-1:"
            + " CloudWatch runs alarm actions only in the alarm's own Region",
        "spec.settings.alarms[0].alarmActions[1]: 'not-an-arn' is not an ARN",
        "spec.settings.alarms[1].metricName: required unless metrics (metric math) is given",
        "spec.settings.alarms[1].name: duplicate alarm name bad (an alarm name is unique per account and Region; the"
            + " second would replace the first)");
  }

  @Test
  void theEvaluationRangeAndDatapointsAreBounded() {
    SpecValidation v = new SpecValidation();
    AlarmRules.period(v, 60, 1441, 2000, "a");
    AlarmRules.period(v, 3600, 169, null, "b");
    AlarmRules.period(v, 3600, 168, 3, "c");
    assertThat(v.problems()).containsExactly(
        "a.evaluationPeriods: periodSeconds × evaluationPeriods is 86460 seconds; CloudWatch evaluates at most 86400"
            + " (one day, for periods under an hour)",
        "a.datapointsToAlarm: must not exceed evaluationPeriods (1441), not 2000",
        "b.evaluationPeriods: periodSeconds × evaluationPeriods is 608400 seconds; CloudWatch evaluates at most"
            + " 604800 (seven days)");
  }

  @Test
  void metricMathAlarmsAreChecked() {
    AlarmSettings math = alarm("orders-error-rate");
    math.metricName = null;
    math.statistic = null;
    math.periodSeconds = null;
    AlarmSettings.MetricQuery errors = new AlarmSettings.MetricQuery();
    errors.id = "e1";
    errors.metricName = "SystemErrors";
    errors.metricPeriodSeconds = 60;
    AlarmSettings.MetricQuery rate = new AlarmSettings.MetricQuery();
    rate.id = "rate";
    rate.expression = "e1 / 60";
    rate.returnData = true;
    math.metrics = List.of(errors, rate);
    assertThat(check(List.of(math))).isEmpty();

    AlarmSettings.MetricQuery bad = new AlarmSettings.MetricQuery();
    bad.id = "Rate";
    bad.expression = "e1";
    bad.metricName = "SystemErrors";
    bad.metricPeriodSeconds = 45;
    math.metrics = List.of(errors, bad, errors);
    math.metricName = "SystemErrors";
    math.comparisonOperator = "LessThanLowerOrGreaterThanUpperThreshold";
    assertThat(check(List.of(math))).containsExactlyInAnyOrder(
        "spec.settings.alarms[0].metrics: metric math and metricName exclude each other",
        "spec.settings.alarms[0].comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' is not one of"
            + " [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]",
        "spec.settings.alarms[0].metrics: exactly one query has returnData true",
        "spec.settings.alarms[0].metrics[1].id: 'Rate' is not a valid query id (a lowercase letter, then letters,"
            + " digits, '_')",
        "spec.settings.alarms[0].metrics[1]: set exactly one of expression or metricName",
        "spec.settings.alarms[0].metrics[1].metricPeriodSeconds: must be 10, 20, 30 or a multiple of 60 seconds, not 45",
        "spec.settings.alarms[0].metrics[2].id: duplicate query id e1");
    math.thresholdMetricId = "band";
    math.threshold = null;
    math.metricName = null;
    math.metrics = List.of(errors, rate);
    assertThat(check(List.of(math))).isEmpty();
  }
}
