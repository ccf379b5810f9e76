package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScheduledAction;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.SuspendedState;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Auto scaling (scalable targets, their target-tracking policy and scheduled actions) and CloudWatch alarms. A desired
 * list is the whole set: stale scalable targets are deregistered (Application Auto Scaling deletes their policies,
 * scheduled actions and TargetTracking-* alarms with them), stale scheduled actions and alarms deleted. Auto scaling
 * comes after stream and TTL changes have settled: registering a target makes Application Auto Scaling update the
 * table's capacity, an UpdateTable of its own.
 */
final class ScalingAndAlarms {
  private ScalingAndAlarms() {}

  static void autoScaling(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired.autoScaling == null) {
      return;
    }
    List<AutoScalingSettings> actual = t.actual().autoScaling == null ? List.of() : t.actual().autoScaling;
    for (AutoScalingSettings want : desired.autoScaling) {
      AutoScalingSettings have = actual.stream().filter(a -> sameTarget(a, want)).findFirst().orElse(null);
      String target = target(want);
      if (have == null || !sameScaling(want, have)) {
        out.add(SettingChange.of("auto scaling " + target, "auto scaling " + target + " "
            + want.minCapacity + ".." + want.maxCapacity, () -> t.service().putAutoScaling(t.region(), t.name(), want)));
      }
      if (have == null) {
        continue;
      }
      if (want.targetUtilization == null && have.targetUtilization != null && have.policyName != null) {
        out.add(SettingChange.of("auto scaling " + target + " policy", "scaling policy " + have.policyName
            + " deleted", () -> t.service().deleteScalingPolicy(t.region(), t.name(), have, have.policyName)));
      }
      if (want.scheduledActions != null && have.scheduledActions != null) {
        for (ScheduledAction stale : have.scheduledActions) {
          if (want.scheduledActions.stream().noneMatch(a -> a.name.equals(stale.name))) {
            out.add(SettingChange.of("scheduled action " + stale.name, "scheduled action " + stale.name + " of "
                + target + " deleted", () -> t.service().deleteScheduledAction(t.region(), t.name(), have,
                    stale.name)));
          }
        }
      }
    }
    for (AutoScalingSettings have : actual) {
      if (desired.autoScaling.stream().noneMatch(w -> sameTarget(w, have))) {
        out.add(SettingChange.of("auto scaling " + target(have), "scalable target " + target(have) + " deregistered",
            () -> t.service().deregisterAutoScaling(t.region(), t.name(), have.indexName, have.dimension)));
      }
    }
  }

  private static boolean sameTarget(AutoScalingSettings a, AutoScalingSettings b) {
    return Objects.equals(a.indexName, b.indexName) && a.dimension == b.dimension;
  }

  private static String target(AutoScalingSettings s) {
    return (s.indexName == null ? "table" : "index " + s.indexName) + " " + s.dimension;
  }

  static boolean sameScaling(AutoScalingSettings want, AutoScalingSettings have) {
    return Objects.equals(want.minCapacity, have.minCapacity) && Objects.equals(want.maxCapacity, have.maxCapacity)
        && suspended(want.suspendedState).equals(suspended(have.suspendedState))
        && (want.targetUtilization == null || (Objects.equals(want.targetUtilization, have.targetUtilization)
            && (want.policyName == null || want.policyName.equals(have.policyName))
            && Objects.equals(want.scaleInCooldownSeconds, have.scaleInCooldownSeconds)
            && Objects.equals(want.scaleOutCooldownSeconds, have.scaleOutCooldownSeconds)
            && Boolean.TRUE.equals(want.disableScaleIn) == Boolean.TRUE.equals(have.disableScaleIn)))
        && (want.scheduledActions == null || sameActions(want.scheduledActions, have.scheduledActions));
  }

  private static List<Boolean> suspended(SuspendedState s) {
    return s == null ? List.of(false, false, false) : List.of(Boolean.TRUE.equals(s.dynamicScalingInSuspended),
        Boolean.TRUE.equals(s.dynamicScalingOutSuspended), Boolean.TRUE.equals(s.scheduledScalingSuspended));
  }

  private static boolean sameActions(List<ScheduledAction> want, List<ScheduledAction> have) {
    List<ScheduledAction> actual = have == null ? List.of() : have;
    return want.stream().allMatch(w -> actual.stream().anyMatch(h -> h.name.equals(w.name)
        && Objects.equals(w.schedule, h.schedule) && Objects.equals(zone(w.timezone), zone(h.timezone))
        && sameTime(w.startTime, h.startTime) && sameTime(w.endTime, h.endTime)
        && Objects.equals(w.minCapacity, h.minCapacity) && Objects.equals(w.maxCapacity, h.maxCapacity)));
  }

  private static String zone(String zone) {
    return zone == null ? "UTC" : zone;
  }

  private static boolean sameTime(String a, String b) {
    return a == null ? b == null : b != null && java.time.Instant.parse(a).equals(java.time.Instant.parse(b));
  }

  static void alarms(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired.alarms == null) {
      return;
    }
    List<AlarmSettings> actual = t.actual().alarms == null ? List.of() : t.actual().alarms;
    for (AlarmSettings want : desired.alarms) {
      AlarmSettings have = actual.stream().filter(a -> Objects.equals(a.name, want.name)).findFirst().orElse(null);
      if (have == null || !sameAlarm(want, have)) {
        out.add(SettingChange.of("alarm " + want.name, "alarm " + want.name,
            () -> t.service().putAlarm(t.region(), t.name(), want)));
      }
    }
    List<String> stale = new ArrayList<>();
    for (AlarmSettings have : actual) {
      if (desired.alarms.stream().noneMatch(w -> Objects.equals(w.name, have.name))) {
        stale.add(have.name);
      }
    }
    if (!stale.isEmpty()) {
      out.add(SettingChange.of("alarms " + stale, "alarms " + stale + " deleted",
          () -> t.service().deleteAlarms(t.region(), stale)));
    }
  }

  /** Compared as CloudWatch stores them: defaults filled in, the table's own TableName dimension left out. */
  static boolean sameAlarm(AlarmSettings want, AlarmSettings have) {
    return normalized(want).equals(normalized(have));
  }

  private static String normalized(AlarmSettings alarm) {
    AlarmSettings a = Serialization.clone(alarm);
    if (a.metrics == null || a.metrics.isEmpty()) {
      a.metrics = null;
      a.namespace = a.namespace == null ? "AWS/DynamoDB" : a.namespace;
      a.statistic = a.statistic == null ? "Sum" : a.statistic;
      a.extraDimensions = a.extraDimensions == null || a.extraDimensions.isEmpty() ? null
          : new java.util.TreeMap<>(a.extraDimensions);
    } else {
      a.metrics.forEach(q -> q.dimensions = q.dimensions == null ? null : new java.util.TreeMap<>(q.dimensions));
    }
    a.actionsEnabled = Boolean.FALSE.equals(a.actionsEnabled) ? Boolean.FALSE : null;
    a.alarmActions = a.alarmActions == null || a.alarmActions.isEmpty() ? null : a.alarmActions;
    a.okActions = a.okActions == null || a.okActions.isEmpty() ? null : a.okActions;
    a.insufficientDataActions = a.insufficientDataActions == null || a.insufficientDataActions.isEmpty() ? null
        : a.insufficientDataActions;
    return Serialization.asJson(a);
  }
}
