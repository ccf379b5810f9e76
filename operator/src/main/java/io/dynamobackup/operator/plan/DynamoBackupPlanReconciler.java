package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.common.LeanItemStore;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.drill.RestoreDrills;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.dynamobackup.operator.reconcile.SharedCacheSource;
import io.dynamobackup.operator.rules.BackupJobRules;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DynamoBackupPlan schedules DynamoBackup children, in a pipeline that observes before it acts: select the tables →
 * run the due slot (one child per table) → prune what retention no longer keeps → run restore drills → judge the
 * recovery point objective, also per copy Region → Ready; then look again at the next slot. A plan object that is new
 * first adopts the recovery points it made before (a rebuilt cluster, {@link PlanHistory}). Children are watched, so
 * their completion
 * triggers the plan at once; the schedule itself is a requeue at the next slot, capped so a stepped clock is noticed.
 */
@ControllerConfiguration(name = "dynamobackupplan")
public class DynamoBackupPlanReconciler extends KindReconciler<DynamoBackupPlan, PlanStatuses> {
  private final PlanTables tables = new PlanTables();
  private final PlanSweep sweep = new PlanSweep();
  private final PlanHistory history = new PlanHistory();

  public DynamoBackupPlanReconciler(ReconcileDependencies dependencies) {
    super("DynamoBackupPlan", PlanStatuses.NORMAL_READY_REASONS, dependencies);
  }

  @Override
  public List<EventSource<?, DynamoBackupPlan>> prepareEventSources(EventSourceContext<DynamoBackupPlan> context) {
    return List.of(children(context), RestoreDrills.informer(context, dependencies.shard()));
  }

  /**
   * The plans' children: read from the backup controller's cache, which it shares (every DynamoBackup change is a watch
   * event both informers would parse), or from an informer of the plan controller's own when it has none (no backup
   * controller). A plan decides on its children's ends (retention, RPO, Forbid), not on their way there: at fleet scale
   * the Pending and Running updates of every child would reconcile its plan again for nothing. Nor on the arrival of a
   * child on its way (mostly one it created itself): its end will tell. A child that arrives ended or deleting (a
   * relist, an adopted one) concerns it at once.
   */
  private EventSource<DynamoBackup, DynamoBackupPlan> children(EventSourceContext<DynamoBackupPlan> context) {
    Optional<SharedCacheSource<DynamoBackup, DynamoBackupPlan>> shared = SharedCacheSource.over(dependencies.caches(),
        DynamoBackup.class, DynamoBackupPlan.class, DynamoBackupPlanReconciler::ownerPlans,
        context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
    if (shared.isPresent()) {
      shared.get().setOnUpdateFilter(DynamoBackupPlanReconciler::concernsThePlan);
      shared.get().setOnAddFilter(DynamoBackupPlanReconciler::concernsThePlanOnArrival);
      return shared.get();
    }
    var children = InformerEventSourceConfiguration.from(DynamoBackup.class, DynamoBackupPlan.class)
        .withLabelSelector(dependencies.shard().and(ChildBackups.PLAN_LABEL))
        .withOnUpdateFilter(DynamoBackupPlanReconciler::concernsThePlan)
        .withOnAddFilter(DynamoBackupPlanReconciler::concernsThePlanOnArrival)
        .withItemStore(new LeanItemStore<>())
        .withInformerListLimit(LeanItemStore.LIST_LIMIT)
        .withSecondaryToPrimaryMapper(DynamoBackupPlanReconciler::ownerPlans)
        .build();
    return new InformerEventSource<>(children, context);
  }

  /** The plans a child belongs to: its owner references of kind DynamoBackupPlan, if it carries the plan label. */
  static Set<ResourceID> ownerPlans(DynamoBackup child) {
    var labels = child.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(ChildBackups.PLAN_LABEL)
        || child.getMetadata().getOwnerReferences() == null) {
      return Set.of();
    }
    return child.getMetadata().getOwnerReferences().stream()
        .filter(o -> "DynamoBackupPlan".equals(o.getKind()))
        .map(o -> new ResourceID(o.getName(), child.getMetadata().getNamespace())).collect(Collectors.toSet());
  }

  /** A child's update the plan acts on: it ended (or its phase changed after it ended), or its deletion began. */
  static boolean concernsThePlan(DynamoBackup updated, DynamoBackup previous) {
    boolean ended = ChildBackups.isTerminal(updated);
    return ended != ChildBackups.isTerminal(previous)
        || ended && ChildBackups.phase(updated) != ChildBackups.phase(previous)
        || (updated.getMetadata().getDeletionTimestamp() == null)
            != (previous.getMetadata().getDeletionTimestamp() == null);
  }

  /** A child's arrival the plan acts on: it has ended already, or its deletion began. */
  static boolean concernsThePlanOnArrival(DynamoBackup added) {
    return ChildBackups.isTerminal(added) || added.getMetadata().getDeletionTimestamp() != null;
  }

  @Override
  protected PlanStatuses status(DynamoBackupPlan plan, Instant now) {
    return new PlanStatuses(plan, now);
  }

  @Override
  protected List<String> validate(DynamoBackupPlan plan) {
    return PlanSpecs.validate(plan.getSpec());
  }

