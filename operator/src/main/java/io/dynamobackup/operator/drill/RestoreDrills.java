package io.dynamobackup.operator.drill;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.DrillResult;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.Durations;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.plan.ScheduleCalculator;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.dynamobackup.operator.common.Shard;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restore drills: on each slot of spec.restoreDrill.schedule the plan creates a DynamoRestore child of its newest
 * completed backup into a scratch table (deletionPolicy Delete, deletion protection off); once that restore is Ready
 * the drill checks it (item count against the source's at backup time, settings applied), records the result and the
 * measured restore time, and deletes the child, whose finalizer drops the scratch table. A drill that fails, or is not
 * Ready within spec.restoreDrill.timeoutMinutes, is deleted the same way.
 *
 * <p>All state lives in Kubernetes: the child's name is derived from the slot ({@link DrillChildren}), its annotations
 * carry the slot and the expected item count, and the plan's status records the slot that ran, so a restarted
 * operator picks up a drill half-way and never leaves a scratch table behind.
 */
public final class RestoreDrills {
  public static final String DRILL_LABEL = DeletionGuard.DRILL_LABEL;
  public static final String DRILL_FAILED = "DrillFailed";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String RUNNING = "Running";
  static final int DEFAULT_TIMEOUT_MINUTES = 360;

  private RestoreDrills() {}

  /** The plan controller's informer of its drill children: their progress triggers the plan at once. */
  public static InformerEventSource<DynamoRestore, DynamoBackupPlan> informer(
      EventSourceContext<DynamoBackupPlan> context, Shard shard) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(DynamoRestore.class, DynamoBackupPlan.class)
        .withLabelSelector(shard.and(DRILL_LABEL))
        .withItemStore(new io.dynamobackup.operator.common.LeanItemStore<>())
        .withInformerListLimit(io.dynamobackup.operator.common.LeanItemStore.LIST_LIMIT)
        .withSecondaryToPrimaryMapper((DynamoRestore drill) -> drill.getMetadata().getOwnerReferences().stream()
            .filter(o -> "DynamoBackupPlan".equals(o.getKind()))
            .map(o -> new ResourceID(o.getName(), drill.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build(), context);
  }

  /**
   * Moves running drills on, starts the due slot's drill and returns when to look again (null: no drill scheduled).
   * {@code backups} are the plan's live DynamoBackup children; its drill children come from the informer.
   */
  public static Instant reconcile(DynamoBackupPlan plan, List<DynamoBackup> backups,
      ReconcileContext<DynamoBackupPlan> context) {
    RestoreDrill spec = plan.getSpec().restoreDrill;
    DrillStatuses status = new DrillStatuses(plan, context.now());
    List<DynamoRestore> drills = context.secondary(DynamoRestore.class).stream()
        .filter(d -> DrillChildren.isOwnedBy(d, plan)).toList();
    // A drill that could not be read whole is left alone (its own controller reports it): never judged or deleted.
    List<DynamoRestore> live = drills.stream().filter(d -> d.getMetadata().getDeletionTimestamp() == null
        && d.readable()).toList();
    if (spec == null) {
      live.forEach(d -> DrillChildren.delete(context.client(), d)); // turned off: drop scratch tables, record nothing
      status.off(live.stream().map(d -> d.getMetadata().getName()).toList());
      return null;
    }
    Instant lookAgain = null;
    for (DynamoRestore drill : live) {
      lookAgain = earliest(lookAgain, progress(plan, spec, drill, status, context));
    }
    lost(plan, drills, status, context);
    if (Boolean.TRUE.equals(plan.getSpec().suspend)) {
      status.suspended();
      return lookAgain;
    }
    ScheduleCalculator schedule = ScheduleCalculator.parse(spec.schedule, plan.getSpec().timeZone);
    Instant pending = status.pending();
    if (pending != null && !schedule.isSlot(pending)) {
      pending = null; // the drill schedule or time zone changed
    }
    ScheduleCalculator.Decision decision = schedule.decide(pending, context.now(),
        plan.getSpec().startingDeadlineSeconds);
    if (decision.run() != null) {
      start(plan, decision.run(), backups, live, status, context);
    }
    status.next(decision.next());
    return earliest(lookAgain, decision.next());
  }

  private static void start(DynamoBackupPlan plan, Instant slot, List<DynamoBackup> backups, List<DynamoRestore> live,
      DrillStatuses status, ReconcileContext<DynamoBackupPlan> context) {
    DrillResult last = status.last();
    if (last != null && last.startTime != null && !Instant.parse(last.startTime).isBefore(slot)) {
      return; // this slot already ran (the plan's status was written, the child may be gone already)
    }
    String name = DrillChildren.restoreName(plan.getMetadata().getName(), slot);
    if (live.stream().anyMatch(d -> d.getMetadata().getName().equals(name))) {
      return;
    }
    if (!live.isEmpty()) {
      context.warning("DrillSkipped", "drill slot " + slot + " skipped: the previous drill "
          + live.get(0).getMetadata().getName() + " still runs");
      return;
    }
    Optional<DynamoBackup> newest = backups.stream().filter(b -> ChildBackups.phase(b) == BackupPhase.Completed)
        .filter(b -> ChildBackups.tableOf(b).isPresent())
        .max(Comparator.comparing(ChildBackups::completion));
    boolean pointInTime = plan.getSpec().restoreDrill.source == RestoreDrill.DrillSource.PointInTimeRecovery;
    TableReference table = plan.getSpec().table != null ? plan.getSpec().table
        : newest.map(b -> b.getSpec().table).orElse(null);
    if (pointInTime ? table == null : newest.isEmpty()) {
      context.warning("DrillSkipped", "drill slot " + slot + " skipped: the plan has no completed backup yet"
          + (pointInTime ? " (a tag-selector plan's point-in-time drill restores the table of its newest backup)" : ""));
      return;
    }
    DynamoRestore drill = pointInTime ? DrillChildren.buildPointInTime(plan, table, slot)
        : DrillChildren.build(plan, newest.get(), slot);
    context.dependencies().shard().inheritedLabels(plan).forEach(drill.getMetadata().getLabels()::putIfAbsent);
    try {
      context.client().resource(drill).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      DynamoRestore existing = context.client().resources(DynamoRestore.class)
          .inNamespace(plan.getMetadata().getNamespace()).withName(name).get();
      if (existing == null || !DrillChildren.isOwnedBy(existing, plan)) {
        context.warning("NameConflict", "cannot start the drill of slot " + slot + ": a DynamoRestore named "
            + name + " exists and does not belong to this plan");
        return;
      }
      drill = existing; // created before a crash or restart
    }
    status.started(slot, drill);
    context.normal("DrillStarted", "restore drill " + name + " restores " + DrillChildren.sourceOf(drill)
        + " into scratch table " + drill.getSpec().target.tableName);
  }

  /** Judges a running drill; finishes it when it is Ready, failed or late. Returns when to look again. */
  private static Instant progress(DynamoBackupPlan plan, RestoreDrill spec, DynamoRestore drill,
      DrillStatuses status, ReconcileContext<DynamoBackupPlan> context) {
    DynamoRestoreStatus observed = drill.getStatus();
    RestorePhase phase = observed == null ? null : observed.phase;
    Instant deadline = DrillChildren.slotOf(drill).plus(Duration.ofMinutes(timeoutMinutes(spec)));
    boolean tableActive = observed != null && Conditions.isTrue(observed.conditions, "TableActive");
    DrillVerdict verdict;
    Duration took = null;
    if (phase == RestorePhase.Failed) {
      verdict = DrillVerdict.failed("RestoreFailed", "the drill's restore failed: "
          + (observed.failure == null ? "see DynamoRestore " + drill.getMetadata().getName()
              : observed.failure.code + ": " + observed.failure.message));
    } else if (phase == RestorePhase.Ready || (!Boolean.TRUE.equals(spec.checkSettings) && tableActive
        && observed.tableActiveTime != null)) {
      took = DrillChildren.restoreDuration(observed);
      Long actual = Boolean.FALSE.equals(spec.checkItemCount) ? null
          : context.aws().inventory().countItems(region(drill), drill.getSpec().target.tableName);
      verdict = DrillVerdict.evaluate(spec, drill, DrillChildren.expectedItems(drill), actual);
    } else if (!context.now().isBefore(deadline)) {
      var ready = observed == null ? Optional.<Condition>empty() : Conditions.find(observed.conditions, Conditions.READY);
      verdict = DrillVerdict.failed("DrillTimeout", "the drill's restore was not Ready within " + timeoutMinutes(spec)
          + " minutes (phase " + (phase == null ? "Pending" : phase) + ready.map(c -> ", " + c.getReason() + ": "
          + c.getMessage()).orElse("") + ")");
    } else {
      return deadline;
    }
    finish(plan, drill, verdict, took, status, context);
    return null;
  }

  private static void finish(DynamoBackupPlan plan, DynamoRestore drill, DrillVerdict verdict, Duration took,
      DrillStatuses status, ReconcileContext<DynamoBackupPlan> context) {
    String result = verdict.passed() ? SUCCEEDED : FAILED;
    String restoreDuration = drill.getStatus() == null ? null : drill.getStatus().restoreDuration;
    if (restoreDuration == null && took != null) {
      restoreDuration = Durations.human(took);
    }
    status.finished(drill, DrillChildren.slotOf(drill), result, restoreDuration, verdict);
    context.dependencies().metrics().drillFinished(plan.getMetadata().getNamespace(), plan.getMetadata().getName(),
        result, took);
    String table = drill.getSpec().target.tableName;
    if (verdict.passed()) {
      context.normal("DrillSucceeded", "restore drill " + drill.getMetadata().getName() + " succeeded"
          + (restoreDuration == null ? "" : " in " + restoreDuration) + ": " + verdict.message()
          + "; deleting scratch table " + table);
    } else {
      context.warning(DRILL_FAILED, "restore drill " + drill.getMetadata().getName() + " failed ("
          + verdict.reason() + "): " + verdict.message() + "; deleting scratch table " + table
          + notes(plan.getSpec().restoreDrill));
    }
    DrillChildren.delete(context.client(), drill);
  }

  /** A drill the status says runs but whose child is gone (deleted by hand, or a result lost in a crash). */
  private static void lost(DynamoBackupPlan plan, List<DynamoRestore> all, DrillStatuses status,
      ReconcileContext<DynamoBackupPlan> context) {
    DrillResult last = status.last();
    if (last == null || !RUNNING.equals(last.result) || last.restoreName == null
        || all.stream().anyMatch(d -> d.getMetadata().getName().equals(last.restoreName))) {
      return;
    }
    // Not in the cache: ask the API server, as the cache may lag behind a child created a moment ago.
    DynamoRestore current = context.client().resources(DynamoRestore.class)
        .inNamespace(plan.getMetadata().getNamespace()).withName(last.restoreName).get();
    if (current == null) {
      status.lost();
      context.dependencies().metrics().drillFinished(plan.getMetadata().getNamespace(), plan.getMetadata().getName(),
          FAILED, null);
      context.warning(DRILL_FAILED, status.last().message);
    }
  }

  private static String region(DynamoRestore drill) {
    return drill.getSpec().target.region != null ? drill.getSpec().target.region
        : drill.getStatus().recoveryPointRegion;
  }

  private static int timeoutMinutes(RestoreDrill spec) {
    return spec.timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : spec.timeoutMinutes;
  }

  private static String notes(RestoreDrill spec) {
    return spec == null || spec.notes == null || spec.notes.isEmpty() ? "" : " (" + String.join("; ", spec.notes) + ")";
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
