package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.AlarmSettings.MetricQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/** The CloudWatch metric alarms of a table: read, put (every PutMetricAlarm field but tags) and delete. */
final class SdkAlarms {
  static final String NAMESPACE = "AWS/DynamoDB";
  static final String TABLE_NAME = "TableName";
  /** The statistics PutMetricAlarm takes as Statistic; anything else (p99, tm90, ...) is an ExtendedStatistic. */
  private static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

  private SdkAlarms() {}

  /**
   * The metric alarms on AWS/DynamoDB metrics whose TableName dimension is the table (for metric math: any of its
   * metrics), except the TargetTracking-* alarms Application Auto Scaling manages for its policies.
   *
   * <p>Cost: DescribeAlarms cannot filter by namespace or dimension (DescribeAlarmsForMetric needs the metric name
   * too), so every metric alarm of the account and Region is listed ({@link #list}, 100 per call) — once for the
   * settings reads of a few seconds ({@link AwsClients#metricAlarms}) — and filtered here.
   */
  static List<AlarmSettings> read(List<MetricAlarm> listed, String tableName) {
    List<AlarmSettings> alarms = new ArrayList<>();
    for (MetricAlarm alarm : listed) {
      if (!alarm.alarmName().startsWith("TargetTracking-") && onTable(alarm, tableName)) {
        alarms.add(settings(alarm));
      }
    }
    return alarms;
  }

