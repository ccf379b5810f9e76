package io.dynamobackup.operator.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Partitions;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.rules.Scope;
import io.dynamobackup.operator.rules.TableRules;
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

  /**
   * Every rule of spec.settings for a table in {@code table} (null when its Region is not known yet): the shared rules
   * of tags, TTL, stream, resource policies, auto scaling and alarms ({@link TableRules}), and those of the settings
   * only a restore applies.
   */
  static void check(TableSettings s, Scope table, SpecValidation v) {
    TableRules.settings(v, s, "spec.settings", table);
    String targetRegion = table == null ? null : table.region();
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
        String field = SETTINGS + "kinesisDestinations[" + i + "].streamArn";
        String arn = s.kinesisDestinations.get(i).streamArn;
        v.matches(arn, KinesisDestination.STREAM_ARN, field, "Kinesis stream ARN");
        // EnableKinesisStreamingDestination: the stream is in the table's account and Region.
        sameRegion(arn, KinesisDestination.STREAM_ARN, table, field, "a table streams only to a Kinesis stream of its"
            + " own Region", v);
      }
    }
    if (s.streamTriggers != null) {
      // Lambda allows one mapping per function and event source (CreateEventSourceMapping ResourceConflictException).
      unique(s.streamTriggers, t -> t.functionArn, "streamTriggers", "functionArn", v);
      for (int i = 0; i < s.streamTriggers.size(); i++) {
        trigger(s.streamTriggers.get(i), SETTINGS + "streamTriggers[" + i + "].", v);
        // CreateEventSourceMapping: a function reads a DynamoDB stream of its own Region.
        sameRegion(s.streamTriggers.get(i).functionArn, StreamTrigger.FUNCTION_ARN, table,
            SETTINGS + "streamTriggers[" + i + "].functionArn", "a Lambda function reads streams of its own Region", v);
      }
    }
    if (s.replicas != null) {
      unique(s.replicas, r -> r.regionName, "replicas", "regionName", v);
      for (int i = 0; i < s.replicas.size(); i++) {
        String region = s.replicas.get(i).regionName;
        String field = SETTINGS + "replicas[" + i + "].regionName";
        v.region(region, field)
            .check(region == null || !region.equals(targetRegion), field, "is the restored table's own Region");
        // A global table's replicas are Regions of the table's partition.
        if (region != null && table != null && region.matches(ApiPatterns.REGION)) {
          String problem = Partitions.copyProblem(table.region(), region);
          v.check(problem == null, field, "a global table stays inside its partition: " + table.region() + " is in "
              + table.partition() + ", " + region + " in " + Partitions.of(region));
        }
      }
    }
  }

  /** An ARN that matched {@code pattern} names a resource of the table's Region, when that is known. */
  private static void sameRegion(String arn, String pattern, Scope table, String field, String why, SpecValidation v) {
    if (arn == null || table == null || !arn.matches(pattern)) {
      return;
    }
    String region = Arn.parse(arn).region();
    v.check(region.equals(table.region()), field, "is in " + region + ", the table in " + table.region() + ": " + why);
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

  private static <T> void unique(List<T> items, Function<T, String> key, String list, String what,
      SpecValidation v) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String k = key.apply(item);
      v.check(k == null || seen.add(k), SETTINGS + list, "names " + what + " " + k + " twice");
    }
  }
}
