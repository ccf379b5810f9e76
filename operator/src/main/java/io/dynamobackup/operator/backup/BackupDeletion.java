package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deleting a DynamoBackup never cancels its job (AWS cannot): the finalizer stays until the job and its copies are
 * terminal. Then Retain leaves every recovery point in AWS; Delete removes the copies and the source point — if the
 * tenancy policy as it is now allows it ({@link DeletionGuard}); otherwise they are kept and the finalizer goes. A point
 * or copy another DynamoBackup holds ({@link RecoveryPointHolders}) is never deleted.
 */
final class BackupDeletion {
  private BackupDeletion() {}

  /** Returns when to look again while the job runs, or null when the finalizer may go. */
  static Duration delete(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
    var status = backup.getStatus();
    if (status == null || backup.getSpec() == null || backup.getSpec().table == null
        || (status.backupJobId == null && status.recoveryPointArn == null)) {
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
            latest -> new BackupStatuses(latest, context.now()).deletionWaiting(message));
        context.normal("DeletionWaitingForJob", message);
        return context.schedule().nextPoll(job.creationDate(), job.expectedCompletionDate(), context.now());
      }
      if (status.recoveryPointArn == null) {
        status.recoveryPointArn = job.recoveryPointArn();
      }
    }
    if (backup.getSpec().deletionPolicy == DeletionPolicy.Delete) {
      deleteRecoveryPoints(backup, backups, context);
    } else if (status.recoveryPointArn != null) {
      context.normal("RecoveryPointsRetained", "kept recovery point " + status.recoveryPointArn
          + " in AWS (deletionPolicy Retain)");
    }
    return null;
  }

  /**
   * Deletes the copies and the source point, except those another DynamoBackup holds (one adopted it, or this one
   * adopted a point that is another's): deleting them would delete the other one's data, so they are kept and a
   * Warning {@value BackupAdoption#IN_USE} says so.
   */
  private static void deleteRecoveryPoints(DynamoBackup backup, BackupService backups,
      ReconcileContext<DynamoBackup> context) {
    var status = backup.getStatus();
    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    if (status.copies != null) {
      for (CopyStatus copy : status.copies) {
        String arn = copy.destinationRecoveryPointArn;
        if (arn != null && !heldByAnother(backup, arn, kept, context)) {
          backups.deleteRecoveryPoint(arn, Arn.parse(copy.destinationBackupVaultArn).resourceName());
          deleted.add("copy " + arn);
        }
      }
    }
    String point = status.recoveryPointArn;
    if (point != null && !heldByAnother(backup, point, kept, context)) {
      backups.deleteRecoveryPoint(point, backup.getSpec().backupVault);
      deleted.add(0, "recovery point " + point);
    }
    if (!deleted.isEmpty()) {
      context.normal("RecoveryPointsDeleted", "deleted " + String.join(", ", deleted) + " (deletionPolicy Delete)");
    }
    if (!kept.isEmpty()) {
      context.warning(BackupAdoption.IN_USE, "deletionPolicy is Delete, but another DynamoBackup holds "
          + String.join("; ", kept) + ": kept in AWS, as that DynamoBackup owns it");
    }
  }

  private static boolean heldByAnother(DynamoBackup backup, String arn, List<String> kept,
      ReconcileContext<DynamoBackup> context) {
    var holder = RecoveryPointHolders.otherHolder(backup, arn, RecoveryPointHolders.indexed(arn, context));
    holder.ifPresent(h -> kept.add("recovery point " + arn + " (held by " + RecoveryPointHolders.describe(h, backup)
        + ")"));
    return holder.isPresent();
  }
}
