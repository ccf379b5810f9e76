package io.dynamobackup.operator.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The AWS rules spec.settings must satisfy, checked before any AWS call (each cites the API that enforces it; local-aws
 * enforces the same rules, see its rules table).
 */
final class SettingsSpecs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SETTINGS = "spec.settings.";

  private SettingsSpecs() {}

  static void check(TableSettings s, String targetRegion, SpecValidation v) {
    if (s.stream != null) {
      v.check(!Boolean.TRUE.equals(s.stream.enabled) || s.stream.viewType != null, SETTINGS + "stream.viewType",
          "required when the stream is enabled");
    }
    if (s.timeToLive != null) {
      v.check(!Boolean.TRUE.equals(s.timeToLive.enabled) || s.timeToLive.attributeName != null,
          SETTINGS + "timeToLive.attributeName", "required when TTL is enabled");
    }
    if (s.tags != null) {
      v.check(s.tags.keySet().stream().noneMatch(k -> k.startsWith("aws:")), SETTINGS + "tags",
          "keys starting with aws: are reserved by AWS");
    }
    policy(s.resourcePolicy, "resourcePolicy", v);
    policy(s.streamResourcePolicy, "streamResourcePolicy", v);
    // UpdateContinuousBackups: RecoveryPeriodInDays 1–35, with PITR on.
    Integer days = s.pointInTimeRecoveryPeriodInDays;
    v.check(days == null || (days >= 1 && days <= 35), SETTINGS + "pointInTimeRecoveryPeriodInDays",
        "must be 1 to 35 days").check(days == null || !Boolean.FALSE.equals(s.pointInTimeRecovery),
        SETTINGS + "pointInTimeRecoveryPeriodInDays", "needs pointInTimeRecovery on");
    throughput(s.onDemandThroughput, s.warmThroughput, SETTINGS, v);
    if (s.globalSecondaryIndexes != null) {
      unique(s.globalSecondaryIndexes, i -> i.indexName, "globalSecondaryIndexes", "indexName", v);
      for (int i = 0; i < s.globalSecondaryIndexes.size(); i++) {
        ThroughputSettings.Index index = s.globalSecondaryIndexes.get(i);
        String field = SETTINGS + "globalSecondaryIndexes[" + i + "].";
        v.required(index.indexName, field + "indexName");
        throughput(index.onDemandThroughput, index.warmThroughput, field, v);
      }
    }
    if (s.kinesisDestinations != null) {
      unique(s.kinesisDestinations, d -> d.streamArn, "kinesisDestinations", "streamArn", v);
      for (int i = 0; i < s.kinesisDestinations.size(); i++) {
        v.matches(s.kinesisDestinations.get(i).streamArn, KinesisDestination.STREAM_ARN,
            SETTINGS + "kinesisDestinations[" + i + "].streamArn", "Kinesis stream ARN");
      }
    }
    if (s.streamTriggers != null) {
      // Lambda allows one mapping per function and event source (CreateEventSourceMapping ResourceConflictException).
      unique(s.streamTriggers, t -> t.functionArn, "streamTriggers", "functionArn", v);
      for (int i = 0; i < s.streamTriggers.size(); i++) {
        trigger(s.streamTriggers.get(i), SETTINGS + "streamTriggers[" + i + "].", v);
      }
    }
    if (s.replicas != null) {
      unique(s.replicas, r -> r.regionName, "replicas", "regionName", v);
      for (int i = 0; i < s.replicas.size(); i++) {
        String region = s.replicas.get(i).regionName;
        v.matches(region, ApiPatterns.REGION, SETTINGS + "replicas[" + i + "].regionName", "AWS Region")
            .check(region == null || !region.equals(targetRegion), SETTINGS + "replicas[" + i + "].regionName",
                "is the restored table's own Region");
      }
    }
    if (s.autoScaling != null) {
      unique(s.autoScaling, a -> a.indexName + "/" + a.dimension, "autoScaling", "indexName and dimension", v);
      for (int i = 0; i < s.autoScaling.size(); i++) {
        scaling(s.autoScaling.get(i), SETTINGS + "autoScaling[" + i + "].", v);
      }
    }
    if (s.alarms != null) {
      unique(s.alarms, a -> a.name, "alarms", "name", v);
      for (int i = 0; i < s.alarms.size(); i++) {
        alarm(s.alarms.get(i), SETTINGS + "alarms[" + i + "].", v);
      }
    }
  }

  private static void policy(String policy, String name, SpecValidation v) {
    if (policy == null || policy.isEmpty()) {
      return;
    }
    try {
      v.check(JSON.readTree(policy).isObject(), SETTINGS + name, "is not a JSON policy document");
    } catch (IOException e) {
      v.check(false, SETTINGS + name, "is not a JSON document (\"\" means no policy)");
    }
  }

  /** UpdateTable: OnDemandThroughput ≥ 1 or -1 (no maximum); WarmThroughput ≥ 1. */
  private static void throughput(ThroughputSettings.OnDemand onDemand, ThroughputSettings.Warm warm, String field,
      SpecValidation v) {
    if (onDemand != null) {
      for (Long units : new Long[] {onDemand.maxReadRequestUnits, onDemand.maxWriteRequestUnits}) {
        v.check(units == null || units == -1 || units >= 1, field + "onDemandThroughput", "request units are at least 1,"
            + " or -1 for no maximum");
      }
    }
    if (warm != null) {
      v.check((warm.readUnitsPerSecond == null || warm.readUnitsPerSecond >= 1)
          && (warm.writeUnitsPerSecond == null || warm.writeUnitsPerSecond >= 1), field + "warmThroughput",
          "units per second are at least 1");
    }
  }

  /** Lambda CreateEventSourceMapping for DynamoDB streams. */
  private static void trigger(StreamTrigger t, String field, SpecValidation v) {
    v.required(t.functionArn, field + "functionArn")
        .matches(t.functionArn, StreamTrigger.FUNCTION_ARN, field + "functionArn", "Lambda function ARN")
        .check(t.maximumRecordAgeInSeconds == null || t.maximumRecordAgeInSeconds == -1
            || (t.maximumRecordAgeInSeconds >= 60 && t.maximumRecordAgeInSeconds <= 604800),
            field + "maximumRecordAgeInSeconds", "must be -1 or 60 to 604800")
        .check(t.filterPatterns == null || t.filterPatterns.size() <= 5, field + "filterPatterns",
            "at most 5 filters");
    if (t.filterPatterns != null) {
      for (String pattern : t.filterPatterns) {
        policy(pattern, field.substring(SETTINGS.length()) + "filterPatterns", v);
      }
    }
  }

  /** RegisterScalableTarget and PutScalingPolicy for DynamoDB. */
  private static void scaling(AutoScalingSettings a, String field, SpecValidation v) {
    v.required(a.dimension, field + "dimension").required(a.minCapacity, field + "minCapacity")
        .required(a.maxCapacity, field + "maxCapacity").atLeast(a.minCapacity, 1, field + "minCapacity")
        .check(a.minCapacity == null || a.maxCapacity == null || a.minCapacity <= a.maxCapacity, field + "maxCapacity",
            "must be at least minCapacity")
        .check(a.targetUtilization == null || (a.targetUtilization >= 20 && a.targetUtilization <= 90),
            field + "targetUtilization", "must be 20 to 90 percent for DynamoDB");
    if (a.scheduledActions != null) {
      unique(a.scheduledActions, s -> s.name, field.substring(SETTINGS.length()) + "scheduledActions", "name", v);
      for (int i = 0; i < a.scheduledActions.size(); i++) {
        var action = a.scheduledActions.get(i);
        String at = field + "scheduledActions[" + i + "].";
        v.required(action.name, at + "name").required(action.schedule, at + "schedule")
            .matches(action.schedule, "^(at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)|rate\\(\\d+ (minute|minutes|"
                + "hour|hours|day|days)\\)|cron\\(\\S+( \\S+){5}\\))$", at + "schedule",
                "at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(6 fields)")
            .check(action.minCapacity == null || action.maxCapacity == null
                || action.minCapacity <= action.maxCapacity, at + "maxCapacity", "must be at least minCapacity");
      }
    }
  }

  /** PutMetricAlarm. */
  private static void alarm(AlarmSettings a, String field, SpecValidation v) {
    boolean math = a.metrics != null && !a.metrics.isEmpty();
    v.required(a.name, field + "name").required(a.evaluationPeriods, field + "evaluationPeriods")
        .required(a.comparisonOperator, field + "comparisonOperator")
        .check(math || a.metricName != null, field + "metricName", "required unless metrics (metric math) is given")
        .check(!math || a.metricName == null, field + "metrics", "metric math and metricName exclude each other")
        .check(a.threshold != null || a.thresholdMetricId != null, field + "threshold",
            "required unless thresholdMetricId is given")
        .check(a.periodSeconds == null || a.periodSeconds == 10 || a.periodSeconds == 20 || a.periodSeconds == 30
            || (a.periodSeconds > 0 && a.periodSeconds % 60 == 0), field + "periodSeconds",
            "must be 10, 20, 30 or a multiple of 60")
        .check(math || a.periodSeconds != null, field + "periodSeconds", "required for an alarm on one metric")
        .check(a.datapointsToAlarm == null || a.evaluationPeriods == null || a.datapointsToAlarm <= a.evaluationPeriods,
            field + "datapointsToAlarm", "must not exceed evaluationPeriods")
        .check(a.treatMissingData == null || List.of("breaching", "notBreaching", "ignore", "missing")
            .contains(a.treatMissingData), field + "treatMissingData", "breaching, notBreaching, ignore or missing");
    if (math) {
      v.check(a.metrics.stream().filter(q -> Boolean.TRUE.equals(q.returnData)).count() == 1, field + "metrics",
          "exactly one query has returnData true");
      unique(a.metrics, q -> q.id, field.substring(SETTINGS.length()) + "metrics", "id", v);
    }
  }

  private static <T> void unique(List<T> items, Function<T, String> key, String list, String what,
      SpecValidation v) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String k = key.apply(item);
      v.check(k == null || seen.add(k), SETTINGS + list, "names " + what + " " + k + " twice");
    }
  }
}
