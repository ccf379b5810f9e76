package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Intent-named changes to a plan's status, and one event per transition of its conditions (Ready's reason,
 * BackupOverdue, TablesMissing), so `kubectl describe` tells the story without an event per reconcile.
 */
final class PlanStatuses {
  static final String SCHEDULED = "Scheduled";
  static final String BACKUP_OVERDUE = "BackupOverdue";
  static final String TABLES_MISSING = "TablesMissing";
  private static final Set<String> NORMAL_READY_REASONS = Set.of("Scheduled", "Suspended");

  private final DynamoBackupPlan plan;
  private final DynamoBackupPlanStatus status;
  private final Instant now;
  private final Map<String, String> before = new HashMap<>();

  PlanStatuses(DynamoBackupPlan plan, Instant now) {
    if (plan.getStatus() == null) {
      plan.setStatus(new DynamoBackupPlanStatus());
    }
    this.plan = plan;
    this.status = plan.getStatus();
    this.now = now;
    status.conditions.forEach(c -> before.put(c.getType(), c.getStatus() + "/" + c.getReason()));
    status.observedGeneration = plan.getMetadata().getGeneration();
  }

  DynamoBackupPlanStatus status() {
    return status;
  }

  Instant pendingSlot() {
    return status.nextScheduleTime == null ? null : Instant.parse(status.nextScheduleTime);
  }

  void invalid(String message) {
    set(Conditions.READY, Conditions.FALSE, "InvalidSpec", message);
    set(SCHEDULED, Conditions.FALSE, "InvalidSpec", "nothing is scheduled until the spec is fixed");
    status.nextScheduleTime = null;
  }

  void notPermitted(String message) {
    String reason = io.dynamobackup.operator.common.TenancyGuard.REASON;
    set(Conditions.READY, Conditions.FALSE, reason, message);
    set(SCHEDULED, Conditions.FALSE, reason, "nothing is scheduled until the spec is permitted by the tenancy policy");
    status.nextScheduleTime = null;
  }

  void awsError(String code, String message) {
    set(Conditions.READY, Conditions.FALSE, code, message);
  }

  void tables(PlanTables.Selection selection, boolean selector) {
    status.selectedTables = selection.selected().stream().map(TableKey::toString).toList();
    status.missingTables = selection.missing().isEmpty() ? null
        : selection.missing().stream().map(TableKey::toString).toList();
    status.tableSummary = selector ? selection.selected().size() + " tables"
        : selection.selected().isEmpty() ? null : selection.selected().get(0).name();
    if (selection.missing().isEmpty()) {
      status.conditions.removeIf(c -> TABLES_MISSING.equals(c.getType()));
    } else {
      set(TABLES_MISSING, Conditions.TRUE, "TableNotFound", "no longer exist: " + String.join(", ",
          status.missingTables) + "; their recovery points are kept by retention, no new backups are taken");
    }
  }

  void suspended() {
    status.nextScheduleTime = null;
    set(SCHEDULED, Conditions.FALSE, "Suspended", "spec.suspend is true: no new backups; retention still runs");
  }

  void scheduled(Instant next, Instant ran) {
    status.nextScheduleTime = next.toString();
    if (ran != null) {
      status.lastScheduleTime = ran.toString();
    }
    set(SCHEDULED, Conditions.TRUE, "Scheduled", "next backup at " + next);
  }

  /** Records the newest completed backup and how many completed recovery points the plan keeps. */
  void children(List<DynamoBackup> kept) {
    List<DynamoBackup> completed = kept.stream().filter(c -> ChildBackups.phase(c) == BackupPhase.Completed).toList();
    status.recoveryPoints = completed.size();
    completed.stream().max(Comparator.comparing(PlanStatuses::completion)).ifPresent(newest -> {
      var ref = new DynamoBackupPlanStatus.BackupRef();
      ref.name = newest.getMetadata().getName();
      ref.recoveryPointArn = newest.getStatus().recoveryPointArn;
      ref.completionTime = completion(newest).toString();
      status.lastSuccessfulBackup = ref;
    });
  }

  void overdue(List<TableKey> overdue, boolean suspended) {
    if (suspended) {
      set(BACKUP_OVERDUE, Conditions.FALSE, "Suspended", "the plan is suspended");
    } else if (overdue.isEmpty()) {
      set(BACKUP_OVERDUE, Conditions.FALSE, "BackupsOnSchedule",
          "every table has a successful backup within the last two schedule intervals");
    } else {
      set(BACKUP_OVERDUE, Conditions.TRUE, "BackupOverdue", "no successful backup within two schedule intervals for "
          + String.join(", ", overdue.stream().map(TableKey::toString).toList()) + " (recovery point objective missed)");
    }
  }

