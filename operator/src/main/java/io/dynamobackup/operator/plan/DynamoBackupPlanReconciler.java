package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.StatusUpdates;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DynamoBackupPlan schedules DynamoBackup children: validate → select tables → run the due slot (one child per
 * table) → prune what retention no longer keeps → judge the recovery point objective → record status, and look again
 * at the next slot. Children are watched, so their completion triggers the plan at once; the schedule itself is a
 * requeue at the next slot, capped so a stepped clock is noticed. Restore drills ({@link RestoreDrills}) run on their
 * own schedule as DynamoRestore children, also watched.
 */
@ControllerConfiguration(name = "dynamobackupplan")
public class DynamoBackupPlanReconciler implements Reconciler<DynamoBackupPlan> {
  private final PlanTables tables;
  private final ChildPruner pruner;
  private final RestoreDrills drills;
  private final RetrySchedule retry;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private volatile Instant nextSweep = Instant.MIN;
  private final TenancyGuard tenancy;

  public DynamoBackupPlanReconciler(Inventory inventory, RetrySchedule retry, OperatorMetrics metrics, Clock clock) {
    this(inventory, retry, metrics, clock, TenancyGuard.singleTenant());
  }

  public DynamoBackupPlanReconciler(Inventory inventory, RetrySchedule retry, OperatorMetrics metrics, Clock clock,
      TenancyGuard tenancy) {
    this.tenancy = tenancy;
    this.tables = new PlanTables(inventory, retry);
    this.pruner = new ChildPruner(inventory);
    this.drills = new RestoreDrills(inventory, metrics);
    this.retry = retry;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DynamoBackupPlan>> prepareEventSources(EventSourceContext<DynamoBackupPlan> context) {
    var children = InformerEventSourceConfiguration.from(DynamoBackup.class, DynamoBackupPlan.class)
        .withLabelSelector(ChildBackups.PLAN_LABEL)
        .withSecondaryToPrimaryMapper((DynamoBackup child) -> child.getMetadata().getOwnerReferences().stream()
            .filter(o -> "DynamoBackupPlan".equals(o.getKind()))
            .map(o -> new ResourceID(o.getName(), child.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build();
    var drillChildren = InformerEventSourceConfiguration.from(DynamoRestore.class, DynamoBackupPlan.class)
        .withLabelSelector(RestoreDrills.DRILL_LABEL)
        .withSecondaryToPrimaryMapper((DynamoRestore drill) -> drill.getMetadata().getOwnerReferences().stream()
            .filter(o -> "DynamoBackupPlan".equals(o.getKind()))
            .map(o -> new ResourceID(o.getName(), drill.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(children, context), new InformerEventSource<>(drillChildren, context));
  }

  @Override
  public UpdateControl<DynamoBackupPlan> reconcile(DynamoBackupPlan plan, Context<DynamoBackupPlan> context) {
    // AWS calls for this object use its namespace's credentials (the tenant's assumed role, if any).
    return AwsIdentity.forNamespace(plan.getMetadata().getNamespace(), () -> reconcileInNamespace(plan, context));
  }

  private UpdateControl<DynamoBackupPlan> reconcileInNamespace(DynamoBackupPlan plan, Context<DynamoBackupPlan> context) {
    Instant now = clock.instant();
    String before = StatusUpdates.snapshot(plan);
    PlanStatuses status = new PlanStatuses(plan, now);
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    List<String> problems = PlanSpecs.validate(plan.getSpec());
    if (!problems.isEmpty()) {
      status.invalid(String.join("; ", problems));
      status.report(events);
      return StatusUpdates.patchIfChanged(plan, before, null); // a spec edit triggers the next reconcile; no retry loop
    }
    TenancyGuard.Check permitted = PlanSpecs.tenancy(tenancy, plan);
    if (permitted.denied()) {
      // Before any AWS call and before any child is created; no requeue: a spec or policy change brings the next one.
      metrics.tenancyDenied(plan.getMetadata().getNamespace(), "DynamoBackupPlan", permitted.denials());
      status.notPermitted(permitted.message());
      status.report(events);
      return StatusUpdates.patchIfChanged(plan, before, null);
    }
    DynamoBackupPlanSpec spec = plan.getSpec();
    ScheduleCalculator schedule = ScheduleCalculator.parse(spec.schedule, spec.timeZone);
    boolean selector = spec.tableSelector != null;
    boolean suspended = Boolean.TRUE.equals(spec.suspend);
    List<DynamoBackup> children = context.getSecondaryResources(DynamoBackup.class).stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null && ChildBackups.isOwnedBy(c, plan)).toList();
    String key = plan.getMetadata().getUid();
    try {
      PlanTables.Selection selection = permittedTables(plan, tables.resolve(plan, known(status, children), now),
          events);
      status.tables(selection, selector);
      Instant next = suspended ? null : runDueSlot(plan, schedule, selection.selected(), children, status, context,
          events, now);
      if (suspended) {
        status.suspended();
      }
      List<DynamoBackup> kept = pruner.prune(plan, children, schedule.zone(), now, context.getClient(), events);
      status.children(kept);
      List<DynamoRestore> drillChildren = context.getSecondaryResources(DynamoRestore.class).stream()
          .filter(d -> RestoreDrills.isOwnedBy(d, plan)).toList();
      Instant nextDrill = drills.reconcile(plan, kept, drillChildren, status, context.getClient(), events, now);
      if (nextDrill != null && (next == null || nextDrill.isBefore(next))) {
        next = nextDrill;
      }
      List<TableKey> overdue = suspended ? List.of()
          : ScheduledRuns.overdue(plan, schedule, selection.selected(), kept, now);
      status.overdue(overdue, suspended);
      status.ready(selector, selection.error());
      status.report(events);
      recordMetricsAndSweep(plan, status, !overdue.isEmpty(), context);
      if (selection.error() == null) {
        retry.succeeded(key);
      }
      Duration untilNext = next == null ? Duration.ofDays(1) : Duration.between(now, next);
      return StatusUpdates.patchIfChanged(plan, before, retry.waitAtMost(untilNext));
    } catch (AwsException e) {
      metrics.awsError("DynamoBackupPlan", e.code());
      status.ready(selector, e);
      status.report(events);
      return StatusUpdates.patchIfChanged(plan, before, e.isTransient() ? retry.nextErrorRetry(key) : retry.userErrorRetry());
    }
  }

  /** Runs the due slot, if any, and returns the next one. After an outage only the newest missed slot runs. */
  private Instant runDueSlot(DynamoBackupPlan plan, ScheduleCalculator schedule, List<TableKey> selected,
      List<DynamoBackup> children, PlanStatuses status, Context<DynamoBackupPlan> context, EventRecorder events,
      Instant now) {
    Instant pending = status.pendingSlot();
    if (pending != null && !schedule.isSlot(pending)) {
      pending = null; // the schedule or time zone changed: start from the new schedule's next slot
    }
    ScheduleCalculator.Decision decision = schedule.decide(pending, now, plan.getSpec().startingDeadlineSeconds);
    boolean ran = decision.run() != null
        && ScheduledRuns.run(plan, decision.run(), selected, children, context.getClient(), events);
    if (decision.skipped() != null) {
      events.warning(plan, "MissedSchedule", "skipped slot " + decision.skipped() + ": older than"
          + " startingDeadlineSeconds (" + plan.getSpec().startingDeadlineSeconds + ") when the operator saw it");
    } else if (decision.missed() > 0) {
      events.warning(plan, "MissedSchedule", decision.missed() + " older slot(s) were missed (operator not running?);"
          + " ran only the newest, " + decision.run());
    }
    status.scheduled(decision.next(), ran ? decision.run() : null);
    return decision.next();
  }

  /**
   * A tag selector's matches are known only from AWS: with a tenancy policy, those whose names the namespace may not
   * use are left out (with a Warning event), so a selector never reaches another team's tables.
   */
  private PlanTables.Selection permittedTables(DynamoBackupPlan plan, PlanTables.Selection selection,
      EventRecorder events) {
    if (!tenancy.enabled() || plan.getSpec().tableSelector == null) {
      return selection;
    }
    List<TableKey> denied = selection.selected().stream()
        .filter(t -> tenancy.check(plan.getMetadata().getNamespace()).tableName(t.name(), "spec.tableSelector").denied())
        .toList();
    if (denied.isEmpty()) {
      return selection;
    }
    var message = tenancy.check(plan.getMetadata().getNamespace()).tableName(denied.get(0).name(), "spec.tableSelector");
    metrics.tenancyDenied(plan.getMetadata().getNamespace(), "DynamoBackupPlan", message.denials());
    events.warning(plan, TenancyGuard.REASON, "left out " + denied.size() + " selected table(s) " + denied + ": "
        + message.message());
    return new PlanTables.Selection(selection.selected().stream().filter(t -> !denied.contains(t)).toList(),
        selection.missing(), selection.error());
  }

  /** Tables the plan protected before, so those that disappeared are reported missing. */
  private static Set<TableKey> known(PlanStatuses status, List<DynamoBackup> children) {
    Set<TableKey> known = new LinkedHashSet<>();
    if (status.status().selectedTables != null) {
      status.status().selectedTables.forEach(t -> known.add(new TableKey(t.substring(0, t.indexOf('/')),
          t.substring(t.indexOf('/') + 1))));
    }
    children.forEach(c -> ChildBackups.tableOf(c).ifPresent(known::add));
    return known;
  }

  private void recordMetricsAndSweep(DynamoBackupPlan plan, PlanStatuses status, boolean overdue,
      Context<DynamoBackupPlan> context) {
    var last = status.status().lastSuccessfulBackup;
    metrics.planObserved(plan.getMetadata().getNamespace(), plan.getMetadata().getName(),
        last == null ? null : Instant.parse(last.completionTime), overdue, clock);
    Instant now = clock.instant();
    if (now.isAfter(nextSweep)) { // now and then, forget the gauges and table selections of deleted plans
      nextSweep = now.plus(PlanTables.REFRESH);
      List<DynamoBackupPlan> plans = context.getPrimaryCache().list().toList();
      metrics.retainPlans(plans.stream()
          .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet()));
      tables.retain(plans.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet()));
    }
  }
}
