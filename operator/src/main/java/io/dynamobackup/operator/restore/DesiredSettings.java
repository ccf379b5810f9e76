package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.ReplicaSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.TableService.TableInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings a restored table should have: the source's settings captured at backup time (when fromSource),
 * re-pointed at the restored table ({@link SettingsRepointing}), with every explicit field of spec.settings on top.
 * Tags merge key by key; every other explicit field replaces the captured one. A field that ends up null is not
 * managed. Captured settings that cannot apply to the restored table are left out and listed ({@code skipped});
 * a captured resource policy that cannot be rewritten safely is left out and its problems listed ({@code refused}).
 */
final class DesiredSettings {
  /** The desired settings, what was left out and why, and what was refused. */
  record Desired(TableSettings settings, List<String> skipped, List<String> refused) {}

  private DesiredSettings() {}

  static Desired of(Optional<CapturedTableSettings> captured, RestoreSettings explicit, TableInfo target,
      String targetRegion) {
    boolean fromSource = explicit == null || !Boolean.FALSE.equals(explicit.fromSource);
    List<String> skipped = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    TableSettings source = null;
    if (fromSource && captured.isPresent()) {
      boolean replicas = explicit != null && Boolean.TRUE.equals(explicit.replicasFromSource);
      source = new SettingsRepointing(captured.get(), target, targetRegion, skipped, refused).repoint(replicas);
    }
    TableSettings desired = merge(source, explicit);
    return new Desired(forTable(desired, target, skipped), List.copyOf(skipped), List.copyOf(refused));
  }

  /**
   * Leaves out what the restored table cannot take: auto scaling and index settings of GSIs it does not have
   * (dropped by spec.target.globalSecondaryIndexes), auto scaling of an on-demand table (Application Auto Scaling
   * rejects PAY_PER_REQUEST tables) and maximum on-demand throughput of a provisioned one.
   */
  static TableSettings forTable(TableSettings desired, TableInfo table, List<String> skipped) {
    TableSettings copy = Serialization.clone(desired);
    List<String> indexes = table.globalSecondaryIndexes();
    if (copy.autoScaling != null) {
      List<AutoScalingSettings> kept = table.isOnDemand() ? List.of() : copy.autoScaling.stream()
          .filter(s -> s.indexName == null || indexes.contains(s.indexName)).toList();
      if (table.isOnDemand() && !copy.autoScaling.isEmpty()) {
        skipped.add("autoScaling: the restored table is on-demand (PAY_PER_REQUEST); Application Auto Scaling"
            + " scales provisioned capacity only");
      }
      copy.autoScaling = kept;
    }
    if (copy.globalSecondaryIndexes != null) {
      copy.globalSecondaryIndexes = copy.globalSecondaryIndexes.stream()
          .filter(i -> indexes.contains(i.indexName)).toList();
    }
    if (!table.isOnDemand()) {
      if (copy.onDemandThroughput != null) {
        skipped.add("onDemandThroughput: the restored table uses provisioned capacity");
        copy.onDemandThroughput = null;
      }
      if (copy.globalSecondaryIndexes != null) {
        copy.globalSecondaryIndexes.forEach(i -> i.onDemandThroughput = null);
      }
    }
    return copy;
  }

  /** The replicas of a global table restored from {@code source}: every Region it spanned but the target's own. */
  static List<ReplicaSettings> replicasOf(CapturedTableSettings source, String targetRegion) {
    Set<String> regions = new LinkedHashSet<>();
    if (source.sourceTableArn != null) {
      regions.add(Arn.parse(source.sourceTableArn).region());
    }
    if (source.replicas != null) {
      source.replicas.forEach(r -> regions.add(r.regionName));
    }
    regions.remove(targetRegion);
    return regions.stream().map(ReplicaSettings::new).toList();
  }

  private static TableSettings merge(TableSettings source, RestoreSettings explicit) {
    TableSettings desired = source == null ? new TableSettings() : source;
    if (explicit == null) {
      return desired;
    }
    if (explicit.tags != null) {
      desired.tags = desired.tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(desired.tags);
      desired.tags.putAll(explicit.tags);
    }
    desired.timeToLive = pick(explicit.timeToLive, desired.timeToLive);
    desired.stream = pick(explicit.stream, desired.stream);
    desired.pointInTimeRecovery = pick(explicit.pointInTimeRecovery, desired.pointInTimeRecovery);
    desired.pointInTimeRecoveryPeriodInDays = pick(explicit.pointInTimeRecoveryPeriodInDays,
        desired.pointInTimeRecoveryPeriodInDays);
    desired.deletionProtection = pick(explicit.deletionProtection, desired.deletionProtection);
    desired.resourcePolicy = pick(explicit.resourcePolicy, desired.resourcePolicy);
    desired.streamResourcePolicy = pick(explicit.streamResourcePolicy, desired.streamResourcePolicy);
    desired.tableClass = pick(explicit.tableClass, desired.tableClass);
    desired.onDemandThroughput = pick(explicit.onDemandThroughput, desired.onDemandThroughput);
    desired.warmThroughput = pick(explicit.warmThroughput, desired.warmThroughput);
    desired.contributorInsights = pick(explicit.contributorInsights, desired.contributorInsights);
    desired.globalSecondaryIndexes = pick(explicit.globalSecondaryIndexes, desired.globalSecondaryIndexes);
    desired.kinesisDestinations = pick(explicit.kinesisDestinations, desired.kinesisDestinations);
    desired.streamTriggers = pick(explicit.streamTriggers, desired.streamTriggers);
    desired.replicas = pick(explicit.replicas, desired.replicas);
    desired.autoScaling = pick(explicit.autoScaling, desired.autoScaling);
    desired.alarms = pick(explicit.alarms, desired.alarms);
    return desired;
  }

  private static <T> T pick(T explicit, T captured) {
    return explicit != null ? explicit : captured;
  }
}
