package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;

/**
 * Retain (default) leaves the restored table alone. Delete drops it once no restore job is running; a table with
 * deletion protection is only dropped when the spec itself turns protection off, never silently; and only when the
 * tenancy policy as it is now allows it ({@link DeletionGuard}), otherwise the table is kept and the finalizer goes.
 */
final class RestoreDeletion {
  private RestoreDeletion() {}

  /** Returns when to look again while the deletion waits, or null when the finalizer may go. */
  static Duration delete(DynamoRestore restore, ReconcileContext<DynamoRestore> context) {
    var status = restore.getStatus();
    if (restore.getSpec() == null || restore.getSpec().deletionPolicy != DeletionPolicy.Delete || status == null
        || status.requestedTime == null) {
      if (status != null && status.tableArn != null) {
        context.normal("TableRetained", "kept table " + status.tableArn + " (deletionPolicy Retain)");
      }
      return null;
    }
    // The table recorded when the restore was requested: an edit of the (immutable) target must not redirect a delete.
    String region = status.targetRegion != null ? status.targetRegion
        : restore.getSpec().target.region != null ? restore.getSpec().target.region
        : restore.getSpec().source.pointInTimeRecovery != null ? PointInTimeSteps.targetRegion(restore)
        : status.recoveryPointRegion;
    String table = status.targetTableName != null ? status.targetTableName : restore.getSpec().target.tableName;
    DeletionGuard guard = new DeletionGuard(context.dependencies().tenancy(), context.dependencies().metrics());
    TenancyGuard.Check allowed = guard.restore(restore, region); // the policy as it is now, before any AWS call
    if (allowed.denied()) {
      guard.keep(restore, "table " + table, false, allowed, context.dependencies().events());
      return null;
    }
    TableService tables = context.aws().tables();
    if (status.restoreJobId != null && status.phase == RestorePhase.Restoring
        && !context.aws().backups().describeRestoreJob(status.recoveryPointRegion, status.restoreJobId).isTerminal()) {
      return blocked(restore, context, "DeletionWaitingForRestore", "the table is deleted once restore job "
          + status.restoreJobId + " has finished", false);
    }
    TableService.TableInfo info;
    try {
      info = tables.describeTable(region, table);
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return null;
      }
      throw e;
    }
    if (Boolean.TRUE.equals(info.deletionProtection())) {
      var desired = restore.getSpec().settings;
      if (desired == null || !Boolean.FALSE.equals(desired.deletionProtection)) {
        return blocked(restore, context, "DeletionProtected", "deletionPolicy is Delete but table " + table
            + " has deletion protection on; set spec.settings.deletionProtection: false to allow it, or remove the"
            + " finalizer to keep the table", true);
      }
      context.aws().settings().setDeletionProtection(region, table, false);
    }
    tables.deleteTable(region, table);
    context.normal("TableDeleted", "deleted table " + table + " in " + region + " (deletionPolicy Delete)");
    return null;
  }

  private static Duration blocked(DynamoRestore restore, ReconcileContext<DynamoRestore> context, String reason,
      String message, boolean needsUser) {
    StatusRecorder.patchLatest(context.client(), restore,
        latest -> new RestoreStatuses(latest, context.now()).deletionBlocked(reason, message, needsUser));
    context.warning(reason, message);
    return context.schedule().firstPoll();
  }
}
