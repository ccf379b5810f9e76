package io.dynamobackup.operator.drill;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.common.Conditions;
import java.time.Instant;
import java.util.List;

/** Intent-named changes to the drill part of a plan's status: the next slot, the last drill and DrillFailed. */
final class DrillStatuses {
  private final DynamoBackupPlanStatus status;
  private final Instant now;

  DrillStatuses(DynamoBackupPlan plan, Instant now) {
    this.status = plan.getStatus();
    this.now = now;
  }

  DynamoBackupPlanStatus.DrillResult last() {
    return status.lastDrill;
  }

  Instant pending() {
    return status.nextDrillTime == null ? null : Instant.parse(status.nextDrillTime);
  }

  void next(Instant next) {
    status.nextDrillTime = next.toString();
  }

  void suspended() {
    status.nextDrillTime = null;
  }

  /** spec.restoreDrill was removed: nothing is scheduled, a running drill was cancelled, the last result stays. */
  void off(List<String> cancelled) {
    status.nextDrillTime = null;
    status.conditions.removeIf(c -> RestoreDrills.DRILL_FAILED.equals(c.getType()));
    var last = status.lastDrill;
    if (last != null && RestoreDrills.RUNNING.equals(last.result) && cancelled.contains(last.restoreName)) {
      last.result = RestoreDrills.FAILED;
      last.finishTime = now.toString();
      last.message = "cancelled: spec.restoreDrill was removed; the scratch table is deleted";
    }
  }

  void started(Instant slot, DynamoRestore drill) {
    var result = new DynamoBackupPlanStatus.DrillResult();
    result.startTime = slot.toString();
    result.result = RestoreDrills.RUNNING;
    result.tableName = drill.getSpec().target.tableName;
    result.restoreName = drill.getMetadata().getName();
    result.sourceBackup = drill.getSpec().source.backupRef == null ? null : drill.getSpec().source.backupRef.name;
    status.lastDrill = result;
  }

  void finished(DynamoRestore drill, Instant slot, String result, String restoreDuration, DrillVerdict verdict) {
    var last = new DynamoBackupPlanStatus.DrillResult();
    last.startTime = slot.toString();
    last.result = result;
    last.tableName = drill.getSpec().target.tableName;
    last.restoreName = drill.getMetadata().getName();
    last.sourceBackup = drill.getSpec().source.backupRef == null ? null : drill.getSpec().source.backupRef.name;
    last.restoreDuration = restoreDuration;
    last.finishTime = now.toString();
    last.message = verdict.message();
    status.lastDrill = last;
    if (verdict.passed()) {
      set(Conditions.FALSE, "DrillSucceeded", "the last restore drill (" + last.restoreName + ") succeeded"
          + (restoreDuration == null ? "" : " in " + restoreDuration) + ": " + verdict.message());
    } else {
      set(Conditions.TRUE, verdict.reason(), "restore drill " + last.restoreName + " failed: " + verdict.message());
    }
  }

  /** The running drill's child disappeared before its result was recorded. */
  void lost() {
    var last = status.lastDrill;
    last.result = RestoreDrills.FAILED;
    last.finishTime = now.toString();
    last.message = "DynamoRestore " + last.restoreName + " was deleted before the drill finished";
    set(Conditions.TRUE, "DrillRestoreDeleted", last.message);
  }

  private void set(String value, String reason, String message) {
    Conditions.set(status.conditions, RestoreDrills.DRILL_FAILED, value, reason, message, status.observedGeneration,
        now);
  }
}
