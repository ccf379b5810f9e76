package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.KindStatus;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Intent-named changes to a plan's status, and one event per transition of its conditions (Ready's reason,
 * BackupOverdue, TablesMissing), so `kubectl describe` tells the story without an event per reconcile.
 */
final class PlanStatuses extends KindStatus {
  static final String SCHEDULED = "Scheduled";
  static final String BACKUP_OVERDUE = "BackupOverdue";
  static final String TABLES_MISSING = "TablesMissing";
  static final String COPIES_OVERDUE = "CopiesOverdue";
  static final String HISTORY_ADOPTED = "HistoryAdopted";
  static final String LIFECYCLE_APPLIED = "LifecycleApplied";
  static final String COPIES_AT_RISK = "CopiesAtRisk";
  static final String TABLE_NOT_FOUND = "TableNotFound";
  static final String TABLES_DELETED = "TablesDeleted";
  static final String NO_TABLES_SELECTED = "NoTablesSelected";
  static final Set<String> NORMAL_READY_REASONS = Set.of("Scheduled", "Suspended");

  private final DynamoBackupPlan plan;
  private final DynamoBackupPlanStatus status;
  private final Map<String, String> before = new HashMap<>();
  private final Optional<PlanTables.Selection> recordedSelection;
  private int leftOut;
  private List<String> tablesRule = List.of();

  PlanStatuses(DynamoBackupPlan plan, Instant now) {
    this(plan, now, PlanSelections.recorded(plan));
  }

  private PlanStatuses(DynamoBackupPlan plan, Instant now, Optional<PlanTables.Selection> recorded) {
    super(initialized(plan, DynamoBackupPlanStatus::new, (s, generation) -> s.observedGeneration = generation).conditions,
        plan.getMetadata().getGeneration(), now);
    this.plan = plan;
    this.status = plan.getStatus();
    this.recordedSelection = recorded;
    status.conditions.forEach(c -> before.put(c.getType(), c.getStatus() + "/" + c.getReason()));
  }

  /** The selection recorded for the current spec before this reconcile, if any. */
  Optional<PlanTables.Selection> recordedSelection() {
    return recordedSelection;
  }

  DynamoBackupPlanStatus status() {
    return status;
  }

  @Override
  public Object phase() {
    return null;
  }

  /** An invalid or denied spec schedules nothing. */
  @Override
  public void notReconciled(String reason) {
    set(SCHEDULED, Conditions.FALSE, reason, reason.equals(TenancyGuard.REASON)
        ? "nothing is scheduled until the spec is permitted by the tenancy policy"
        : "nothing is scheduled until the spec is fixed");
    status.nextScheduleTime = null;
    if (plan.getSpec() != null && plan.getSpec().table != null) {
      status.tableSummary = specTableName(); // the Table column names the spec's table whatever the plan's state
    }
  }

  Instant pendingSlot() {
    return status.nextScheduleTime == null ? null : Instant.parse(status.nextScheduleTime);
  }

  /**
   * Records the selection. A missing table the plan protected before ({@code known}, or reported deleted before) "no
   * longer exists" (reason TablesDeleted); one it never found, a spec.table that never existed, "does not exist"
   * (reason TableNotFound). The Table column names spec.table whether or not it exists. {@code tablesRule}: the
   * namespace's tenancy rule {@code tables}, named when the policy left out every table the selector found.
   */
  void tables(PlanTables.Selection selection, boolean selector, Set<TableKey> known, List<String> tablesRule) {
    leftOut = selection.leftOut();
    this.tablesRule = tablesRule;
    status.tablesLeftOut = leftOut == 0 ? null : leftOut;
    List<TableKey> deletedBefore = Conditions.find(status.conditions, TABLES_MISSING)
        .filter(c -> TABLES_DELETED.equals(c.getReason())).map(c -> PlanSelections.keys(status.missingTables))
        .orElse(List.of());
    status.selectedTables = selection.selected().stream().map(TableKey::toString).toList();
    status.missingTables = selection.missing().isEmpty() ? null
        : selection.missing().stream().map(TableKey::toString).toList();
    int selected = selection.selected().size();
    status.tableSummary = selector ? selected + (selected == 1 ? " table" : " tables") : specTableName();
    if (selection.missing().isEmpty()) {
      status.conditions.removeIf(c -> TABLES_MISSING.equals(c.getType()));
      return;
    }
    List<String> deleted = selection.missing().stream().filter(t -> known.contains(t) || deletedBefore.contains(t))
        .map(TableKey::toString).toList();
    List<String> notFound = selection.missing().stream().map(TableKey::toString).filter(t -> !deleted.contains(t))
        .toList();
    List<String> parts = new java.util.ArrayList<>();
    if (!deleted.isEmpty()) {
      parts.add("no longer exist: " + String.join(", ", deleted)
          + "; their recovery points are kept by retention, no new backups are taken");
    }
    if (!notFound.isEmpty()) {
      parts.add((notFound.size() == 1 ? "does not exist: " : "do not exist: ") + String.join(", ", notFound)
          + " (never found by this plan); no backups are taken until " + (notFound.size() == 1 ? "it does" : "they do"));
    }
    set(TABLES_MISSING, Conditions.TRUE, deleted.isEmpty() ? TABLE_NOT_FOUND : TABLES_DELETED,
        String.join("; ", parts));
  }

