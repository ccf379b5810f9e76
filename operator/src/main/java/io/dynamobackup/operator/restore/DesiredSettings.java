package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The settings a restored table should have: the source's settings captured at backup time (when fromSource), with
 * every explicit field of spec.settings on top. Tags merge key by key; every other explicit field replaces the
 * captured one. A field that ends up null is not managed.
 */
final class DesiredSettings {
  private DesiredSettings() {}

  static TableSettings of(Optional<TableSettings> captured, RestoreSettings explicit) {
    return of(captured, explicit, null, null);
  }

  /**
   * As {@link #of(Optional, RestoreSettings)}, with the captured alarms re-pointed from the source table to the target:
   * an alarm's TableName dimension is always the table it is applied to, and its name has every occurrence of the
   * source table name replaced by the target's. A captured alarm name that does not contain the source table name gets
   * {@code -<target>} appended, so the restored table's alarm never overwrites the source's (alarm names are unique per
   * account and Region). Explicit alarms (spec.settings.alarms) are taken as written.
   */
  static TableSettings of(Optional<TableSettings> captured, RestoreSettings explicit, String sourceTableName,
      String targetTableName) {
    if (captured.isPresent() && captured.get().alarms != null && sourceTableName != null && targetTableName != null
        && !sourceTableName.equals(targetTableName)) {
      TableSettings copy = shallowCopy(captured.get());
      copy.alarms = captured.get().alarms.stream().map(a -> repoint(a, sourceTableName, targetTableName)).toList();
      captured = Optional.of(copy);
    }
    return merge(captured, explicit);
  }

  /** The alarm with its name re-pointed from {@code source} to {@code target}. */
  static AlarmSettings repoint(AlarmSettings alarm, String source, String target) {
    AlarmSettings a = new AlarmSettings();
    a.name = alarm.name == null ? null
        : alarm.name.contains(source) ? alarm.name.replace(source, target) : alarm.name + "-" + target;
    a.metricName = alarm.metricName;
    a.namespace = alarm.namespace;
    a.statistic = alarm.statistic;
    a.periodSeconds = alarm.periodSeconds;
    a.evaluationPeriods = alarm.evaluationPeriods;
    a.threshold = alarm.threshold;
    a.comparisonOperator = alarm.comparisonOperator;
    a.extraDimensions = alarm.extraDimensions;
    a.alarmActions = alarm.alarmActions;
    return a;
  }

  /**
   * Drops the auto scaling entries the restored table cannot take: those of GSIs it does not have (dropped by
   * spec.target.globalSecondaryIndexes) and all of them when it is on-demand (Application Auto Scaling rejects
   * PAY_PER_REQUEST tables).
   */
  static TableSettings forTable(TableSettings desired, Collection<String> globalSecondaryIndexes, boolean onDemand) {
    if (desired.autoScaling == null) {
      return desired;
    }
    TableSettings copy = shallowCopy(desired);
    copy.autoScaling = onDemand ? List.of() : desired.autoScaling.stream()
        .filter(s -> s.indexName == null || globalSecondaryIndexes.contains(s.indexName)).toList();
    return copy;
  }

  private static TableSettings shallowCopy(TableSettings source) {
    TableSettings copy = new TableSettings();
    copy.tags = source.tags;
    copy.timeToLive = source.timeToLive;
    copy.stream = source.stream;
    copy.pointInTimeRecovery = source.pointInTimeRecovery;
    copy.deletionProtection = source.deletionProtection;
    copy.resourcePolicy = source.resourcePolicy;
    copy.autoScaling = source.autoScaling;
    copy.alarms = source.alarms;
    return copy;
  }

  private static TableSettings merge(Optional<TableSettings> captured, RestoreSettings explicit) {
    TableSettings desired = new TableSettings();
    boolean fromSource = explicit == null || !Boolean.FALSE.equals(explicit.fromSource);
    if (fromSource && captured.isPresent()) {
      TableSettings source = captured.get();
      desired.tags = source.tags == null ? null : new LinkedHashMap<>(source.tags);
      desired.timeToLive = source.timeToLive;
      desired.stream = source.stream;
      desired.pointInTimeRecovery = source.pointInTimeRecovery;
      desired.deletionProtection = source.deletionProtection;
      desired.resourcePolicy = source.resourcePolicy;
      desired.autoScaling = source.autoScaling;
      desired.alarms = source.alarms;
    }
    if (explicit == null) {
      return desired;
    }
    if (explicit.tags != null) {
      desired.tags = desired.tags == null ? new LinkedHashMap<>() : desired.tags;
      desired.tags.putAll(explicit.tags);
    }
    desired.timeToLive = explicit.timeToLive != null ? explicit.timeToLive : desired.timeToLive;
    desired.stream = explicit.stream != null ? explicit.stream : desired.stream;
    desired.pointInTimeRecovery = explicit.pointInTimeRecovery != null ? explicit.pointInTimeRecovery
        : desired.pointInTimeRecovery;
    desired.deletionProtection = explicit.deletionProtection != null ? explicit.deletionProtection
        : desired.deletionProtection;
    desired.resourcePolicy = explicit.resourcePolicy != null ? explicit.resourcePolicy : desired.resourcePolicy;
    desired.autoScaling = explicit.autoScaling != null ? explicit.autoScaling : desired.autoScaling;
    desired.alarms = explicit.alarms != null ? explicit.alarms : desired.alarms;
    return desired;
  }
}
