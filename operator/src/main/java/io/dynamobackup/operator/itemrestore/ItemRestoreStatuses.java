package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestorePhase;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Durations;
import io.dynamobackup.operator.reconcile.KindStatus;
import java.time.Duration;
import java.time.Instant;

/** Intent-named changes to a DynamoItemRestore's status: each sets the phase and the conditions that go with it. */
final class ItemRestoreStatuses extends KindStatus {
  static final String SCRATCH_TABLE_DELETED = "ScratchTableDeleted";
  static final String SPEC_LOCKED = "SpecLocked";
  static final String COPYING = "Copying";
  static final String STARTING_SCRATCH_RESTORE = "StartingScratchRestore";

  private final DynamoItemRestoreStatus status;
  private final boolean dryRun;

  ItemRestoreStatuses(DynamoItemRestore restore, Instant now) {
    super(initialized(restore, DynamoItemRestoreStatus::new, (s, generation) -> s.observedGeneration = generation)
        .conditions, restore.getMetadata().getGeneration(), now);
    this.status = restore.getStatus();
    this.dryRun = restore.getSpec() != null && Boolean.TRUE.equals(restore.getSpec().dryRun);
    if (status.phase == null) {
      status.phase = ItemRestorePhase.Pending;
    }
  }

  DynamoItemRestoreStatus status() {
    return status;
  }

  @Override
  public Object phase() {
    return status.phase;
  }

  boolean isFinished() {
    return status.phase == ItemRestorePhase.Completed || status.phase == ItemRestorePhase.PartiallyFailed
        || status.phase == ItemRestorePhase.Failed;
  }

  /** Not started: waiting for something that may change by itself. */
  void pending(String reason, String message) {
    readiness().progressing(reason, message);
  }

  /** Cannot go on until someone acts (a missing target, a stalled scratch restore, a changed spec). */
  void blocked(String reason, String message) {
    readiness().stalled(reason, message);
  }

  /** The intent, recorded before the scratch restore is created, so a restart finds it by name. */
  void requested(String scratchTable, String scratchRestore, String specHash) {
    status.requestedTime = now.toString();
    status.scratchTable = scratchTable;
    status.scratchRestore = scratchRestore;
    status.specHash = specHash;
    status.itemsMatched = 0L;
    status.itemsWritten = 0L;
    status.itemsSkipped = 0L;
    status.itemsFailed = 0L;
    status.itemsNotFound = 0L;
    status.throttledWrites = 0L;
    status.progress = new DynamoItemRestoreStatus.Progress();
    // Pending until the scratch restore has started: it may still be refused (TargetExists, NotPermitted).
    status.phase = ItemRestorePhase.Pending;
    readiness().progressing(STARTING_SCRATCH_RESTORE, "created DynamoRestore " + scratchRestore + " to restore the"
        + " source into scratch table " + scratchTable);
  }

  /** The scratch restore has started (it left Pending): phase Restoring. */
  void restoring(String message) {
    status.phase = ItemRestorePhase.Restoring;
    readiness().progressing("Restoring", message);
  }

  /** The scratch restore exists but has not started a job yet (resolving, checking, queued). */
  void startingScratch(String message) {
    readiness().progressing(STARTING_SCRATCH_RESTORE, message);
  }

  /** The scratch table is ACTIVE with the restored items: the copy can start. */
  void scratchReady(String restoredFrom) {
    status.scratchReadyTime = now.toString();
    status.restoredFrom = restoredFrom;
    status.phase = ItemRestorePhase.Copying;
    copying("copying the selected items from " + status.scratchTable + " into the target");
  }

  void copying(String message) {
    readiness().progressing(COPYING, message);
  }

  /** Every selected item was handled: delete the scratch table. */
  void copied() {
    status.progress.done = Boolean.TRUE;
    status.copyCompletedTime = now.toString();
    cleaningUp("every selected item is handled; deleting scratch table " + status.scratchTable);
  }

  /** Nothing more will be copied; the scratch table is deleted before the item restore ends as Failed. */
  void failed(String reason, String message) {
    status.failure = new FailureInfo(reason, message);
    cleaningUp("failed (" + reason + "): " + message + "; deleting scratch table " + status.scratchTable);
  }

  void cleaningUp(String message) {
    status.phase = ItemRestorePhase.CleaningUp;
    readiness().progressing("CleaningUp", message);
  }

  /** The end: the scratch table is gone ({@code kept}: the tenancy policy kept it, see the scratch restore's events). */
  ItemRestorePhase finished(boolean kept) {
    status.completionTime = now.toString();
    status.duration = Durations.human(Duration.between(Instant.parse(status.requestedTime), now));
    if (kept) {
      set(SCRATCH_TABLE_DELETED, Conditions.FALSE, "ScratchTableKept", "scratch table " + status.scratchTable
          + " still exists (deletion not permitted by the tenancy policy, see the events of DynamoRestore "
          + status.scratchRestore + "); delete it by hand");
    } else {
      set(SCRATCH_TABLE_DELETED, Conditions.TRUE, "Deleted", "scratch table " + status.scratchTable + " is deleted");
    }
    String summary = summary();
    if (status.failure != null) {
      status.phase = ItemRestorePhase.Failed;
      readiness().stalled(status.failure.code, status.failure.message + " (" + summary + ")");
    } else if (status.itemsFailed != null && status.itemsFailed > 0) {
      status.phase = ItemRestorePhase.PartiallyFailed;
      readiness().stalled("ItemsFailed", summary + "; see status.failures");
    } else {
      status.phase = ItemRestorePhase.Completed;
      readiness().ready("Completed", summary);
    }
    return status.phase;
  }

  /** What happened to the selected items, for conditions and events. */
  String summary() {
    if (dryRun) {
      return "dry run: " + status.itemsMatched + " items matched, " + count(status.wouldWrite) + " would be written, "
          + status.itemsSkipped + " would be skipped" + notFound() + "; nothing was written";
    }
    return status.itemsMatched + " items matched: " + status.itemsWritten + " written, " + status.itemsSkipped
        + " skipped, " + status.itemsFailed + " failed" + notFound();
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  private String notFound() {
    return status.itemsNotFound == null || status.itemsNotFound == 0 ? ""
        : ", " + status.itemsNotFound + " keys not in the restored copy";
  }

  /** The immutable part of the spec changed after the start ({@code changed}), or is as it was. */
  void specLocked(boolean changed) {
    if (changed) {
      set(SPEC_LOCKED, Conditions.TRUE, "SpecChanged", "the spec changed after the item restore started; it goes on"
          + " only with the spec it started with: revert the change, or create a new DynamoItemRestore");
      readiness().stalled("SpecChanged", "spec.source, target, items, conflictPolicy, unchangedSince, dryRun and"
          + " scratchTableName cannot change once the item restore started; revert the change or create a new"
          + " DynamoItemRestore");
    } else {
      status.conditions.removeIf(c -> SPEC_LOCKED.equals(c.getType()));
    }
  }

}
