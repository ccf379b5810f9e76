package io.dynamobackup.operator.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TimeToLiveSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes that take a table's actual settings to the desired ones, in the order they are safe to apply: tags and
 * policy first, then PITR, stream and TTL (DynamoDB allows one stream or TTL change at a time, and changing an enabled
 * stream's view type or TTL attribute needs a disable first), then auto scaling (registering a scalable target makes
 * Application Auto Scaling update the table's capacity, an UpdateTable of its own that must not meet a stream change
 * still in progress, and the applier only gets here once stream and TTL are settled), then alarms (pure monitoring,
 * created once the table is configured), deletion protection last (a half-configured table is not locked).
 * Auto scaling and alarms are additive, like tags: targets, policies and alarms that are not desired are left alone.
 */
final class SettingsDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind { TAGS, RESOURCE_POLICY, POINT_IN_TIME_RECOVERY, STREAM, TIME_TO_LIVE, AUTO_SCALING, ALARMS,
    DELETION_PROTECTION }

  /**
   * One change; {@code value} is a tag map, a policy string, a Boolean, a StreamSettings, a TimeToLiveSettings, a list
   * of AutoScalingSettings (targets to register / policies to put) or a list of AlarmSettings (alarms to put).
   */
  record Change(Kind kind, Object value, String description) {}

  private SettingsDiff() {}

  static List<Change> between(TableSettings desired, TableSettings actual) {
    List<Change> changes = new ArrayList<>();
    if (desired.tags != null) {
      Map<String, String> missing = new LinkedHashMap<>();
      desired.tags.forEach((key, value) -> {
        if (actual.tags == null || !value.equals(actual.tags.get(key))) {
          missing.put(key, value);
        }
      });
      if (!missing.isEmpty()) {
        changes.add(new Change(Kind.TAGS, missing, "tags " + missing.keySet()));
      }
    }
    if (desired.resourcePolicy != null && !sameJson(desired.resourcePolicy, actual.resourcePolicy)) {
      changes.add(new Change(Kind.RESOURCE_POLICY, desired.resourcePolicy, "resource policy"));
    }
    if (desired.pointInTimeRecovery != null && !desired.pointInTimeRecovery.equals(actual.pointInTimeRecovery)) {
      changes.add(new Change(Kind.POINT_IN_TIME_RECOVERY, desired.pointInTimeRecovery,
          "point-in-time recovery " + onOff(desired.pointInTimeRecovery)));
    }
    stream(desired.stream, actual.stream, changes);
    timeToLive(desired.timeToLive, actual.timeToLive, changes);
    autoScaling(desired.autoScaling, actual.autoScaling, changes);
    alarms(desired.alarms, actual.alarms, changes);
    if (desired.deletionProtection != null && !desired.deletionProtection.equals(actual.deletionProtection)) {
      changes.add(new Change(Kind.DELETION_PROTECTION, desired.deletionProtection,
          "deletion protection " + onOff(desired.deletionProtection)));
    }
    return changes;
  }

  private static void stream(StreamSettings desired, StreamSettings actual, List<Change> changes) {
    if (desired == null || desired.enabled == null) {
      return;
    }
    boolean actualEnabled = actual != null && Boolean.TRUE.equals(actual.enabled);
    if (!desired.enabled) {
      if (actualEnabled) {
        changes.add(new Change(Kind.STREAM, new StreamSettings(false, null), "stream off"));
      }
    } else if (!actualEnabled) {
      changes.add(new Change(Kind.STREAM, desired, "stream on (" + desired.viewType + ")"));
    } else if (desired.viewType != null && desired.viewType != actual.viewType) {
      changes.add(new Change(Kind.STREAM, new StreamSettings(false, null),
          "stream off, to change its view type to " + desired.viewType));
    }
  }

  private static void timeToLive(TimeToLiveSettings desired, TimeToLiveSettings actual, List<Change> changes) {
    if (desired == null || desired.enabled == null) {
      return;
    }
    boolean actualEnabled = actual != null && Boolean.TRUE.equals(actual.enabled);
    if (!desired.enabled) {
      if (actualEnabled) {
        changes.add(new Change(Kind.TIME_TO_LIVE, new TimeToLiveSettings(false, actual.attributeName), "TTL off"));
      }
    } else if (!actualEnabled) {
      changes.add(new Change(Kind.TIME_TO_LIVE, desired, "TTL on (" + desired.attributeName + ")"));
    } else if (!Objects.equals(desired.attributeName, actual.attributeName)) {
      changes.add(new Change(Kind.TIME_TO_LIVE, new TimeToLiveSettings(false, actual.attributeName),
          "TTL off, to move it to attribute " + desired.attributeName));
    }
  }

  private static void autoScaling(List<AutoScalingSettings> desired, List<AutoScalingSettings> actual,
      List<Change> changes) {
    if (desired == null) {
      return;
    }
    List<AutoScalingSettings> missing = new ArrayList<>();
    for (AutoScalingSettings want : desired) {
      AutoScalingSettings have = actual == null ? null : actual.stream()
          .filter(a -> Objects.equals(a.indexName, want.indexName) && a.dimension == want.dimension)
          .findFirst().orElse(null);
      if (have == null || !sameScaling(want, have)) {
        missing.add(want);
      }
    }
    if (!missing.isEmpty()) {
      changes.add(new Change(Kind.AUTO_SCALING, missing, "auto scaling " + missing.stream()
          .map(s -> (s.indexName == null ? "table" : "index " + s.indexName) + " " + s.dimension).toList()));
    }
  }

  private static boolean sameScaling(AutoScalingSettings want, AutoScalingSettings have) {
    return Objects.equals(want.minCapacity, have.minCapacity) && Objects.equals(want.maxCapacity, have.maxCapacity)
        && (want.targetUtilization == null || (Objects.equals(want.targetUtilization, have.targetUtilization)
            && Objects.equals(want.scaleInCooldownSeconds, have.scaleInCooldownSeconds)
            && Objects.equals(want.scaleOutCooldownSeconds, have.scaleOutCooldownSeconds)));
  }

  private static void alarms(List<AlarmSettings> desired, List<AlarmSettings> actual, List<Change> changes) {
    if (desired == null) {
      return;
    }
    List<AlarmSettings> missing = new ArrayList<>();
    for (AlarmSettings want : desired) {
      AlarmSettings have = actual == null ? null
          : actual.stream().filter(a -> Objects.equals(a.name, want.name)).findFirst().orElse(null);
      if (have == null || !sameAlarm(want, have)) {
        missing.add(want);
      }
    }
    if (!missing.isEmpty()) {
      changes.add(new Change(Kind.ALARMS, missing, "alarms " + missing.stream().map(a -> a.name).toList()));
    }
  }

  private static boolean sameAlarm(AlarmSettings want, AlarmSettings have) {
    return Objects.equals(want.metricName, have.metricName)
        && Objects.equals(orDefault(want.namespace, "AWS/DynamoDB"), orDefault(have.namespace, "AWS/DynamoDB"))
        && Objects.equals(orDefault(want.statistic, "Sum"), orDefault(have.statistic, "Sum"))
        && Objects.equals(want.periodSeconds, have.periodSeconds)
        && Objects.equals(want.evaluationPeriods, have.evaluationPeriods)
        && Objects.equals(want.threshold, have.threshold)
        && Objects.equals(want.comparisonOperator, have.comparisonOperator)
        && Objects.equals(orEmpty(want.extraDimensions), orEmpty(have.extraDimensions))
        && Objects.equals(want.alarmActions == null ? List.of() : want.alarmActions,
            have.alarmActions == null ? List.of() : have.alarmActions);
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static boolean sameJson(String a, String b) {
    if (b == null) {
      return false;
    }
    try {
      JsonNode left = JSON.readTree(a);
      JsonNode right = JSON.readTree(b);
      return left.equals(right);
    } catch (java.io.IOException e) {
      return a.equals(b);
    }
  }

  private static String onOff(boolean value) {
    return value ? "on" : "off";
  }
}