  @Override
  protected Map<String, String> awsNamedFields(DynamoBackupPlan plan) {
    var spec = plan.getSpec();
    Map<String, String> fields = BackupJobRules.namedFields(spec == null ? null : spec.template, "spec.template");
    if (spec != null && spec.restoreDrill != null) {
      fields.put("spec.restoreDrill.iamRoleArn", spec.restoreDrill.iamRoleArn);
    }
    return fields;
  }

  @Override
  protected TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackupPlan plan) {
    return PlanSpecs.tenancy(guard, plan); // before any AWS call and before any child is created
  }

  @Override
  protected Duration step(DynamoBackupPlan plan, PlanStatuses status, ReconcileContext<DynamoBackupPlan> context) {
    ScheduleCalculator schedule = ScheduleCalculator.parse(plan.getSpec().schedule, plan.getSpec().timeZone);
    boolean selector = plan.getSpec().tableSelector != null;
    boolean suspended = Boolean.TRUE.equals(plan.getSpec().suspend);
    // 1. Observe: the children (cache) and the protected tables (AWS only when new, edited, or at a slot).
    List<DynamoBackup> children = children(plan, context);
    Set<TableKey> known = status.known(children);
    Instant dueSlot = suspended ? null : ScheduledRuns.dueSlot(plan, schedule, status, context.now());
    PlanTables.Selection selection = tables.select(plan, known, status.recordedSelection(), dueSlot, context);
    status.tables(selection, selector, known,
        dependencies.tenancy().tablesRule(plan.getMetadata().getNamespace()));
    // 1b. Adopt the recovery points this plan made before this object existed (a cluster rebuilt, the plan re-applied).
    PlanHistory.Outcome adoption = history.adopt(plan, children, status.scannedVaults(), context);
    status.history(adoption);
    if (adoption != null && adoption.adopted() > 0) {
      children = children(plan, context); // with the adopted ones: the objective is judged on the whole history
    }
    // 2. Run the due schedule slot: one child per table.
    Instant next = suspended ? status.suspended()
        : ScheduledRuns.runDueSlot(plan, schedule, selection, children, status, context);
    // 3. Prune the children retention no longer keeps (their finalizers delete the recovery points); whether AWS
    // expired a point is asked at slots only.
    List<DynamoBackup> kept = ChildPruner.prune(plan, children, schedule.zone(), dueSlot != null, context);
    status.children(kept);
    // 3b. What a lifecycle edit means for the points already taken; copies that may meet cold storage first.
    status.lifecycle(LifecycleUpdater.reconcile(plan, kept, context), status.status().recoveryPoints > 0);
    status.copiesAtRisk(BackupJobRules.copiesMayMeetColdStorage(plan.getSpec().template, "spec.template"));
    // 4. Restore drills, on their own schedule.
    Instant nextDrill = RestoreDrills.reconcile(plan, kept, context);
    next = next == null || nextDrill != null && nextDrill.isBefore(next) ? nextDrill : next;
    // 5. Judge the recovery point objective (on the whole history, once adopted backups are read), then readiness.
    List<String> reading = ChildBackups.adoptedUnread(kept);
    if (!suspended && !reading.isEmpty()) {
      status.judgingAfterAdoption(reading);
    } else if (!suspended && PlanSelections.nothingToBackUp(selection)) {
      status.nothingToJudge(CopyRegions.of(plan, schedule, List.of(), kept, context.now(), false));
    } else {
      List<TableKey> covered = ScheduledRuns.covered(plan, selection, known, kept);
      status.overdue(suspended ? List.of() : ScheduledRuns.overdue(plan, schedule, covered, kept, context.now()),
          suspended);
      status.copyRegions(CopyRegions.of(plan, schedule, selection.selected(), kept, context.now(), suspended),
          suspended);
    }
    status.ready(selector, selection.error());
    // 6. Look again at the next slot or drill (or vault search), never later than the longest poll interval.
    if (adoption != null && adoption.retryAt() != null && (next == null || adoption.retryAt().isBefore(next))) {
      next = adoption.retryAt();
    }
    return context.schedule().waitAtMost(next == null ? Duration.ofDays(1) : Duration.between(context.now(), next));
  }

  /**
   * The plan's children it works with. A child that could not be read whole is left out: the plan never prunes it,
   * changes its recovery point's lifecycle or drills it (its own controller reports it), so it is only ever kept.
   */
  private static List<DynamoBackup> children(DynamoBackupPlan plan, ReconcileContext<DynamoBackupPlan> context) {
    return context.secondary(DynamoBackup.class).stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null && ChildBackups.isOwnedBy(c, plan)
            && c.readable()).toList();
  }

  @Override
  protected void recorded(DynamoBackupPlan plan, PlanStatuses status, Object phaseBefore,
      ReconcileContext<DynamoBackupPlan> context) {
    status.report(dependencies.events());
    var last = status.status().lastSuccessfulBackup;
    dependencies.metrics().planObserved(plan.getMetadata().getNamespace(), plan.getMetadata().getName(),
        last == null ? null : Instant.parse(last.completionTime), status.isOverdue(), dependencies.clock());
    dependencies.metrics().planCopiesObserved(plan.getMetadata().getNamespace(), plan.getMetadata().getName(),
        status.status().copyRegions, dependencies.clock());
    sweep.now(context, dependencies.metrics(), tables, history);
  }
}
