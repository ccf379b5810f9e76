package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TimeToLiveSettings;
import io.dynamobackup.operator.aws.TableSettingsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies {@link SettingsDiff} changes to a table, in order; stops at the first stream or TTL change. */
final class SettingsApplier {
  private final TableSettingsService settings;

  SettingsApplier(TableSettingsService settings) {
    this.settings = settings;
  }

  /**
   * Applies changes until one that DynamoDB needs to settle (stream, TTL) — the next reconcile re-reads the table and
   * continues — and returns the descriptions of what was applied.
   */
  @SuppressWarnings("unchecked")
  List<String> apply(String region, String tableName, String tableArn, List<SettingsDiff.Change> changes) {
    List<String> applied = new ArrayList<>();
    for (SettingsDiff.Change change : changes) {
      switch (change.kind()) {
        case TAGS -> settings.tag(region, tableArn, (Map<String, String>) change.value());
        case RESOURCE_POLICY -> settings.putResourcePolicy(region, tableArn, (String) change.value());
        case POINT_IN_TIME_RECOVERY -> settings.setPointInTimeRecovery(region, tableName, (Boolean) change.value());
        case STREAM -> {
          StreamSettings stream = (StreamSettings) change.value();
          settings.setStream(region, tableName, stream.enabled, stream.viewType);
        }
        case TIME_TO_LIVE -> {
          TimeToLiveSettings ttl = (TimeToLiveSettings) change.value();
          settings.setTimeToLive(region, tableName, ttl.enabled, ttl.attributeName);
        }
        case AUTO_SCALING -> ((List<AutoScalingSettings>) change.value())
            .forEach(scaling -> settings.putAutoScaling(region, tableName, scaling));
        case ALARMS -> ((List<AlarmSettings>) change.value()).forEach(alarm -> settings.putAlarm(region, tableName, alarm));
        case DELETION_PROTECTION -> settings.setDeletionProtection(region, tableName, (Boolean) change.value());
      }
      applied.add(change.description());
      if (change.kind() == SettingsDiff.Kind.STREAM || change.kind() == SettingsDiff.Kind.TIME_TO_LIVE) {
        break;
      }
    }
    return applied;
  }
}