  /** Every metric alarm of the account and Region (DescribeAlarms, all pages). */
  static List<MetricAlarm> list(CloudWatchClient cloudWatch) {
    List<MetricAlarm> alarms = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> cloudWatch.describeAlarms(b -> b.alarmTypes(AlarmType.METRIC_ALARM)
          .maxRecords(100).nextToken(token)));
      alarms.addAll(page.metricAlarms());
      nextToken = page.nextToken();
    } while (nextToken != null);
    return alarms;
  }

  private static boolean onTable(MetricAlarm alarm, String tableName) {
    if (alarm.hasMetrics() && !alarm.metrics().isEmpty()) {
      return alarm.metrics().stream().anyMatch(q -> q.metricStat() != null
          && NAMESPACE.equals(q.metricStat().metric().namespace()) && names(q.metricStat().metric().dimensions(),
              tableName));
    }
    return NAMESPACE.equals(alarm.namespace()) && names(alarm.dimensions(), tableName);
  }

  private static boolean names(List<Dimension> dimensions, String tableName) {
    return dimensions.stream().anyMatch(d -> d.name().equals(TABLE_NAME) && d.value().equals(tableName));
  }

  private static AlarmSettings settings(MetricAlarm alarm) {
    AlarmSettings s = new AlarmSettings();
    s.name = alarm.alarmName();
    s.description = alarm.alarmDescription();
    s.actionsEnabled = Boolean.FALSE.equals(alarm.actionsEnabled()) ? Boolean.FALSE : null;
    s.alarmActions = orNull(alarm.alarmActions());
    s.okActions = orNull(alarm.okActions());
    s.insufficientDataActions = orNull(alarm.insufficientDataActions());
    s.unit = alarm.unitAsString();
    s.evaluationPeriods = alarm.evaluationPeriods();
    s.datapointsToAlarm = alarm.datapointsToAlarm();
    s.threshold = alarm.threshold();
    s.comparisonOperator = alarm.comparisonOperatorAsString();
    s.treatMissingData = alarm.treatMissingData();
    s.evaluateLowSampleCountPercentile = alarm.evaluateLowSampleCountPercentile();
    s.thresholdMetricId = alarm.thresholdMetricId();
    if (alarm.hasMetrics() && !alarm.metrics().isEmpty()) {
      s.metrics = alarm.metrics().stream().map(SdkAlarms::query).toList();
      return s;
    }
    s.metricName = alarm.metricName();
    s.namespace = alarm.namespace();
    s.statistic = alarm.statistic() != null ? alarm.statisticAsString() : alarm.extendedStatistic();
    s.periodSeconds = alarm.period();
    Map<String, String> extra = new LinkedHashMap<>();
    alarm.dimensions().stream().filter(d -> !d.name().equals(TABLE_NAME)).forEach(d -> extra.put(d.name(), d.value()));
    s.extraDimensions = extra.isEmpty() ? null : extra;
    return s;
  }

  private static MetricQuery query(MetricDataQuery q) {
    MetricQuery m = new MetricQuery();
    m.id = q.id();
    m.expression = q.expression();
    m.label = q.label();
    m.returnData = q.returnData();
    m.periodSeconds = q.period();
    m.accountId = q.accountId();
    if (q.metricStat() != null) {
      m.namespace = q.metricStat().metric().namespace();
      m.metricName = q.metricStat().metric().metricName();
      Map<String, String> dimensions = new LinkedHashMap<>();
      q.metricStat().metric().dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
      m.dimensions = dimensions.isEmpty() ? null : dimensions;
      m.metricPeriodSeconds = q.metricStat().period();
      m.stat = q.metricStat().stat();
      m.unit = q.metricStat().unitAsString();
    }
    return m;
  }

  private static List<String> orNull(List<String> list) {
    return list == null || list.isEmpty() ? null : new ArrayList<>(list);
  }

  /** PutMetricAlarm: an alarm on one metric gets TableName = {@code tableName}; metric math is put as given. */
  static void put(CloudWatchClient cloudWatch, String tableName, AlarmSettings alarm) {
    AwsCalls.run(() -> cloudWatch.putMetricAlarm(request(tableName, alarm)));
  }

  static PutMetricAlarmRequest request(String tableName, AlarmSettings alarm) {
    PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder().alarmName(alarm.name)
        .alarmDescription(alarm.description).actionsEnabled(alarm.actionsEnabled)
        .alarmActions(alarm.alarmActions).okActions(alarm.okActions)
        .insufficientDataActions(alarm.insufficientDataActions).unit(alarm.unit)
        .evaluationPeriods(alarm.evaluationPeriods).datapointsToAlarm(alarm.datapointsToAlarm)
        .threshold(alarm.threshold).comparisonOperator(alarm.comparisonOperator)
        .treatMissingData(alarm.treatMissingData)
        .evaluateLowSampleCountPercentile(alarm.evaluateLowSampleCountPercentile)
        .thresholdMetricId(alarm.thresholdMetricId);
    if (alarm.metrics != null && !alarm.metrics.isEmpty()) {
      return b.metrics(alarm.metrics.stream().map(SdkAlarms::query).toList()).build();
    }
    List<Dimension> dimensions = new ArrayList<>();
    dimensions.add(Dimension.builder().name(TABLE_NAME).value(tableName).build());
    if (alarm.extraDimensions != null) {
      alarm.extraDimensions.forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
    }
    b.namespace(alarm.namespace == null ? NAMESPACE : alarm.namespace).metricName(alarm.metricName)
        .dimensions(dimensions).period(alarm.periodSeconds);
    if (alarm.statistic == null || STATISTICS.contains(alarm.statistic)) {
      b.statistic(alarm.statistic == null ? "Sum" : alarm.statistic);
    } else {
      b.extendedStatistic(alarm.statistic);
    }
    return b.build();
  }

  private static MetricDataQuery query(MetricQuery m) {
    MetricDataQuery.Builder q = MetricDataQuery.builder().id(m.id).expression(m.expression).label(m.label)
        .returnData(m.returnData).period(m.periodSeconds).accountId(m.accountId);
    if (m.metricName != null) {
      List<Dimension> dimensions = new ArrayList<>();
      if (m.dimensions != null) {
        m.dimensions.forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
      }
      q.metricStat(s -> s.metric(x -> x.namespace(m.namespace).metricName(m.metricName).dimensions(dimensions))
          .period(m.metricPeriodSeconds).stat(m.stat).unit(m.unit));
    }
    return q.build();
  }

  static void delete(CloudWatchClient cloudWatch, Collection<String> names) {
    AwsCalls.run(() -> cloudWatch.deleteAlarms(b -> b.alarmNames(names)));
  }
}
