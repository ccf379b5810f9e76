package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tables a plan protects. A single table is checked for existence; a tag selector lists the Region's tables
 * and reads their tags (ListTables + ListTagsOfResource). Either result is cached per plan and refreshed at most
 * every {@link #REFRESH} of the operator's clock; after an AWS error the previous selection (or, at first, none) stays
 * in use and the next attempt backs off (jittered). The cache, with its count of failed refreshes, is forgotten with the plan.
 */
final class PlanTables {
  static final Duration REFRESH = Duration.ofMinutes(5);

  /** Selected tables, tables that were protected before and are gone, and the error of the last refresh, if any. */
  record Selection(List<TableKey> selected, List<TableKey> missing, AwsException error) {}

  private record Cached(String specKey, Selection selection, Instant refreshAfter, int failures) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** Table ARNs by namespace and table: tenants of different accounts may share a table name. */
  private final Map<String, String> arns = new ConcurrentHashMap<>();

  /**
   * The plan's tables; with a tenancy policy, selected tables the namespace may not use are left out (with a Warning
   * event), so a selector never reaches another team's tables.
   *
   * @param previouslySelected tables of status.selectedTables and status.missingTables: those that no longer exist
   *     are reported missing (while the plan still keeps recovery points of them)
   */
  Selection select(DynamoBackupPlan plan, Set<TableKey> previouslySelected, ReconcileContext<DynamoBackupPlan> context) {
    return permitted(plan, resolve(plan, previouslySelected, context), context);
  }

  private Selection resolve(DynamoBackupPlan plan, Set<TableKey> previouslySelected,
      ReconcileContext<DynamoBackupPlan> context) {
    Instant now = context.now();
    Inventory inventory = context.aws().inventory();
    String uid = plan.getMetadata().getUid();
    DynamoBackupPlanSpec spec = plan.getSpec();
    String specKey = Serialization.asJson(spec.table) + Serialization.asJson(spec.tableSelector);
    Cached cached = cache.get(uid);
    if (cached != null && cached.specKey().equals(specKey) && now.isBefore(cached.refreshAfter())) {
      return cached.selection();
    }
    try {
      Selection selection = spec.table != null ? single(inventory, TableKey.of(spec.table))
          : selected(inventory, plan.getMetadata().getNamespace(), spec, previouslySelected);
      cache.put(uid, new Cached(specKey, selection, now.plus(REFRESH), 0));
      return selection;
    } catch (AwsException e) {
      if (cached == null || !cached.specKey().equals(specKey)) {
        // Nothing selected before (a plan re-applied while its tables' Region is down, say): no tables this time and
        // the error reported, while adopting earlier backups, retention and drills go on; retried with back-off.
        Selection none = new Selection(List.of(), List.of(), e);
        cache.put(uid, new Cached(specKey, none, now.plus(context.dependencies().retry().delay(1)), 1));
        return none;
      }
      int failures = cached.failures() + 1;
      Instant retryAt = now.plus(context.dependencies().retry().delay(failures));
      Selection stale = new Selection(cached.selection().selected(), cached.selection().missing(), e);
      cache.put(uid, new Cached(specKey, stale, retryAt, failures));
      return stale;
    }
  }

  /** Forgets the selections of plans that no longer exist. */
  void retain(Set<String> uids) {
    cache.keySet().retainAll(uids);
  }

  private static Selection permitted(DynamoBackupPlan plan, Selection selection,
      ReconcileContext<DynamoBackupPlan> context) {
    TenancyGuard tenancy = context.dependencies().tenancy();
    String namespace = plan.getMetadata().getNamespace();
    if (!tenancy.enabled() || plan.getSpec().tableSelector == null) {
      return selection;
    }
    List<TableKey> denied = selection.selected().stream()
        .filter(t -> tenancy.check(namespace).tableName(t.name(), "spec.tableSelector").denied()).toList();
    if (denied.isEmpty()) {
      return selection;
    }
    var check = tenancy.check(namespace).tableName(denied.get(0).name(), "spec.tableSelector");
    context.dependencies().metrics().tenancyDenied(namespace, "DynamoBackupPlan", check.denials());
    context.warning(TenancyGuard.REASON, "left out " + denied.size() + " selected table(s) " + denied + ": "
        + check.message());
    return new Selection(selection.selected().stream().filter(t -> !denied.contains(t)).toList(),
        selection.missing(), selection.error());
  }

  private static Selection single(Inventory inventory, TableKey table) {
    boolean exists = inventory.tableArn(table.region(), table.name()).isPresent();
    return exists ? new Selection(List.of(table), List.of(), null) : new Selection(List.of(), List.of(table), null);
  }

  private Selection selected(Inventory inventory, String namespace, DynamoBackupPlanSpec spec,
      Set<TableKey> previouslySelected) {
    String region = spec.tableSelector.region;
    Set<String> existing = new LinkedHashSet<>(inventory.listTables(region));
    List<TableKey> selected = new ArrayList<>();
    for (String name : existing) {
      TableKey table = new TableKey(region, name);
      String arnKey = namespace + "/" + table;
      String arn = arns.get(arnKey);
      if (arn == null) {
        var found = inventory.tableArn(region, name);
        if (found.isEmpty()) {
          continue; // deleted between ListTables and DescribeTable
        }
        arn = found.get();
        arns.put(arnKey, arn); // an ARN never changes for a name: a re-created table has the same ARN
      }
      Map<String, String> tags = inventory.tags(region, arn);
      if (spec.tableSelector.matchTags.entrySet().stream().allMatch(t -> t.getValue().equals(tags.get(t.getKey())))) {
        selected.add(table);
      }
    }
    List<TableKey> missing = previouslySelected.stream()
        .filter(t -> t.region().equals(region) && !existing.contains(t.name())).sorted(
            java.util.Comparator.comparing(TableKey::toString)).toList();
    return new Selection(selected, missing, null);
  }
}
