package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.BackupService.ActiveRestore;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deleting a DynamoBackup never cancels its job (AWS cannot): the finalizer stays until the job and its copies are
 * terminal. Then Retain leaves every recovery point in AWS (without this backup's hold tag); Delete removes the copies
 * and the source point — if the tenancy policy as it is now allows it ({@link DeletionGuard}); otherwise they are kept
 * and the finalizer goes. A point or copy another DynamoBackup holds ({@link RecoveryPointHolders} in this shard,
 * {@link RecoveryPointHolds} in any) is never deleted, and none is deleted while a restore job from it runs.
 */
final class BackupDeletion {
  private BackupDeletion() {}

  /** Ready's reason while a restore job from a point to delete has not ended. */
  static final String RESTORING = "RecoveryPointBeingRestored";

  /** Returns when to look again while the job runs, or null when the finalizer may go. */
  static Duration delete(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
    var status = backup.getStatus();
    if (status == null || backup.getSpec() == null || backup.getSpec().table == null
        || (status.backupJobId == null && status.recoveryPointArn == null)) {
      if (backup.getSpec() != null && backup.getSpec().recoveryPointArn != null && backup.getSpec().table != null) {
        releaseHolds(backup, context); // an adoption that did not finish may have recorded its hold
      }
      return null; // no job was started and nothing adopted: there is nothing in AWS to keep or delete
    }
    if (backup.getSpec().deletionPolicy == DeletionPolicy.Delete) {
      DeletionGuard guard = new DeletionGuard(context.dependencies().tenancy(), context.dependencies().metrics());
      TenancyGuard.Check allowed = guard.backup(backup); // the policy as it is now, before any AWS call
      if (allowed.denied()) {
        guard.keep(backup, allowed, context.dependencies().events());
        return null;
      }
    }
    TableKey table = TableKey.of(backup.getSpec().table);
    BackupService backups = context.aws().backups();
    if (TableJobQueue.hasJobInProgress(backup)) {
      BackupService.BackupJob job = backups.describeBackupJob(table.region(), status.backupJobId);
      boolean copiesRunning = status.copies != null && !CopyJobs.allTerminal(status.copies);
      if (!job.isTerminal() || copiesRunning) {
        String message = "deletion waits for AWS Backup job " + status.backupJobId + " (" + job.state() + ")"
            + (copiesRunning ? " and its copies" : "") + ": AWS cannot cancel a running DynamoDB backup";
        StatusRecorder.patchLatest(context.client(), backup,
            latest -> new BackupStatuses(latest, context.now()).deletionWaiting("DeletionWaitingForJob", message));
        context.normal("DeletionWaitingForJob", message);
        return context.schedule().nextPoll(job.creationDate(), job.expectedCompletionDate(), context.now());
      }
      if (status.recoveryPointArn == null) {
        status.recoveryPointArn = job.recoveryPointArn();
      }
    }
    if (backup.getSpec().deletionPolicy == DeletionPolicy.Delete) {
      return deleteRecoveryPoints(backup, backups, context);
    }
    releaseHolds(backup, context);
    if (status.recoveryPointArn != null) {
      context.normal("RecoveryPointsRetained", "kept recovery point " + status.recoveryPointArn
          + " in AWS (deletionPolicy Retain)");
    }
    return null;
  }

  /**
   * Retain (or an adoption that never finished): the points stay, without this backup's hold, so that another
   * DynamoBackup may adopt them. One UntagResource per point and copy. A point that cannot be untagged now (its Region
   * does not answer, or the role may not untag) does not hold the deletion up: a Warning names the tag left on it.
   */
  private static void releaseHolds(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
    var spec = backup.getSpec();
    var status = backup.getStatus();
    Set<String> arns = new LinkedHashSet<>();
    if (status != null && status.recoveryPointArn != null) {
      arns.add(status.recoveryPointArn);
    } else if (spec.recoveryPointArn != null) {
      arns.add(spec.recoveryPointArn);
    }
    if (status != null && status.copies != null) {
      status.copies.forEach(c -> arns.add(c.destinationRecoveryPointArn));
    }
    if (spec.copies != null) {
      spec.copies.forEach(c -> arns.add(c.recoveryPointArn));
    }
    arns.remove(null);
    for (String arn : arns) {
      try {
        RecoveryPointHolds.release(backup, arn, context.aws().backups());
      } catch (AwsException e) {
        List<String> keys = RecoveryPointHolds.ownKeys(backup);
        context.warning("HoldNotReleased", "could not remove the tag " + String.join(" ", keys) + " from recovery point "
            + arn + " (" + e.code() + ": " + e.getMessage() + "); while it is there, other DynamoBackups neither adopt"
            + " nor delete the point. Remove it with " + RecoveryPointHolds.untagCommand(arn, keys));
      }
    }
  }

  /**
   * Deletes the copies and the source point, except those another DynamoBackup holds: one this operator's cache knows
   * ({@link RecoveryPointHolders}, no call), or one whose hold tag is on the point ({@link RecoveryPointHolds}, one
   * ListTags per point, seen by every shard and cluster). Deleting them would delete the other one's data, so they are
   * kept (without this backup's own hold) and a Warning {@value BackupAdoption#IN_USE} names the holder. While a
   * restore job from one of the points to delete is PENDING or RUNNING (any restore of the account, ListRestoreJobs
   * per Region), nothing is deleted: the finalizer stays and the deletion is looked at again after back-off. Returns
   * when to look again, or null when done.
   */
  private static Duration deleteRecoveryPoints(DynamoBackup backup, BackupService backups,
      ReconcileContext<DynamoBackup> context) {
    var status = backup.getStatus();
    List<Target> targets = new ArrayList<>();
    if (status.copies != null) {
      for (CopyStatus copy : status.copies) {
        if (copy.destinationRecoveryPointArn != null) {
          targets.add(new Target("copy " + copy.destinationRecoveryPointArn, copy.destinationRecoveryPointArn,
              Arn.parse(copy.destinationBackupVaultArn).resourceName()));
        }
      }
    }
    if (status.recoveryPointArn != null) {
      targets.add(0, new Target("recovery point " + status.recoveryPointArn, status.recoveryPointArn,
          backup.getSpec().backupVault));
    }
    List<Target> toDelete = new ArrayList<>();
    List<Target> kept = new ArrayList<>();
    List<String> heldBy = new ArrayList<>();
    for (Target target : targets) {
      Optional<String> holder = RecoveryPointHolders.otherHolder(backup, target.arn(),
              RecoveryPointHolders.indexed(target.arn(), context)).map(h -> RecoveryPointHolders.describe(h, backup))
          .or(() -> RecoveryPointHolds.otherHolder(backup, target.arn(), backups));
      if (holder.isPresent()) {
        kept.add(target);
        heldBy.add("recovery point " + target.arn() + " (held by " + holder.get() + ")");
      } else {
        toDelete.add(target);
      }
    }
    Optional<String> restoring = restoring(toDelete, backups);
    if (restoring.isPresent()) {
      return blocked(backup, context, restoring.get());
    }
    kept.forEach(t -> RecoveryPointHolds.release(backup, t.arn(), backups));
    toDelete.forEach(t -> backups.deleteRecoveryPoint(t.arn(), t.vault()));
    if (!toDelete.isEmpty()) {
      context.normal("RecoveryPointsDeleted", "deleted " + String.join(", ", toDelete.stream().map(Target::label)
          .toList()) + " (deletionPolicy Delete)");
    }
    if (!kept.isEmpty()) {
      context.warning(BackupAdoption.IN_USE, "deletionPolicy is Delete, but another DynamoBackup holds "
          + String.join("; ", heldBy) + ": kept in AWS, as that DynamoBackup owns it");
    }
    return null;
  }

  /** A point or copy to delete: how events name it, its ARN and its vault. */
  private record Target(String label, String arn, String vault) {}

  /** Why one of {@code targets} cannot be deleted now: a restore job from it has not ended. One listing per Region. */
  private static Optional<String> restoring(List<Target> targets, BackupService backups) {
    Map<String, List<ActiveRestore>> byRegion = new LinkedHashMap<>();
    for (Target target : targets) {
      List<ActiveRestore> active = byRegion.computeIfAbsent(Arn.parse(target.arn()).region(),
          backups::activeRestoreJobs);
      Optional<ActiveRestore> job = restoreFrom(target.arn(), active);
      if (job.isPresent()) {
        return Optional.of("deletion waits for AWS Backup restore job " + job.get().restoreJobId() + " ("
            + job.get().status() + ") from " + target.label() + ": deleting a point while it is restored would fail"
            + " the restore; the point is deleted once the job has ended");
      }
    }
    return Optional.empty();
  }

  /** The oldest restore job among {@code active} (PENDING or RUNNING) that restores {@code arn}. */
  static Optional<ActiveRestore> restoreFrom(String arn, List<ActiveRestore> active) {
    return active.stream().filter(j -> arn.equals(j.recoveryPointArn()))
        .filter(j -> "PENDING".equals(j.status()) || "RUNNING".equals(j.status()))
        .min(Comparator.comparing(ActiveRestore::creationDate, Comparator.nullsLast(Comparator.naturalOrder())));
  }

  /**
   * The deletion waits: Ready=False with reason {@value #RESTORING} and one Warning per message (not one per check),
   * then the next check after the jittered back-off for as long as the deletion has waited.
   */
  private static Duration blocked(DynamoBackup backup, ReconcileContext<DynamoBackup> context, String message) {
    boolean known = Conditions.find(backup.getStatus().conditions, Conditions.READY)
        .filter(c -> RESTORING.equals(c.getReason()) && message.equals(c.getMessage())).isPresent();
    if (!known) {
      StatusRecorder.patchLatest(context.client(), backup,
          latest -> new BackupStatuses(latest, context.now()).deletionWaiting(RESTORING, message));
      context.warning(RESTORING, message);
    }
    String requested = backup.getMetadata().getDeletionTimestamp();
    Duration waiting = requested == null ? Duration.ZERO : Duration.between(Instant.parse(requested), context.now());
    return context.backOff(waiting);
  }
}
