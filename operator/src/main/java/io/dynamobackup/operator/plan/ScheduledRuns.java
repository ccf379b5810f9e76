package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.ConcurrencyPolicy;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs a schedule slot: one child per selected table, honouring concurrencyPolicy; and judges backup overdue. */
final class ScheduledRuns {
  private ScheduledRuns() {}

  /**
   * Creates the slot's children. A child that already exists (a slot re-run after a crash, or the 409 of a racing
   * create) counts as done. With Forbid, a table whose previous child is not terminal is skipped for this slot: a
   * running DynamoDB backup cannot be cancelled, and AWS would only queue the new job behind it. Returns whether
   * the slot has at least one child.
   */
  static boolean run(DynamoBackupPlan plan, Instant slot, List<TableKey> tables, List<DynamoBackup> children,
      ReconcileContext<DynamoBackupPlan> context) {
    KubernetesClient client = context.client();
    List<String> created = new ArrayList<>();
    List<String> existed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (TableKey table : tables) {
      DynamoBackup child = ChildBackups.build(plan, table, slot);
      // The plan's shard owns its children too.
      context.dependencies().shard().inheritedLabels(plan).forEach(child.getMetadata().getLabels()::putIfAbsent);
      String name = child.getMetadata().getName();
      if (children.stream().anyMatch(c -> c.getMetadata().getName().equals(name))) {
        existed.add(name);
        continue;
      }
      Optional<DynamoBackup> running = children.stream()
          .filter(c -> ChildBackups.tableOf(c).filter(table::equals).isPresent() && !ChildBackups.isTerminal(c))
          .findFirst();
      if (plan.getSpec().concurrencyPolicy != ConcurrencyPolicy.Allow && running.isPresent()) {
        skipped.add(table + " (" + running.get().getMetadata().getName() + " is " + ChildBackups.phase(running.get()) + ")");
        continue;
      }
      try {
        client.resource(child).create();
        created.add(name);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        DynamoBackup existing = client.resources(DynamoBackup.class).inNamespace(child.getMetadata().getNamespace())
            .withName(name).get();
        if (existing != null && ChildBackups.isOwnedBy(existing, plan)) {
          existed.add(name); // created before a crash or restart: the slot already ran
        } else if (existing != null) {
          context.warning("NameConflict", "cannot create " + name + " for slot " + slot
              + ": a DynamoBackup of that name exists and does not belong to this plan");
        }
      }
    }
    if (!created.isEmpty()) {
      context.normal("BackupCreated", "slot " + slot + ": created " + String.join(", ", created));
    }
    if (!skipped.isEmpty()) {
      context.warning("SlotSkipped", "slot " + slot + " skipped for " + String.join(", ", skipped)
          + ": concurrencyPolicy Forbid waits for the previous backup of the table (AWS cannot cancel it)");
    }
    return !created.isEmpty() || !existed.isEmpty();
  }

  /** The slot this reconcile runs (the schedule's slot that is due now), or null: decided as {@link #runDueSlot} does. */
  static Instant dueSlot(DynamoBackupPlan plan, ScheduleCalculator schedule, PlanStatuses status, Instant now) {
    Instant pending = status.pendingSlot();
    if (pending != null && !schedule.isSlot(pending)) {
      pending = null;
    }
    return schedule.decide(pending, now, plan.getSpec().startingDeadlineSeconds).run();
  }

  /**
   * Runs the due slot, if any, and returns the next one. After an outage only the newest missed slot runs. A slot
   * that cannot start because AWS did not say which tables to back up is a Warning naming the slot and the error.
   */
  static Instant runDueSlot(DynamoBackupPlan plan, ScheduleCalculator schedule, PlanTables.Selection selection,
      List<DynamoBackup> children, PlanStatuses status, ReconcileContext<DynamoBackupPlan> context) {
    Instant pending = status.pendingSlot();
    if (pending != null && !schedule.isSlot(pending)) {
      pending = null; // the schedule or time zone changed: start from the new schedule's next slot
    }
    ScheduleCalculator.Decision decision = schedule.decide(pending, context.now(),
        plan.getSpec().startingDeadlineSeconds);
    boolean ran = decision.run() != null && run(plan, decision.run(), selection.selected(), children, context);
    if (decision.run() != null && selection.selected().isEmpty() && selection.error() != null) {
      context.warning("SlotNotStarted", "slot " + decision.run() + " could not start: the plan's tables could not be"
          + " read (" + selection.error().code() + ": " + selection.error().getMessage() + "); next slot "
          + decision.next());
    }
    if (decision.skipped() != null) {
      context.warning("MissedSchedule", "skipped slot " + decision.skipped() + ": older than"
          + " startingDeadlineSeconds (" + plan.getSpec().startingDeadlineSeconds + ") when the operator saw it ("
          + decision.missedText() + " slot(s) missed in all)");
    } else if (decision.missed() > 0) {
      context.warning("MissedSchedule", decision.missedText() + " older slot(s) were missed (operator not running?);"
          + " ran only the newest, " + decision.run());
    }
    status.scheduled(decision.next(), ran ? decision.run() : null, selection);
    return decision.next();
  }

