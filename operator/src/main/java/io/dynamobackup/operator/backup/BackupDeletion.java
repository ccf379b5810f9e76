package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TableKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;

/**
 * Deleting a DynamoBackup never cancels its job (AWS cannot): the finalizer stays until the job and its copies are
 * terminal. Then Retain leaves every recovery point in AWS; Delete removes the copies and the source point.
 */
final class BackupDeletion {
  private final BackupService backups;
  private final RetrySchedule schedule;

  BackupDeletion(BackupService backups, RetrySchedule schedule) {
    this.backups = backups;
    this.schedule = schedule;
  }

  DeleteControl cleanup(DynamoBackup backup, Context<DynamoBackup> context, Clock clock) {
    var status = backup.getStatus();
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    if (status == null || status.backupJobId == null || backup.getSpec() == null || backup.getSpec().table == null) {
      return DeleteControl.defaultDelete();
    }
    TableKey table = TableKey.of(backup.getSpec().table);
    try {
      if (TableJobQueue.hasJobInProgress(backup)) {
        BackupService.BackupJob job = backups.describeBackupJob(table.region(), status.backupJobId);
        boolean copiesRunning = status.copies != null && !CopyJobs.allTerminal(status.copies);
        if (!job.isTerminal() || copiesRunning) {
          String message = "deletion waits for AWS Backup job " + status.backupJobId + " (" + job.state() + ")"
              + (copiesRunning ? " and its copies" : "") + ": AWS cannot cancel a running DynamoDB backup";
          // Patch the latest version: the cached object may be stale while a deletion waits.
          context.getClient().resources(DynamoBackup.class).inNamespace(backup.getMetadata().getNamespace())
              .withName(backup.getMetadata().getName()).editStatus(latest -> {
                new BackupStatuses(latest, clock.instant()).deletionWaiting(message);
                return latest;
              });
          events.normal(backup, "DeletionWaitingForJob", message);
          return DeleteControl.noFinalizerRemoval()
              .rescheduleAfter(schedule.nextPoll(job.creationDate(), job.expectedCompletionDate(), clock.instant()));
        }
        if (status.recoveryPointArn == null) {
          status.recoveryPointArn = job.recoveryPointArn();
        }
      }
      if (backup.getSpec().deletionPolicy == DeletionPolicy.Delete) {
        deleteRecoveryPoints(backup);
        events.normal(backup, "RecoveryPointsDeleted", "deleted recovery point " + status.recoveryPointArn
            + (status.copies == null ? "" : " and " + status.copies.size() + " copies") + " (deletionPolicy Delete)");
      } else if (status.recoveryPointArn != null) {
        events.normal(backup, "RecoveryPointsRetained", "kept recovery point " + status.recoveryPointArn
            + " in AWS (deletionPolicy Retain)");
      }
      return DeleteControl.defaultDelete();
    } catch (AwsException e) {
      events.warning(backup, e.code(), "cannot finish deletion: " + e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(
          e.isTransient() ? schedule.nextErrorRetry(backup.getMetadata().getUid()) : schedule.userErrorRetry());
    }
  }

  private void deleteRecoveryPoints(DynamoBackup backup) {
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
