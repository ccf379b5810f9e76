package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tables a plan protects: a single table is checked for existence (a shared ListTables listing of its Region,
 * {@link TableListings}, else DescribeTable; {@link #needSince} says which listing may answer); a tag selector finds
 * its tables with one paginated Resource Groups Tagging API GetResources call (by tag and resource type). AWS is asked
 * only when the answer matters: when the plan is new or its spec changed, and when a schedule slot is due (once per
 * slot, unless a lookup of the last {@link #FRESH_FOR_SLOT} answers). Between slots the selection comes from memory,
 * or after a restart from the plan's status, so an idle plan makes no AWS call. After an AWS error the previous selection stays in use and the next attempt backs off (jittered).
 * The cache, with its count of failed lookups, is forgotten with the plan.
 */
final class PlanTables {
  /** How often forgotten plans are swept from the cache (and from metrics). */
  static final Duration SWEEP = Duration.ofMinutes(5);

  /**
   * Selected tables, tables that were protected before and are gone, the error of the last lookup, if any, and how many
   * tables the selector found that the tenancy policy left out (counted, not named: they may be another team's).
   */
  record Selection(List<TableKey> selected, List<TableKey> missing, AwsException error, int leftOut) {
    Selection(List<TableKey> selected, List<TableKey> missing, AwsException error) {
      this(selected, missing, error, 0);
    }
  }

  /**
   * A lookup at most this old serves a due slot: a plan created or edited just before its slot asks AWS once, not
   * twice within moments. Older ones are repeated at the slot, so missing tables are reported per slot.
   */
  static final Duration FRESH_FOR_SLOT = Duration.ofMinutes(2);

  /** What the lookup depends on: the table, or the selector's Region and tags. */
  private record SpecKey(String name, String arn, String region, String selectorRegion, Map<String, String> tags) {
    static SpecKey of(DynamoBackupPlanSpec spec) {
      var table = spec.table;
      var selector = spec.tableSelector;
      return new SpecKey(table == null ? null : table.name, table == null ? null : table.arn,
          table == null ? null : table.region, selector == null ? null : selector.region,
          selector == null || selector.matchTags == null ? null : new HashMap<>(selector.matchTags));
    }
  }

  /**
   * @param lookedUpFor the slot the lookup was made for (null: not for a slot)
   * @param lookedUpAt  when the last successful lookup was made (null: recorded in the status before a restart)
   * @param retryAt     after a failed lookup, when to try again; null after a successful one
   */
  private record Cached(SpecKey specKey, Selection selection, Instant lookedUpFor, Instant lookedUpAt, Instant retryAt,
      int failures) {
    boolean freshFor(Instant slot, Instant now) {
      return retryAt == null && lookedUpAt != null && !now.isAfter(lookedUpAt.plus(FRESH_FOR_SLOT))
          && !lookedUpAt.isAfter(now) && !slot.isAfter(now);
    }
  }

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** Per plan uid: the tables the tenancy policy last left out, so the Warning is sent when they change, not always. */
  private final Map<String, List<TableKey>> leftOut = new ConcurrentHashMap<>();
  private final TableListings listings = new TableListings();

  /**
   * The plan's tables; with a tenancy policy, selected tables the namespace may not use are left out (with one Warning
   * event when they change, counting them without naming them: they are another team's), so a selector never reaches
   * another team's tables.
   *
   * @param previouslySelected tables of status.selectedTables and status.missingTables: those that no longer exist
   *     are reported missing (while the plan still keeps recovery points of them)
   * @param recorded           the selection the plan's status holds for its current spec, if it does
   * @param dueSlot            the schedule slot this reconcile runs, or null
   */
  Selection select(DynamoBackupPlan plan, Set<TableKey> previouslySelected, Optional<Selection> recorded,
      Instant dueSlot, ReconcileContext<DynamoBackupPlan> context) {
    return permitted(plan, resolve(plan, previouslySelected, recorded, dueSlot, context), context);
  }

  private Selection resolve(DynamoBackupPlan plan, Set<TableKey> previouslySelected, Optional<Selection> recorded,
      Instant dueSlot, ReconcileContext<DynamoBackupPlan> context) {
    Instant now = context.now();
    String uid = plan.getMetadata().getUid();
    DynamoBackupPlanSpec spec = plan.getSpec();
    SpecKey specKey = SpecKey.of(spec);
    Cached cached = cache.get(uid);
    if (cached == null && recorded.isPresent()) {
      cached = new Cached(specKey, recorded.get(), null, null, null, 0); // after a restart: what the status recorded
      cache.put(uid, cached);
    }
    boolean sameSpec = cached != null && cached.specKey().equals(specKey);
    boolean slotLookup = dueSlot != null && (!sameSpec || !dueSlot.equals(cached.lookedUpFor()));
    if (slotLookup && sameSpec && cached.freshFor(dueSlot, now)) {
      cached = new Cached(specKey, cached.selection(), dueSlot, cached.lookedUpAt(), null, 0);
      cache.put(uid, cached); // the lookup of moments ago answers for this slot too
      return cached.selection();
    }
    if (sameSpec && !slotLookup && (cached.retryAt() == null || now.isBefore(cached.retryAt()))) {
      return cached.selection();
    }
    try {
      Inventory inventory = context.aws().inventory();
      Instant needSince = needSince(plan, sameSpec, cached != null && !sameSpec, dueSlot);
      Selection selection = spec.table != null ? single(inventory, TableKey.of(spec.table), needSince, context)
          : selected(inventory, plan.getMetadata().getNamespace(), spec, previouslySelected);
      cache.put(uid, new Cached(specKey, selection, dueSlot, now, null, 0));
      return selection;
    } catch (AwsException e) {
      if (!sameSpec) {
        // Nothing selected before (a plan re-applied while its tables' Region is down, say): no tables this time and
        // the error reported, while adopting earlier backups, retention and drills go on; retried with back-off.
        Selection none = new Selection(List.of(), List.of(), e);
        cache.put(uid, new Cached(specKey, none, null, null, now.plus(context.dependencies().retry().delay(1)), 1));
        return none;
      }
      int failures = cached.failures() + 1;
      Instant retryAt = now.plus(context.dependencies().retry().delay(failures));
      Selection stale = new Selection(cached.selection().selected(), cached.selection().missing(), e);
      cache.put(uid, new Cached(specKey, stale, cached.lookedUpFor(), cached.lookedUpAt(), retryAt, failures));
      return stale;
    }
  }

  /** Forgets the selections of plans that no longer exist, and table listings no longer fresh. */
  void retain(Set<String> uids, Instant now) {
    cache.keySet().retainAll(uids);
    leftOut.keySet().retainAll(uids);
    listings.forgetStale(now);
  }

  /**
   * From when a plan needs to know its single table exists: a ListTables listing begun before then may not answer
   * (the table may have been deleted since). The plan's creation (plus one second: creationTimestamp has whole seconds,
   * so a listing begun in the same second may predate the plan), and, for a slot, the slot itself: the later of the
   * two. A spec edited since creation (generation above 1, or a cached spec that differs) has no such moment the
   * operator knows of (the edit's time is not recorded): null, and DescribeTable answers (edits are rare) — except at
   * a slot of the spec already looked up, whose need arose at the slot.
   *
   * @param sameSpec   the cached selection is of the current spec
   * @param specEdited a selection of another spec is cached
   * @param dueSlot    the slot this lookup is for, or null
   */
  static Instant needSince(DynamoBackupPlan plan, boolean sameSpec, boolean specEdited, Instant dueSlot) {
    Instant created = VaultScans.createdAt(plan);
    if (created == null) {
      return null;
    }
    Long generation = plan.getMetadata().getGeneration();
    boolean slotOfSameSpec = dueSlot != null && sameSpec;
    if (!slotOfSameSpec && (generation != null && generation > 1 || specEdited)) {
      return null;
    }
    Instant since = created.plusSeconds(1);
    return dueSlot != null && dueSlot.isAfter(since) ? dueSlot : since;
  }

  private Selection permitted(DynamoBackupPlan plan, Selection selection,
      ReconcileContext<DynamoBackupPlan> context) {
    TenancyGuard tenancy = context.dependencies().tenancy();
    String namespace = plan.getMetadata().getNamespace();
    if (!tenancy.enabled() || plan.getSpec().tableSelector == null) {
      return selection;
    }
    List<TableKey> denied = selection.selected().stream()
        .filter(t -> tenancy.check(namespace).tableName(t.name(), "spec.tableSelector").denied()).toList();
    List<TableKey> before = leftOut.put(plan.getMetadata().getUid(), denied);
    if (denied.isEmpty()) {
      return selection;
    }
    if (!denied.equals(before)) { // the same tables left out at every reconcile: one event, not one per reconcile
      context.dependencies().metrics().tenancyDenied(namespace, "DynamoBackupPlan",
          List.of(new TenancyGuard.Denial("spec.tableSelector", "")));
      context.warning(TenancyGuard.REASON, "left out " + denied.size() + " selected table(s) outside the tenancy"
          + " policy of namespace " + namespace + " (tenancy rule tables: " + tenancy.tablesRule(namespace) + "); they"
          + " are not named, as they may be another team's");
    }
    return new Selection(selection.selected().stream().filter(t -> !denied.contains(t)).toList(),
        selection.missing(), selection.error(), denied.size());
  }

  private Selection single(Inventory inventory, TableKey table, Instant needSince,
      ReconcileContext<DynamoBackupPlan> context) {
    var dependencies = context.dependencies();
    boolean exists = listings.exists(dependencies.identityFor(context.resource().getMetadata().getNamespace()),
        inventory, dependencies.clock(), table, needSince);
    return exists ? new Selection(List.of(table), List.of(), null) : new Selection(List.of(), List.of(table), null);
  }

  /**
   * One GetResources call (all pages) finds the tables carrying the tags. A table selected before that is not among
   * them either lost a tag (no longer selected) or no longer exists (missing, while its recovery points are kept):
   * DescribeTable tells which, for those few tables only.
   */
  private Selection selected(Inventory inventory, String namespace, DynamoBackupPlanSpec spec,
      Set<TableKey> previouslySelected) {
    String region = spec.tableSelector.region;
    List<TableKey> selected = new ArrayList<>();
    for (String arn : inventory.taggedTables(region, spec.tableSelector.matchTags)) {
      TableKey table = new TableKey(region, Arn.parse(arn).resourceName());
      selected.add(table);
    }
    selected.sort(Comparator.comparing(TableKey::toString));
    List<TableKey> missing = new ArrayList<>();
    for (TableKey before : previouslySelected) {
      if (before.region().equals(region) && !selected.contains(before)
          && inventory.tableArn(region, before.name()).isEmpty()) {
        missing.add(before);
      }
    }
    missing.sort(Comparator.comparing(TableKey::toString));
    return new Selection(selected, missing, null);
  }
}
