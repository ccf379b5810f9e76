package io.dynamobackup.operator.restore.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TimeToLiveSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table's own settings: tags, resource policies (table and stream), point-in-time recovery and its period,
 * stream, TTL and deletion protection. DynamoDB allows one stream or TTL change at a time, and changing an enabled
 * stream's view type or TTL attribute needs a disable first: those changes settle before the next.
 */
final class BasicSettings {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BasicSettings() {}

  /** Tags are additive: keys the desired settings do not name are left alone. */
  static void tags(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired.tags == null) {
      return;
    }
    Map<String, String> actual = t.actual().tags == null ? Map.of() : t.actual().tags;
    Map<String, String> missing = new LinkedHashMap<>();
    desired.tags.forEach((key, value) -> {
      if (!value.equals(actual.get(key))) {
        missing.put(key, value);
      }
    });
    if (!missing.isEmpty()) {
      out.add(SettingChange.of("tags " + missing.keySet(), "tags " + missing.keySet(),
          () -> t.service().tag(t.region(), t.arn(), missing)));
    }
  }

  /** {@code ""} declares "no policy". */
  static void resourcePolicy(String setting, String desired, String actual, String arn, SettingsTarget t,
      List<SettingChange> out) {
    if (desired == null || arn == null) {
      return;
    }
    if (desired.isEmpty()) {
      if (actual != null) {
        out.add(SettingChange.of(setting, setting + " deleted",
            () -> t.service().deleteResourcePolicy(t.region(), arn)));
      }
    } else if (!sameJson(desired, actual)) {
      out.add(SettingChange.of(setting, setting, () -> t.service().putResourcePolicy(t.region(), arn, desired)));
    }
  }

  static void pointInTimeRecovery(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    TableSettings actual = t.actual();
    Boolean wanted = desired.pointInTimeRecovery;
    boolean on = Boolean.TRUE.equals(actual.pointInTimeRecovery);
    if (wanted == null) {
      // A period alone applies while PITR is on.
      if (on && desired.pointInTimeRecoveryPeriodInDays != null
          && !desired.pointInTimeRecoveryPeriodInDays.equals(actual.pointInTimeRecoveryPeriodInDays)) {
        Integer days = desired.pointInTimeRecoveryPeriodInDays;
        out.add(SettingChange.of("point-in-time recovery period", "point-in-time recovery period " + days + " days",
            () -> t.service().setPointInTimeRecovery(t.region(), t.name(), true, days)));
      }
      return;
    }
    Integer days = desired.pointInTimeRecoveryPeriodInDays;
    boolean periodDiffers = wanted && days != null && !days.equals(actual.pointInTimeRecoveryPeriodInDays);
    if (wanted != on || periodDiffers) {
      out.add(SettingChange.of("point-in-time recovery", "point-in-time recovery " + (wanted ? "on" : "off")
          + (wanted && days != null ? " (" + days + " days)" : ""),
          () -> t.service().setPointInTimeRecovery(t.region(), t.name(), wanted, days)));
    }
  }

  static void stream(StreamSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired == null || desired.enabled == null) {
      return;
    }
    StreamSettings actual = t.actual().stream;
    boolean actualEnabled = actual != null && Boolean.TRUE.equals(actual.enabled);
    if (!desired.enabled) {
      if (actualEnabled) {
        out.add(SettingChange.settling("stream", "stream off",
            () -> t.service().setStream(t.region(), t.name(), false, null)));
      }
    } else if (!actualEnabled) {
      out.add(SettingChange.settling("stream", "stream on (" + desired.viewType + ")",
          () -> t.service().setStream(t.region(), t.name(), true, desired.viewType)));
    } else if (desired.viewType != null && desired.viewType != actual.viewType) {
      out.add(SettingChange.settling("stream view type", "stream off, to change its view type to " + desired.viewType,
          () -> t.service().setStream(t.region(), t.name(), false, null)));
    }
  }

  static void timeToLive(TimeToLiveSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired == null || desired.enabled == null) {
      return;
    }
    TimeToLiveSettings actual = t.actual().timeToLive;
    boolean actualEnabled = actual != null && Boolean.TRUE.equals(actual.enabled);
    if (!desired.enabled) {
      if (actualEnabled) {
        out.add(SettingChange.settling("TTL", "TTL off",
            () -> t.service().setTimeToLive(t.region(), t.name(), false, actual.attributeName)));
      }
    } else if (!actualEnabled) {
      out.add(SettingChange.settling("TTL", "TTL on (" + desired.attributeName + ")",
          () -> t.service().setTimeToLive(t.region(), t.name(), true, desired.attributeName)));
    } else if (!Objects.equals(desired.attributeName, actual.attributeName)) {
      out.add(SettingChange.settling("TTL attribute", "TTL off, to move it to attribute " + desired.attributeName,
          () -> t.service().setTimeToLive(t.region(), t.name(), false, actual.attributeName)));
    }
  }

  static void deletionProtection(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    Boolean wanted = desired.deletionProtection;
    if (wanted != null && !wanted.equals(t.actual().deletionProtection)) {
      out.add(SettingChange.of("deletion protection", "deletion protection " + (wanted ? "on" : "off"),
          () -> t.service().setDeletionProtection(t.region(), t.name(), wanted)));
    }
  }

  static boolean sameJson(String a, String b) {
    if (b == null) {
      return false;
    }
    try {
      JsonNode left = JSON.readTree(a);
      JsonNode right = JSON.readTree(b);
      return left.equals(right);
    } catch (IOException e) {
      return a.equals(b);
    }
  }
}
