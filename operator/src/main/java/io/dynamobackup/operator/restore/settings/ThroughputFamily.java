package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.ThroughputSettings;
import java.util.List;
import java.util.Objects;

/**
 * Table class, maximum on-demand throughput, warm throughput and Contributor Insights, for the table and each of its
 * global secondary indexes. Warm throughput is only ever raised: DynamoDB refuses to lower it.
 */
final class ThroughputFamily {
  private ThroughputFamily() {}

  static void changes(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    TableSettings actual = t.actual();
    if (desired.tableClass != null && desired.tableClass != actual.tableClass) {
      out.add(SettingChange.of("table class", "table class " + desired.tableClass,
          () -> t.service().setTableClass(t.region(), t.name(), desired.tableClass)));
    }
    scope(null, desired.onDemandThroughput, desired.warmThroughput, desired.contributorInsights,
        actual.onDemandThroughput, actual.warmThroughput, actual.contributorInsights, t, out);
    if (desired.globalSecondaryIndexes == null) {
      return;
    }
    for (ThroughputSettings.Index want : desired.globalSecondaryIndexes) {
      ThroughputSettings.Index have = actual.globalSecondaryIndexes == null ? null : actual.globalSecondaryIndexes
          .stream().filter(i -> i.indexName.equals(want.indexName)).findFirst().orElse(null);
      if (have == null) {
        continue; // the restored table has no such index: DesiredSettings leaves those out
      }
      scope(want.indexName, want.onDemandThroughput, want.warmThroughput, want.contributorInsights,
          have.onDemandThroughput, have.warmThroughput, have.contributorInsights, t, out);
    }
  }

  private static void scope(String index, ThroughputSettings.OnDemand onDemand, ThroughputSettings.Warm warm,
      ThroughputSettings.ContributorInsights insights, ThroughputSettings.OnDemand actualOnDemand,
      ThroughputSettings.Warm actualWarm, ThroughputSettings.ContributorInsights actualInsights, SettingsTarget t,
      List<SettingChange> out) {
    String of = index == null ? "" : " of index " + index;
    if (onDemand != null && !Objects.equals(onDemand, actualOnDemand)) {
      out.add(SettingChange.of("maximum on-demand throughput" + of, "maximum on-demand throughput" + of + " "
          + onDemand.maxReadRequestUnits + " reads / " + onDemand.maxWriteRequestUnits + " writes",
          () -> t.service().setOnDemandThroughput(t.region(), t.name(), index, onDemand)));
    }
    ThroughputSettings.Warm raise = raise(warm, actualWarm);
    if (raise != null) {
      out.add(SettingChange.of("warm throughput" + of, "warm throughput" + of + " " + raise.readUnitsPerSecond
          + " reads/s / " + raise.writeUnitsPerSecond + " writes/s",
          () -> t.service().setWarmThroughput(t.region(), t.name(), index, raise)));
    }
    if (insights != null && insights.enabled != null && !insights.sameAs(actualInsights)) {
      out.add(SettingChange.of("contributor insights" + of, "contributor insights" + of + " "
          + (insights.enabled ? "on (" + insights.effectiveMode() + ")" : "off"),
          () -> t.service().setContributorInsights(t.region(), t.name(), index, insights)));
    }
  }

  /** The warm throughput to set so that the table reaches the desired one, or null when it has it already. */
  static ThroughputSettings.Warm raise(ThroughputSettings.Warm desired, ThroughputSettings.Warm actual) {
    if (desired == null) {
      return null;
    }
    long haveRead = actual == null || actual.readUnitsPerSecond == null ? 0 : actual.readUnitsPerSecond;
    long haveWrite = actual == null || actual.writeUnitsPerSecond == null ? 0 : actual.writeUnitsPerSecond;
    boolean read = desired.readUnitsPerSecond != null && desired.readUnitsPerSecond > haveRead;
    boolean write = desired.writeUnitsPerSecond != null && desired.writeUnitsPerSecond > haveWrite;
    if (!read && !write) {
      return null;
    }
    ThroughputSettings.Warm w = new ThroughputSettings.Warm();
    w.readUnitsPerSecond = read ? desired.readUnitsPerSecond : null;
    w.writeUnitsPerSecond = write ? desired.writeUnitsPerSecond : null;
    return w;
  }
}
