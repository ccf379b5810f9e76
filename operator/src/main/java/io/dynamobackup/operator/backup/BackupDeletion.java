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

/**
 * Deleting a DynamoBackup never cancels its job (AWS cannot): the finalizer stays until the job and its copies are
 * terminal. Then Retain leaves every recovery point in AWS; Delete removes the copies and the source point — if the
 * tenancy policy as it is now allows it ({@link DeletionGuard}); otherwise they are kept and the finalizer goes.
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
      deleteRecoveryPoints(backup, backups);
      context.normal("RecoveryPointsDeleted", "deleted recovery point " + status.recoveryPointArn
          + (status.copies == null ? "" : " and " + status.copies.size() + " copies") + " (deletionPolicy Delete)");
    } else if (status.recoveryPointArn != null) {
      context.normal("RecoveryPointsRetained", "kept recovery point " + status.recoveryPointArn
          + " in AWS (deletionPolicy Retain)");
    }
    return null;
  }

  private static void deleteRecoveryPoints(DynamoBackup backup, BackupService backups) {
    var status = backup.getStatus();
    if (status.copies != null) {
      for (CopyStatus copy : status.copies) {
        if (copy.destinationRecoveryPointArn != null) {
          backups.deleteRecoveryPoint(copy.destinationRecoveryPointArn,
              Arn.parse(copy.destinationBackupVaultArn).resourceName());
        }
      }
    }
    if (status.recoveryPointArn != null) {
      backups.deleteRecoveryPoint(status.recoveryPointArn, backup.getSpec().backupVault);
    }
  }
}