  /**
   * The tables the plan is known to cover, whose recovery point objective it judges: those AWS just selected; when
   * AWS did not answer with any (the tables' Region may be down: exactly when the objective is missed), the spec's
   * table, or else the tables selected before ({@code known}) and those the plan has backups of.
   */
  static List<TableKey> covered(DynamoBackupPlan plan, PlanTables.Selection selection, Set<TableKey> known,
      List<DynamoBackup> children) {
    if (selection.error() == null || !selection.selected().isEmpty()) {
      return selection.selected();
    }
    if (plan.getSpec().table != null) {
      return List.of(TableKey.of(plan.getSpec().table));
    }
    Set<TableKey> covered = new java.util.LinkedHashSet<>(known);
    children.forEach(c -> ChildBackups.tableOf(c).ifPresent(covered::add));
    return List.copyOf(covered);
  }

  /**
   * Tables whose newest successful backup is older than two schedule intervals, counted from {@link #clockStart}.
   */
  static List<TableKey> overdue(DynamoBackupPlan plan, ScheduleCalculator schedule, List<TableKey> tables,
      List<DynamoBackup> children, Instant now) {
    List<TableKey> overdue = new ArrayList<>();
    for (TableKey table : tables) {
      List<DynamoBackup> ofTable = children.stream()
          .filter(c -> ChildBackups.tableOf(c).filter(table::equals).isPresent()).toList();
      Optional<Instant> newest = ofTable.stream().filter(c -> ChildBackups.phase(c) == BackupPhase.Completed)
          .map(ChildBackups::completion).max(Comparator.naturalOrder());
      if (schedule.overdue(clockStart(plan, newest, ofTable, now), now)) {
        overdue.add(table);
      }
    }
    return overdue;
  }

  /**
   * Where a table's overdue clock starts: at its newest success ({@code newest}: a backup, or a copy in one Region),
   * but not before the plan became able to back up ({@link #ableSince}); before it could, no backup was due. History
   * from before the plan object existed counts as it is: a plan re-applied to a rebuilt cluster, whose adopted
   * recovery points are old, has missed its objective at once (the disaster recovery drill). Without any success, the
   * first slot of the table's children stands for that history.
   */
  static Instant clockStart(DynamoBackupPlan plan, Optional<Instant> newest, List<DynamoBackup> ofTable, Instant now) {
    Instant created = created(plan, now);
    Optional<Instant> history = newest
        .or(() -> ofTable.stream().map(ChildBackups::slotOf).min(Comparator.naturalOrder()));
    if (history.filter(h -> h.isBefore(created)).isPresent()) {
      return history.get();
    }
    Instant able = ableSince(plan, now);
    return newest.filter(able::isBefore).orElse(able);
  }

  /**
   * When the plan became able to back up: the later of its creation and the last time its Scheduled condition turned
   * True (its table appeared, its spec was fixed or permitted, it was resumed). A plan that stays Scheduled keeps its
   * clock: backups that fail leave Scheduled True, and so does an AWS outage (AWS does not answer which tables there
   * are), when the objective is missed indeed.
   */
  static Instant ableSince(DynamoBackupPlan plan, Instant now) {
    Instant created = created(plan, now);
    return Optional.ofNullable(plan.getStatus()).flatMap(s -> Conditions.find(s.conditions, PlanStatuses.SCHEDULED))
        .filter(c -> Conditions.TRUE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime())).filter(created::isBefore).orElse(created);
  }

  private static Instant created(DynamoBackupPlan plan, Instant now) {
    return Optional.ofNullable(plan.getMetadata().getCreationTimestamp()).map(Instant::parse).orElse(now);
  }
}
