package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The settings a restored table should have: the source's settings captured at backup time (when fromSource), with
 * every explicit field of spec.settings on top. Tags merge key by key; every other explicit field replaces the
 * captured one. A field that ends up null is not managed.
 */
final class DesiredSettings {
  private DesiredSettings() {}

  static TableSettings of(Optional<TableSettings> captured, RestoreSettings explicit) {
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
