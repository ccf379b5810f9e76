package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.TableService.TableInfo;
import io.dynamobackup.operator.restore.settings.PolicyRewriter;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * Turns the settings captured from a source table into settings for the restored table: alarms renamed and pointed at
 * it, resource policies with every ARN of the source table, its indexes and its stream rewritten (across Regions and
 * accounts), Kinesis destinations and stream triggers kept only where the restored table can use them (same account
 * and Region), replicas only on request.
 */
final class SettingsRepointing {
  private final CapturedTableSettings captured;
  private final TableInfo target;
  private final String targetRegion;
  private final List<String> skipped;
  private final List<String> refused;

  SettingsRepointing(CapturedTableSettings captured, TableInfo target, String targetRegion, List<String> skipped,
      List<String> refused) {
    this.captured = captured;
    this.target = target;
    this.targetRegion = targetRegion;
    this.skipped = skipped;
    this.refused = refused;
  }

  /** The captured settings for the restored table; {@code replicas}: re-create the source's replicas. */
  TableSettings repoint(boolean replicas) {
    TableSettings s = Serialization.clone((TableSettings) captured);
    String sourceName = captured.sourceTableName;
    if (s.alarms != null && sourceName != null && !sourceName.equals(target.name())) {
      s.alarms = s.alarms.stream().map(a -> repoint(a, sourceName, target.name())).toList();
    }
    if (captured.sourceTableArn != null && !captured.sourceTableArn.equals(target.arn())) {
      String targetStream = Boolean.TRUE.equals(target.streamEnabled()) ? target.latestStreamArn() : null;
      PolicyRewriter rewriter = new PolicyRewriter(captured.sourceTableArn, target.arn(), captured.sourceStreamArn,
          targetStream);
      s.resourcePolicy = rewrite(rewriter, s.resourcePolicy, "spec.settings.resourcePolicy");
      // A stream policy waits for the stream: it is applied once the restored table has one.
      s.streamResourcePolicy = targetStream == null || s.streamResourcePolicy == null ? null
          : rewrite(rewriter, s.streamResourcePolicy, "spec.settings.streamResourcePolicy");
    }
    Arn table = Arn.parse(target.arn());
    if (s.alarms != null) {
      s.alarms.forEach(alarm -> {
        alarm.alarmActions = inRegion(alarm.alarmActions, alarm.name, "alarmActions", table.region());
        alarm.okActions = inRegion(alarm.okActions, alarm.name, "okActions", table.region());
        alarm.insufficientDataActions = inRegion(alarm.insufficientDataActions, alarm.name, "insufficientDataActions",
            table.region());
      });
    }
    if (s.kinesisDestinations != null) {
      s.kinesisDestinations = s.kinesisDestinations.stream().filter(d -> {
        Arn stream = Arn.parse(d.streamArn);
        boolean usable = stream.region().equals(table.region()) && stream.account().equals(table.account());
        if (!usable) {
          skipped.add("kinesisDestinations: " + d.streamArn + " is not in the restored table's account and Region ("
              + table.account() + "/" + table.region() + "); DynamoDB streams only to a Kinesis stream there");
        }
        return usable;
      }).toList();
    }
    if (s.streamTriggers != null) {
      s.streamTriggers = s.streamTriggers.stream().filter(trigger -> {
        boolean usable = Arn.parse(trigger.functionArn).region().equals(table.region());
        if (!usable) {
          skipped.add("streamTriggers: " + trigger.functionArn + " is not in the restored table's Region ("
              + table.region() + "); Lambda reads streams of its own Region only");
        }
        return usable;
      }).toList();
    }
    s.replicas = replicas ? DesiredSettings.replicasOf(captured, targetRegion) : null;
    return s;
  }

  /** CloudWatch runs an alarm's actions in the alarm's Region only: actions of another Region are left out. */
  private List<String> inRegion(List<String> actions, String alarm, String field, String region) {
    if (actions == null) {
      return null;
    }
    List<String> kept = actions.stream().filter(a -> {
      String actionRegion = Arn.parse(a).region();
      return actionRegion.isEmpty() || actionRegion.equals(region);
    }).toList();
    if (kept.size() < actions.size()) {
      skipped.add("alarms " + alarm + " " + field + ": " + actions.stream().filter(a -> !kept.contains(a)).toList()
          + " left out; CloudWatch runs an alarm's actions in its own Region (" + region + ") only");
    }
    return kept.isEmpty() ? null : kept;
  }

  private String rewrite(PolicyRewriter rewriter, String policy, String field) {
    if (policy == null || policy.isEmpty()) {
      return policy;
    }
    PolicyRewriter.Result result = rewriter.rewrite(policy);
    if (result.ok()) {
      return result.policy();
    }
    refused.add(field + ": the source table's policy cannot be rewritten safely for " + target.arn() + ": "
        + String.join("; ", result.problems()) + ". Set " + field + " to the policy the restored table should have"
        + " (\"\" for none)");
    return null;
  }

  /**
   * The alarm for the restored table: its name with every occurrence of the source table name replaced by the
   * target's (a name without it gets {@code -<target>} appended, so the source's alarm is never overwritten: alarm
   * names are unique per account and Region), and every TableName dimension of the source table in its metric-math
   * queries pointed at the target (an alarm on one metric gets TableName when it is put).
   */
  static AlarmSettings repoint(AlarmSettings alarm, String source, String target) {
    AlarmSettings a = Serialization.clone(alarm);
    a.name = alarm.name == null ? null
        : alarm.name.contains(source) ? alarm.name.replace(source, target) : alarm.name + "-" + target;
    if (a.metrics != null) {
      a.metrics.forEach(q -> {
        if (q.dimensions != null && source.equals(q.dimensions.get("TableName"))) {
          q.dimensions.put("TableName", target);
        }
      });
    }
    return a;
  }
}