  /** spec.table's name, whether or not the table exists; null for a selector (or an ARN that does not parse). */
  private String specTableName() {
    var table = plan.getSpec() == null ? null : plan.getSpec().table;
    try {
      return table == null ? null : TableKey.of(table).name();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Why the plan has nothing to back up: Ready's reason, which the other conditions repeat. */
  private String nothingReason() {
    return PlanSelections.nothingReason(plan.getSpec());
  }

  private String nothingText() {
    return PlanSelections.nothingText(plan.getSpec(), leftOut, plan.getMetadata().getNamespace(), tablesRule);
  }

  /** Suspended: no slot runs; returns the next slot, which is none. */
  Instant suspended() {
    status.nextScheduleTime = null;
    set(SCHEDULED, Conditions.FALSE, "Suspended", "spec.suspend is true: no new backups; retention still runs");
    return null;
  }

  /** The next slot; with nothing to back up, Scheduled=False says its slots start nothing (the slot stays recorded). */
  void scheduled(Instant next, Instant ran, PlanTables.Selection selection) {
    status.nextScheduleTime = next.toString();
    if (ran != null) {
      status.lastScheduleTime = ran.toString();
    }
    if (PlanSelections.nothingToBackUp(selection)) {
      set(SCHEDULED, Conditions.FALSE, nothingReason(), "no backup is started while " + nothingText()
          + ": the tables are looked up again at each slot, and a slot with no table is skipped (next slot " + next
          + ")");
    } else {
      set(SCHEDULED, Conditions.TRUE, "Scheduled", "next backup at " + next);
    }
  }

  /** Records the newest completed backup and how many completed recovery points the plan keeps. */
  void children(List<DynamoBackup> kept) {
    List<DynamoBackup> completed = kept.stream().filter(c -> ChildBackups.phase(c) == BackupPhase.Completed).toList();
    status.recoveryPoints = completed.size();
    completed.stream().max(Comparator.comparing(ChildBackups::completion)).ifPresent(newest -> {
      var ref = new DynamoBackupPlanStatus.BackupRef();
      ref.name = newest.getMetadata().getName();
      ref.recoveryPointArn = newest.getStatus().recoveryPointArn;
      ref.completionTime = ChildBackups.completion(newest).toString();
      status.lastSuccessfulBackup = ref;
    });
  }

  /** Tables the plan protected before (status, children), so those that disappeared are reported missing. */
  Set<TableKey> known(List<DynamoBackup> children) {
    Set<TableKey> known = new LinkedHashSet<>();
    if (status.selectedTables != null) {
      status.selectedTables.forEach(t -> known.add(new TableKey(t.substring(0, t.indexOf('/')),
          t.substring(t.indexOf('/') + 1))));
    }
    children.forEach(c -> ChildBackups.tableOf(c).ifPresent(known::add));
    return known;
  }

  boolean isOverdue() {
    return Conditions.isTrue(status.conditions, BACKUP_OVERDUE);
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

  /** Nothing to back up: the objectives are not judged; copy Regions keep their newest copies, unjudged. */
  void nothingToJudge(List<DynamoBackupPlanStatus.CopyRegion> regions) {
    String message = "no backup is taken while " + nothingText() + ": the recovery point objective is not judged";
    set(BACKUP_OVERDUE, Conditions.UNKNOWN, nothingReason(), message);
    regions.forEach(r -> r.overdue = null);
    status.copyRegions = regions.isEmpty() ? null : regions;
    if (regions.isEmpty()) {
      status.conditions.removeIf(c -> COPIES_OVERDUE.equals(c.getType()));
    } else {
      set(COPIES_OVERDUE, Conditions.UNKNOWN, nothingReason(), message);
    }
  }

  /** Adopted backups are still being read: the recovery point objective is not judged on part of the history. */
  void judgingAfterAdoption(List<String> reading) {
    String message = "waiting until the adopted DynamoBackup(s) " + String.join(", ", reading) + " are read";
    set(BACKUP_OVERDUE, Conditions.UNKNOWN, "AdoptingHistory", message);
    if (plan.getSpec().template.copies != null && !plan.getSpec().template.copies.isEmpty()) {
      set(COPIES_OVERDUE, Conditions.UNKNOWN, "AdoptingHistory", message);
    }
  }

  /** The recovery point objective per copy Region; without copies the condition is absent. */
  void copyRegions(List<DynamoBackupPlanStatus.CopyRegion> regions, boolean suspended) {
    status.copyRegions = regions.isEmpty() ? null : regions;
    if (regions.isEmpty()) {
      status.conditions.removeIf(c -> COPIES_OVERDUE.equals(c.getType()));
      return;
    }
    List<String> overdue = regions.stream().filter(r -> Boolean.TRUE.equals(r.overdue))
        .map(r -> r.region + " (newest copy " + (r.newestCopyTime == null ? "none" : r.newestCopyTime) + ")").toList();
    if (suspended) {
      set(COPIES_OVERDUE, Conditions.FALSE, "Suspended", "the plan is suspended");
    } else if (overdue.isEmpty()) {
      set(COPIES_OVERDUE, Conditions.FALSE, "CopiesOnSchedule", "every copy Region has a completed copy within the"
          + " last two schedule intervals: " + String.join(", ", regions.stream().map(r -> r.region).toList()));
    } else {
      set(COPIES_OVERDUE, Conditions.TRUE, "CopiesOverdue", "no completed copy within two schedule intervals in "
          + String.join(", ", overdue) + ": the recovery point objective is missed if the source Region is lost");
    }
  }

  /** What the search for earlier recovery points (re-adoption) found; null when there was nothing to search. */
  void history(PlanHistory.Outcome outcome) {
    if (outcome == null) {
      return;
    }
    var history = status.history == null ? new DynamoBackupPlanStatus.History() : status.history;
    List<String> scanned = new java.util.ArrayList<>(history.scannedVaults == null ? List.of() : history.scannedVaults);
    outcome.scanned().stream().filter(v -> !scanned.contains(v)).forEach(scanned::add);
    history.scannedVaults = scanned;
    history.adoptedBackups = (history.adoptedBackups == null ? 0 : history.adoptedBackups) + outcome.adopted();
    history.lastScanTime = now.toString();
    status.history = history;
    if (outcome.failed().isEmpty()) {
      set(HISTORY_ADOPTED, Conditions.TRUE, "VaultsSearched", "searched " + String.join(", ", scanned)
          + " for recovery points this plan made before; adopted " + history.adoptedBackups + " DynamoBackup(s)");
    } else {
      set(HISTORY_ADOPTED, Conditions.FALSE, "VaultNotReadable", "could not search " + String.join(", ",
          outcome.failed()) + " for recovery points this plan made before; searching again at " + outcome.retryAt()
          + "; adopted " + history.adoptedBackups + " DynamoBackup(s) so far");
    }
  }

  List<String> scannedVaults() {
    return status.history == null || status.history.scannedVaults == null ? List.of() : status.history.scannedVaults;
  }


  /**
   * Whether the plan's recovery points have spec.template.lifecycle: True when all do; False when some keep an older
   * one (NewBackupsOnly, or NotUpdated with the reason per point). Absent while the plan has no completed point.
   */
  void lifecycle(LifecycleUpdater.Outcome outcome, boolean hasPoints) {
    if (!hasPoints) {
      status.conditions.removeIf(c -> LIFECYCLE_APPLIED.equals(c.getType()));
    } else if (outcome.outdated() == 0) {
      set(LIFECYCLE_APPLIED, Conditions.TRUE, "AllRecoveryPoints",
          "every recovery point of the plan has spec.template.lifecycle");
    } else if (outcome.notUpdated().isEmpty() && outcome.updated() == 0) {
      set(LIFECYCLE_APPLIED, Conditions.FALSE, "NewBackupsOnly", outcome.outdated() + " recovery point(s) keep the"
          + " lifecycle they were created with: spec.template.lifecycle applies to backups created from now on"
          + " (spec.lifecycleUpdates: AllBackups also updates existing ones)");
    } else if (outcome.notUpdated().isEmpty()) {
      set(LIFECYCLE_APPLIED, Conditions.TRUE, "AllRecoveryPoints", "updated " + outcome.updated()
          + " recovery point(s) to spec.template.lifecycle");
    } else {
      set(LIFECYCLE_APPLIED, Conditions.FALSE, "NotUpdated", outcome.notUpdated().size() + " recovery point(s) keep"
          + " another lifecycle: " + String.join("; ", outcome.notUpdated()));
    }
  }

  /** Copies that may find their point in cold storage already (see BackupJobRules#copiesMayMeetColdStorage). */
  void copiesAtRisk(String message) {
    if (message == null) {
      status.conditions.removeIf(c -> COPIES_AT_RISK.equals(c.getType()));
    } else {
      set(COPIES_AT_RISK, Conditions.TRUE, "ColdStorageBeforeCopy", message);
    }
  }

  /** Ready from what was observed: a missing single table or an empty selection is not ready. */
  void ready(boolean selector, AwsException error) {
    if (error != null && error.isTransient()) {
      readiness().progressing(error.code(), error.getMessage() + " (retrying with back-off)");
    } else if (error != null) {
      readiness().stalled(error.code(), error.getMessage());
    } else if (!selector && status.missingTables != null) {
      readiness().progressing(TABLE_NOT_FOUND, "spec.table: table " + status.missingTables.get(0)
          + " does not exist; no backups are taken until it does");
    } else if (selector && status.selectedTables.isEmpty()) {
      readiness().progressing(NO_TABLES_SELECTED, "spec.tableSelector: " + nothingText());
    } else if (Boolean.TRUE.equals(plan.getSpec().suspend)) {
      readiness().ready("Suspended", "suspended; protecting " + status.selectedTables.size()
          + " table(s), keeping " + status.recoveryPoints + " recovery point(s)");
    } else {
      readiness().ready("Scheduled", "protecting " + status.selectedTables.size()
          + " table(s), keeping " + status.recoveryPoints + " recovery point(s); next backup at "
          + status.nextScheduleTime);
    }
  }

  /**
   * Emits events for BackupOverdue, TablesMissing, CopiesAtRisk and LifecycleApplied if they changed since this object
   * was created.
   */
  void report(EventRecorder events) {
    Conditions.find(status.conditions, BACKUP_OVERDUE).filter(this::changed).ifPresent(c -> {
      if (Conditions.TRUE.equals(c.getStatus())) {
        events.warning(plan, BACKUP_OVERDUE, c.getMessage());
      } else if (before.containsKey(BACKUP_OVERDUE) && "BackupsOnSchedule".equals(c.getReason())) {
        events.normal(plan, "BackupsOnSchedule", c.getMessage());
      }
    });
    Conditions.find(status.conditions, TABLES_MISSING).filter(this::changed)
        .ifPresent(c -> events.warning(plan, TABLES_MISSING, c.getMessage()));
    Conditions.find(status.conditions, COPIES_OVERDUE).filter(this::changed).ifPresent(c -> {
      if (Conditions.TRUE.equals(c.getStatus())) {
        events.warning(plan, COPIES_OVERDUE, c.getMessage());
      } else if (before.containsKey(COPIES_OVERDUE) && "CopiesOnSchedule".equals(c.getReason())) {
        events.normal(plan, "CopiesOnSchedule", c.getMessage());
      }
    });
    Conditions.find(status.conditions, HISTORY_ADOPTED).filter(this::changed).ifPresent(c -> {
      if (Conditions.TRUE.equals(c.getStatus())) {
        // A new plan with nothing to adopt says so in its condition; an event only when something was adopted or a
        // search that had failed succeeded (at fleet scale, one event per new plan for nothing).
        boolean adoptedAny = status.history != null && status.history.adoptedBackups != null
            && status.history.adoptedBackups > 0;
        if (adoptedAny || before.containsKey(HISTORY_ADOPTED)) {
          events.normal(plan, HISTORY_ADOPTED, c.getMessage());
        }
      } else {
        events.warning(plan, "HistoryIncomplete", c.getMessage());
      }
    });
    Conditions.find(status.conditions, COPIES_AT_RISK).filter(this::changed)
        .ifPresent(c -> events.warning(plan, COPIES_AT_RISK, c.getMessage()));
    Conditions.find(status.conditions, LIFECYCLE_APPLIED).filter(this::changed).ifPresent(c -> {
      if ("NewBackupsOnly".equals(c.getReason())) {
        events.normal(plan, "LifecycleChanged", c.getMessage());
      } else if ("NotUpdated".equals(c.getReason())) {
        events.warning(plan, "LifecycleNotUpdated", c.getMessage());
      }
    });
  }

  private boolean changed(Condition condition) {
    return !Objects.equals(before.get(condition.getType()), condition.getStatus() + "/" + condition.getReason());
  }
}
