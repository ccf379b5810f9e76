package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.LifecycleUpdates;
import io.dynamobackup.operator.common.Lifecycles;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an edit of a plan's spec.template.lifecycle does to the recovery points the plan already has. By default
 * nothing (AWS Backup keeps the lifecycle a point was created with; the plan says so). With spec.lifecycleUpdates
 * AllBackups, each completed point whose lifecycle differs is updated with UpdateRecoveryPointLifecycle — once, the
 * new lifecycle being recorded in the backup's status.recoveryPointLifecycle — except where AWS or safety forbid it:
 * a point in cold storage keeps its moveToColdStorageAfterDays (AWS refuses to change it), and a point the new
 * deleteAfterDays would delete at once is left alone.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRecoveryPointLifecycle.html
 */
final class LifecycleUpdater {
  private LifecycleUpdater() {}

  /** The outcome for the plan's condition LifecycleApplied. */
  record Outcome(int outdated, int updated, List<String> notUpdated) {}

  static Outcome reconcile(DynamoBackupPlan plan, List<DynamoBackup> kept, ReconcileContext<DynamoBackupPlan> context) {
    Lifecycle desired = plan.getSpec().template.lifecycle;
    List<DynamoBackup> outdated = kept.stream()
        .filter(c -> ChildBackups.phase(c) == BackupPhase.Completed && c.getStatus().recoveryPointArn != null
            && c.getStatus().creationTime != null)
        .filter(c -> !Lifecycles.same(Lifecycles.of(c), desired)).toList();
    if (outdated.isEmpty() || plan.getSpec().lifecycleUpdates != LifecycleUpdates.AllBackups) {
      return new Outcome(outdated.size(), 0, List.of());
    }
    int updated = 0;
    List<String> notUpdated = new ArrayList<>();
    for (DynamoBackup child : outdated) {
      String problem = update(child, desired, context);
      if (problem == null) {
        updated++;
      } else {
        notUpdated.add(child.getMetadata().getName() + ": " + problem);
      }
    }
    if (updated > 0) {
      context.normal("LifecycleUpdated", "updated " + updated + " recovery point(s) to " + Lifecycles.describe(desired)
          + " (spec.lifecycleUpdates AllBackups)");
    }
    return new Outcome(outdated.size(), updated, notUpdated);
  }

  /** Updates one point; returns why it was not updated, or null. */
  private static String update(DynamoBackup child, Lifecycle desired, ReconcileContext<DynamoBackupPlan> context) {
    var status = child.getStatus();
    Instant created = Instant.parse(status.creationTime);
    Lifecycle current = Lifecycles.of(child);
    Lifecycle next = new Lifecycle(desired == null ? null : desired.moveToColdStorageAfterDays,
        desired == null ? null : desired.deleteAfterDays);
    Optional<Instant> cold = Lifecycles.coldAt(current, created);
    boolean isCold = cold.isPresent() && !context.now().isBefore(cold.get());
    if (isCold && !java.util.Objects.equals(next.moveToColdStorageAfterDays, current.moveToColdStorageAfterDays)) {
      next.moveToColdStorageAfterDays = current.moveToColdStorageAfterDays; // AWS cannot change it once cold
      if (next.deleteAfterDays != null && next.deleteAfterDays < next.moveToColdStorageAfterDays + 90) {
        return "in cold storage since " + cold.get() + ", where it stays 90 days at least (until day "
            + (next.moveToColdStorageAfterDays + 90) + "); deleteAfterDays " + next.deleteAfterDays + " is too short";
      }
    }
    Optional<Instant> deleted = Lifecycles.deletedAt(next, created);
    if (deleted.isPresent() && !context.now().isBefore(deleted.get())) {
      return "created " + created + ", so deleteAfterDays " + next.deleteAfterDays + " would delete it at once; it"
          + " keeps " + Lifecycles.describe(current) + " (retention or you can delete it)";
    }
    if (Lifecycles.same(next, current)) {
      return isCold ? "in cold storage: moveToColdStorageAfterDays cannot change any more" : null;
    }
    context.aws().backups().updateRecoveryPointLifecycle(status.recoveryPointArn, child.getSpec().backupVault,
        next.moveToColdStorageAfterDays, next.deleteAfterDays);
    StatusRecorder.patchLatest(context.client(), child, latest -> latest.getStatus().recoveryPointLifecycle = next);
    status.recoveryPointLifecycle = next;
    return null;
  }
}