  /** Ready from what was observed: a missing single table or an empty selection is not ready. */
  void ready(boolean selector, AwsException error) {
    if (error != null) {
      set(Conditions.READY, Conditions.FALSE, error.code(), error.getMessage() + (error.isTransient()
          ? " (retrying with back-off)" : ""));
    } else if (!selector && status.missingTables != null) {
      set(Conditions.READY, Conditions.FALSE, "TableNotFound", "spec.table: table " + status.missingTables.get(0)
          + " does not exist; no backups are taken until it does");
    } else if (selector && status.selectedTables.isEmpty()) {
      set(Conditions.READY, Conditions.FALSE, "NoTablesSelected", "spec.tableSelector: no table in Region "
          + plan.getSpec().tableSelector.region + " carries all of the tags " + plan.getSpec().tableSelector.matchTags);
    } else if (Boolean.TRUE.equals(plan.getSpec().suspend)) {
      set(Conditions.READY, Conditions.TRUE, "Suspended", "suspended; protecting " + status.selectedTables.size()
          + " table(s), keeping " + status.recoveryPoints + " recovery point(s)");
    } else {
      set(Conditions.READY, Conditions.TRUE, "Scheduled", "protecting " + status.selectedTables.size()
          + " table(s), keeping " + status.recoveryPoints + " recovery point(s); next backup at "
          + status.nextScheduleTime);
    }
  }

  /** Emits events for conditions that changed since this object was created. */
  void report(EventRecorder events) {
    Condition ready = Conditions.find(status.conditions, Conditions.READY).orElse(null);
    if (ready != null && changed(ready)) {
      if (NORMAL_READY_REASONS.contains(ready.getReason())) {
        events.normal(plan, ready.getReason(), ready.getMessage());
      } else {
        events.warning(plan, ready.getReason(), ready.getMessage());
      }
    }
    Conditions.find(status.conditions, BACKUP_OVERDUE).filter(this::changed).ifPresent(c -> {
      if (Conditions.TRUE.equals(c.getStatus())) {
        events.warning(plan, BACKUP_OVERDUE, c.getMessage());
      } else if (before.containsKey(BACKUP_OVERDUE) && "BackupsOnSchedule".equals(c.getReason())) {
        events.normal(plan, "BackupsOnSchedule", c.getMessage());
      }
    });
    Conditions.find(status.conditions, TABLES_MISSING).filter(this::changed)
        .ifPresent(c -> events.warning(plan, TABLES_MISSING, c.getMessage()));
  }

  private boolean changed(Condition condition) {
    return !Objects.equals(before.get(condition.getType()), condition.getStatus() + "/" + condition.getReason());
  }

  private void set(String type, String value, String reason, String message) {
    Conditions.set(status.conditions, type, value, reason, message, status.observedGeneration, now);
  }

  Instant pendingDrill() {
    return status.nextDrillTime == null ? null : Instant.parse(status.nextDrillTime);
  }

  void nextDrill(Instant next) {
    status.nextDrillTime = next.toString();
  }

  void drillSuspended() {
    status.nextDrillTime = null;
  }

  /** spec.restoreDrill was removed: nothing is scheduled, a running drill was cancelled, the last result stays. */
  void drillsOff(List<String> cancelled) {
    status.nextDrillTime = null;
    status.conditions.removeIf(c -> RestoreDrills.DRILL_FAILED.equals(c.getType()));
    var last = status.lastDrill;
    if (last != null && RestoreDrills.RUNNING.equals(last.result) && cancelled.contains(last.restoreName)) {
      last.result = RestoreDrills.FAILED;
      last.finishTime = now.toString();
      last.message = "cancelled: spec.restoreDrill was removed; the scratch table is deleted";
    }
  }

  void drillStarted(Instant slot, DynamoRestore drill) {
    var result = new DynamoBackupPlanStatus.DrillResult();
    result.startTime = slot.toString();
    result.result = RestoreDrills.RUNNING;
    result.tableName = drill.getSpec().target.tableName;
    result.restoreName = drill.getMetadata().getName();
    result.sourceBackup = drill.getSpec().source.backupRef.name;
    status.lastDrill = result;
  }

  void drillFinished(DynamoRestore drill, Instant slot, String result, String restoreDuration,
      RestoreDrills.Verdict verdict, Instant finished) {
    var last = new DynamoBackupPlanStatus.DrillResult();
    last.startTime = slot.toString();
    last.result = result;
    last.tableName = drill.getSpec().target.tableName;
    last.restoreName = drill.getMetadata().getName();
    last.sourceBackup = drill.getSpec().source.backupRef == null ? null : drill.getSpec().source.backupRef.name;
    last.restoreDuration = restoreDuration;
    last.finishTime = finished.toString();
    last.message = verdict.message();
    status.lastDrill = last;
    if (verdict.passed()) {
      set(RestoreDrills.DRILL_FAILED, Conditions.FALSE, "DrillSucceeded", "the last restore drill ("
          + last.restoreName + ") succeeded" + (restoreDuration == null ? "" : " in " + restoreDuration) + ": "
          + verdict.message());
    } else {
      set(RestoreDrills.DRILL_FAILED, Conditions.TRUE, verdict.reason(), "restore drill " + last.restoreName
          + " failed: " + verdict.message());
    }
  }

  /** The running drill's child disappeared before its result was recorded. */
  void drillLost(Instant when) {
    var last = status.lastDrill;
    last.result = RestoreDrills.FAILED;
    last.finishTime = when.toString();
    last.message = "DynamoRestore " + last.restoreName + " was deleted before the drill finished";
    set(RestoreDrills.DRILL_FAILED, Conditions.TRUE, "DrillRestoreDeleted", last.message);
  }

  static Instant completion(DynamoBackup child) {
    return Optional.ofNullable(child.getStatus().completionTime).map(Instant::parse)
        .orElseGet(() -> ChildBackups.slotOf(child));
  }
}
