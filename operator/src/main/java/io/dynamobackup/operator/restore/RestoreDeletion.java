package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.AutoScalingIds;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retain (default) leaves the restored table alone. Delete drops it once no restore job is running; a table with
 * deletion protection is only dropped when the spec itself turns protection off, never silently; and only when the
 * tenancy policy as it is now allows it ({@link DeletionGuard}), otherwise the table is kept and the finalizer goes.
 * Only the table this restore made is dropped ({@link RestoredTable}): another table created under its name since is
 * kept. With the table go the alarms and scalable targets the operator put on it, which DeleteTable leaves behind.
 * A deletion that waits re-checks with the jittered back-off of a stalled object, not at a fixed rate.
 */
final class RestoreDeletion {
  static final String TABLE_REPLACED = "TableReplaced";

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
    // The restore job runs until the table is ACTIVE (the phase is Deleting once a deletion waited for it).
    if (status.restoreJobId != null && status.tableActiveTime == null
        && (status.phase == RestorePhase.Restoring || status.phase == RestorePhase.Deleting)
        && !context.aws().backups().describeRestoreJob(status.recoveryPointRegion, status.restoreJobId).isTerminal()) {
      return blocked(restore, context, "DeletionWaitingForRestore", "the table is deleted once restore job "
          + status.restoreJobId + " has finished", false);
    }
    TableService.TableInfo info;
    try {
      info = tables.describeTable(region, table);
    } catch (AwsException e) {
      if (e.isNotFound()) {
        removeManaged(region, status, context); // a retry after DeleteTable, or the table was dropped by someone
        return null;
      }
      throw e;
    }
    if (!RestoredTable.isRestored(status, info)) {
      String message = "deletionPolicy is Delete, but table " + table + " in " + region + " was not dropped: "
          + RestoredTable.describe(status, info) + ". It was deleted and created again since the restore; the"
          + " DynamoRestore is deleted, the table and its data stay";
      StatusRecorder.patchLatest(context.client(), restore, latest -> {
        RestoreStatuses statuses = new RestoreStatuses(latest, context.now());
        statuses.tableMissing(message);
        statuses.readiness().stalled(TABLE_REPLACED, message);
      });
      context.warning(TABLE_REPLACED, message);
      return null;
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
    List<String> removed = removeManaged(region, status, context);
    context.normal("TableDeleted", "deleted table " + table + " in " + region + " (deletionPolicy Delete)"
        + (removed.isEmpty() ? "" : " and what the operator had put on it: " + String.join(", ", removed)));
    return null;
  }

  /**
   * Deregisters the scalable targets (Application Auto Scaling removes their policies, scheduled actions and
   * TargetTracking alarms with them) and deletes the alarms this restore applied to its table; DeleteTable leaves both.
   * Alarms and targets the operator did not create are not touched. Returns what was removed.
   */
  private static List<String> removeManaged(String region, DynamoRestoreStatus status,
      ReconcileContext<DynamoRestore> context) {
    List<String> removed = new ArrayList<>();
    if (status.managedScalableTargets != null) {
      for (String target : status.managedScalableTargets) {
        String[] parts = target.split("\\|", 2);
        var dimension = parts.length < 2 ? null : AutoScalingIds.dimension(parts[1]);
        String tableName = AutoScalingIds.tableName(parts[0]);
        if (dimension == null || tableName == null) {
          continue;
        }
        String indexName = AutoScalingIds.indexName(parts[0]);
        try {
          context.aws().settings().deregisterAutoScaling(region, tableName, indexName, dimension);
          removed.add("scalable target " + parts[0] + " " + parts[1]);
        } catch (AwsException e) {
          if (!e.isNotFound()) { // gone already: nothing to remove
            throw e;
          }
        }
      }
    }
    if (status.managedAlarms != null) {
      // One call per alarm: each is audited with its ARN, and one deleted by hand does not stop the others
      // (DeleteAlarms deletes nothing when one of its names does not exist).
      status.managedAlarms.stream().filter(name -> deleteAlarm(region, name, context))
          .forEach(name -> removed.add("alarm " + name));
    }
    return removed;
  }

  /** Deletes one alarm; false when it did not exist. */
  private static boolean deleteAlarm(String region, String name, ReconcileContext<DynamoRestore> context) {
    try {
      context.aws().settings().deleteAlarms(region, List.of(name));
      return true;
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      return false;
    }
  }

  /**
   * The deletion waits: phase Deleting with Ready's reason, one Warning per reason and message (not one per check),
   * and the next check after the jittered back-off for as long as the deletion has waited.
   */
  private static Duration blocked(DynamoRestore restore, ReconcileContext<DynamoRestore> context, String reason,
      String message, boolean needsUser) {
    boolean known = restore.getStatus().phase == RestorePhase.Deleting
        && Conditions.find(restore.getStatus().conditions, Conditions.READY)
            .filter(c -> reason.equals(c.getReason()) && message.equals(c.getMessage())).isPresent();
    if (!known) {
      StatusRecorder.patchLatest(context.client(), restore,
          latest -> new RestoreStatuses(latest, context.now()).deletionBlocked(reason, message, needsUser));
      if (needsUser) {
        context.warning(reason, message);
      } else {
        context.normal(reason, message);
      }
    }
    String requested = restore.getMetadata().getDeletionTimestamp();
    Duration waiting = requested == null ? Duration.ZERO : Duration.between(Instant.parse(requested), context.now());
    return context.backOff(waiting);
  }
}
