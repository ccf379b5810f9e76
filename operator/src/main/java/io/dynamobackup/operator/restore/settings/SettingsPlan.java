package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change that takes a table's actual settings to the desired ones, in the order it is safe to apply them: tags
 * and the table's policy first, then point-in-time recovery, table class, throughput and Contributor Insights, then
 * stream and TTL (each settles before the next), then what hangs off the stream (its policy, triggers) and the
 * Kinesis destinations, auto scaling, alarms (pure monitoring, once the table is configured), replicas (each settles),
 * and deletion protection last (a half-configured table is not locked).
 */
public final class SettingsPlan {
  private SettingsPlan() {}

  public static List<SettingChange> changes(TableSettings desired, SettingsTarget t) {
    List<SettingChange> out = new ArrayList<>();
    BasicSettings.tags(desired, t, out);
    BasicSettings.resourcePolicy("resource policy", desired.resourcePolicy, t.actual().resourcePolicy, t.arn(), t, out);
    BasicSettings.pointInTimeRecovery(desired, t, out);
    ThroughputFamily.changes(desired, t, out);
    BasicSettings.stream(desired.stream, t, out);
    BasicSettings.timeToLive(desired.timeToLive, t, out);
    BasicSettings.resourcePolicy("stream resource policy", desired.streamResourcePolicy,
        t.actual().streamResourcePolicy, t.streamArn(), t, out);
    StreamConsumers.triggers(desired, t, out);
    StreamConsumers.kinesis(desired, t, out);
    ScalingAndAlarms.autoScaling(desired, t, out);
    ScalingAndAlarms.alarms(desired, t, out);
    ReplicaFamily.changes(desired, t, out);
    BasicSettings.deletionProtection(desired, t, out);
    return out;
  }

  /**
   * Applies changes in order until one that DynamoDB needs to settle (the next reconcile reads the table again and
   * continues); returns the descriptions of what was applied.
   */
  public static List<String> apply(List<SettingChange> changes) {
    List<String> applied = new ArrayList<>();
    for (SettingChange change : changes) {
      change.apply().run();
      applied.add(change.description());
      if (change.settles()) {
        break;
      }
    }
    return applied;
  }
}
