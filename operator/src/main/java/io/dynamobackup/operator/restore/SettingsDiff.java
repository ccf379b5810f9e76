package io.dynamobackup.operator.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
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
 * stream's view type or TTL attribute needs a disable first), deletion protection last.
 */
final class SettingsDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind { TAGS, RESOURCE_POLICY, POINT_IN_TIME_RECOVERY, STREAM, TIME_TO_LIVE, DELETION_PROTECTION }

  /** One change; {@code value} is a tag map, a policy string, a Boolean, a StreamSettings or a TimeToLiveSettings. */
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
