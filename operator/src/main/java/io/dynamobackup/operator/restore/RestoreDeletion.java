package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.aws.TableSettingsService;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.RetrySchedule;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;

/**
 * Retain (default) leaves the restored table alone. Delete drops it once no restore job is running; a table with
 * deletion protection is only dropped when the spec itself turns protection off, never silently.
 */
final class RestoreDeletion {
  private final BackupService backups;
  private final TableService tables;
  private final TableSettingsService settings;
  private final RetrySchedule schedule;

  RestoreDeletion(BackupService backups, TableService tables, TableSettingsService settings, RetrySchedule schedule) {
    this.backups = backups;
    this.tables = tables;
    this.settings = settings;
    this.schedule = schedule;
  }

  DeleteControl cleanup(DynamoRestore restore, Context<DynamoRestore> context, Clock clock) {
    var status = restore.getStatus();
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    if (restore.getSpec() == null || restore.getSpec().deletionPolicy != DeletionPolicy.Delete || status == null
        || status.requestedTime == null) {
      if (status != null && status.tableArn != null) {
        events.normal(restore, "TableRetained", "kept table " + status.tableArn + " (deletionPolicy Retain)");
      }
      return DeleteControl.defaultDelete();
    }
    String region = restore.getSpec().target.region != null ? restore.getSpec().target.region : status.recoveryPointRegion;
    String table = restore.getSpec().target.tableName;
    try {
      if (status.restoreJobId != null && status.phase == RestorePhase.Restoring
          && !backups.describeRestoreJob(status.recoveryPointRegion, status.restoreJobId).isTerminal()) {
        return blocked(restore, context, events, clock, "DeletionWaitingForRestore",
            "the table is deleted once restore job " + status.restoreJobId + " has finished");
      }
      TableService.TableInfo info;
      try {
        info = tables.describeTable(region, table);
      } catch (AwsException e) {
        if (e.isNotFound()) {
          return DeleteControl.defaultDelete();
        }
        throw e;
      }
      if (Boolean.TRUE.equals(info.deletionProtection())) {
        var desired = restore.getSpec().settings;
        if (desired == null || !Boolean.FALSE.equals(desired.deletionProtection)) {
          return blocked(restore, context, events, clock, "DeletionProtected", "deletionPolicy is Delete but table "
              + table + " has deletion protection on; set spec.settings.deletionProtection: false to allow it,"
              + " or remove the finalizer to keep the table");
        }
        settings.setDeletionProtection(region, table, false);
      }
      tables.deleteTable(region, table);
      events.normal(restore, "TableDeleted", "deleted table " + table + " in " + region + " (deletionPolicy Delete)");
      return DeleteControl.defaultDelete();
    } catch (AwsException e) {
      events.warning(restore, e.code(), "cannot delete table " + table + ": " + e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(
          e.isTransient() ? schedule.nextErrorRetry(restore.getMetadata().getUid()) : schedule.userErrorRetry());
    }
  }

  private DeleteControl blocked(DynamoRestore restore, Context<DynamoRestore> context, EventRecorder events,
      Clock clock, String reason, String message) {
    // Patch the latest version: the cached object may be stale while a deletion waits.
    context.getClient().resources(DynamoRestore.class).inNamespace(restore.getMetadata().getNamespace())
        .withName(restore.getMetadata().getName()).editStatus(latest -> {
          new RestoreStatuses(latest, clock.instant()).deletionBlocked(reason, message);
          return latest;
        });
    events.warning(restore, reason, message);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(schedule.firstPoll());
  }
}
