package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.Lifecycles;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes the children a plan no longer keeps. Only terminal children are ever touched, so a running job or copy is
 * never affected. Three rules, per table:
 * <ul>
 *   <li>AWS expiry: a completed point past its lifecycle's deleteAfterDays that AWS no longer has — the object is
 *   deleted (deletionPolicy Retain, so copies keep their own lifecycle);</li>
 *   <li>retention (when spec.retention is set): completed points outside keepLast ∪ GFS are deleted from AWS Backup,
 *   with their copies: the child is switched to deletionPolicy Delete and deleted, so its finalizer deletes the
 *   points (after any job on them finished). Without spec.retention, successfulBackupsHistoryLimit only prunes the
 *   objects, and the points stay until their lifecycle ends;</li>
 *   <li>failedBackupsHistoryLimit: the oldest failed or expired children beyond the limit (with their partial data).</li>
 * </ul>
 * Children are created with deletionPolicy Retain, so deleting the plan itself never deletes recovery points.
 */
final class ChildPruner {
  private ChildPruner() {}

  /**
   * Returns the children that remain. {@code askAws}: whether to check with AWS which expired points it deleted
   * (DescribeRecoveryPoint), done at schedule slots so an idle plan makes no AWS call.
   */
  static List<DynamoBackup> prune(DynamoBackupPlan plan, List<DynamoBackup> children, ZoneId zone, boolean askAws,
      ReconcileContext<DynamoBackupPlan> context) {
    DynamoBackupPlanSpec spec = plan.getSpec();
    Instant now = context.now();
    KubernetesClient client = context.client();
    Inventory inventory = context.aws().inventory();
    List<DynamoBackup> remaining = new ArrayList<>(children);
    for (DynamoBackup child : children) {
      if (askAws && expiredInAws(inventory, child, now)) {
        delete(client, child, false);
        remaining.remove(child);
        context.normal("RecoveryPointExpired", "AWS Backup deleted recovery point "
            + child.getStatus().recoveryPointArn + " at the end of its lifecycle; removed " + name(child));
      }
    }
    Map<DynamoBackup, Boolean> doomed = toPrune(spec, remaining, zone);
    doomed.forEach((child, withData) -> {
      delete(client, child, withData);
      if (withData && ChildBackups.phase(child) == BackupPhase.Completed) {
        context.normal("RecoveryPointPruned", "retention deletes recovery point "
            + child.getStatus().recoveryPointArn + " of " + name(child) + " (and its copies)");
      }
    });
    remaining.removeAll(doomed.keySet());
    return remaining;
  }

  /**
   * Which children to delete, per table, and whether with their recovery points (true) or as objects only (false).
   * Only terminal children are candidates; only completed ones count for retention.
   */
  static Map<DynamoBackup, Boolean> toPrune(DynamoBackupPlanSpec spec, List<DynamoBackup> children, ZoneId zone) {
    Map<DynamoBackup, Boolean> doomed = new LinkedHashMap<>();
    Map<TableKey, List<DynamoBackup>> byTable = children.stream().filter(c -> ChildBackups.tableOf(c).isPresent())
        .collect(Collectors.groupingBy(c -> ChildBackups.tableOf(c).get()));
    for (List<DynamoBackup> ofTable : byTable.values()) {
      List<DynamoBackup> completed = newestFirst(ofTable, BackupPhase.Completed);
      if (spec.retention != null) {
        Set<String> keep = RetentionCalculator.keep(completed.stream()
            .map(c -> new RetentionCalculator.Point(name(c), ChildBackups.completion(c))).toList(), spec.retention, zone);
        completed.stream().filter(c -> !keep.contains(name(c))).forEach(c -> doomed.put(c, true));
      } else {
        completed.stream().skip(limit(spec.successfulBackupsHistoryLimit, 10)).forEach(c -> doomed.put(c, false));
      }
      newestFirst(ofTable, BackupPhase.Failed, BackupPhase.Expired).stream()
          .skip(limit(spec.failedBackupsHistoryLimit, 3)).forEach(c -> doomed.put(c, true));
    }
    return doomed;
  }

  private static boolean expiredInAws(Inventory inventory, DynamoBackup child, Instant now) {
    var status = child.getStatus();
    if (ChildBackups.phase(child) != BackupPhase.Completed || status.recoveryPointArn == null
        || status.creationTime == null) {
      return false;
    }
    Optional<Instant> expiry = Lifecycles.deletedAt(Lifecycles.of(child), Instant.parse(status.creationTime));
    if (expiry.isEmpty() || now.isBefore(expiry.get())) {
      return false;
    }
    try {
      return !inventory.recoveryPointExists(status.recoveryPointArn, child.getSpec().backupVault);
    } catch (io.dynamobackup.operator.aws.AwsException e) {
      if (!e.isTransient()) {
        throw e;
      }
      return false; // the point's Region does not answer (maybe lost): keep the child, look again next time
    }
  }

  /** Deletes the object; with {@code withData} its finalizer first deletes the recovery point and its copies. */
  private static void delete(KubernetesClient client, DynamoBackup child, boolean withData) {
    var resource = client.resources(DynamoBackup.class).inNamespace(child.getMetadata().getNamespace())
        .withName(name(child));
    try {
      if (withData && child.getSpec().deletionPolicy != DeletionPolicy.Delete) {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Delete\"}}");
      }
      resource.delete();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static List<DynamoBackup> newestFirst(List<DynamoBackup> children, BackupPhase... phases) {
    Set<BackupPhase> wanted = Set.of(phases);
    return children.stream().filter(c -> wanted.contains(ChildBackups.phase(c)))
        .sorted(Comparator.comparing(ChildBackups::completion).reversed()).toList();
  }

  private static long limit(Integer value, int defaultValue) {
    return value == null ? defaultValue : Math.max(0, value);
  }

  private static String name(DynamoBackup child) {
    return child.getMetadata().getName();
  }
}
