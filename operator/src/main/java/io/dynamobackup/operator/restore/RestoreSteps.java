package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of {@link DynamoRestoreReconciler}'s state machine, one per reconcile. Each observes AWS first (a job, the
 * target table), then acts (starts a job, applies a setting), sets the status and returns when to look again (null:
 * on the next event).
 */
final class RestoreSteps {
  private static final Duration CONTINUE = RestoreRequest.CONTINUE;
  private final ReconcileContext<DynamoRestore> context;
  private final RetrySchedule schedule;
  private final BackupService backups;
  private final TableService tables;
  private final RecoveryPointAccess access;

  RestoreSteps(ReconcileContext<DynamoRestore> context) {
    this.context = context;
    this.schedule = context.schedule();
    this.backups = context.aws().backups();
    this.tables = context.aws().tables();
    this.access = new RecoveryPointAccess(context.dependencies().tenancy(), context.aws().inventory());
  }

  Duration copy(RestoreRun run, RestoreStatuses status) {
    var current = status.status();
    var source = run.source();
    if (current.copyJobId == null) {
      status.copyStarted(backups.startCopyJob(new BackupService.StartCopy(source.region(), source.backupVaultName(),
          source.recoveryPointArn(), run.copyDestinationVaultArn(), run.iamRoleArn(),
          run.restore().getMetadata().getUid() + "-copy", null, null)));
      return schedule.firstPoll();
    }
    BackupService.CopyJob job = backups.describeCopyJob(source.region(), current.copyJobId);
    if (!job.isTerminal()) {
      return schedule.restorePoll(Instant.parse(current.requestedTime), Optional.empty(), context.now());
    }
    if (!job.state().equals("COMPLETED")) {
      status.failed("CopyFailed", "copy job " + job.copyJobId() + " to " + run.copyDestinationVaultArn() + " ended "
          + job.state() + (job.statusMessage() == null ? "" : ": " + job.statusMessage()));
      return null;
    }
    status.copied(job.destinationRecoveryPointArn(), run.targetRegion(),
        Arn.parse(run.copyDestinationVaultArn()).resourceName());
    return CONTINUE;
  }

  Duration restore(RestoreRun run, RestoreStatuses status) {
    var current = status.status();
    if (current.restoreStartedTime == null) {
      // Our own copy is checked where it landed before it is restored.
      if (current.copyJobId != null && context.denied(access.check(run.restore().getMetadata().getNamespace(),
          current.recoveryPointArn, current.backupVault, "spec.target.region"), status.readiness())) {
        return null;
      }
      Duration queued = RestoreQueue.waitForTurn(run, status, context);
      if (queued != null) {
        return queued;
      }
      if (run.isNative()) {
        try {
          tables.restoreFromNativeBackup(current.recoveryPointRegion, current.recoveryPointArn, run.nativeRestore());
        } catch (AwsException e) {
          // RestoreTableFromBackup has no idempotency token: after a crash, the table it created is ours (the
          // target was checked to be absent before the intent was recorded).
          if (!e.code().equals("TableAlreadyExistsException")) {
            throw e;
          }
        }
        status.restoreStarted(null);
      } else {
        var backup = run.source().backup();
        var captured = backup == null ? java.util.Optional.<io.dynamobackup.operator.api.v1alpha1.TableSettings>empty()
            : io.dynamobackup.operator.common.CapturedSettings.load(context.client(), backup)
                .map(c -> (io.dynamobackup.operator.api.v1alpha1.TableSettings) c);
        status.restoreStarted(backups.startRestoreJob(run.startRestore(captured)));
      }
      return schedule.firstRestorePoll();
    }
    Instant started = Instant.parse(current.restoreStartedTime);
    if (current.restoreJobId != null) {
      BackupService.RestoreJob job = backups.describeRestoreJob(current.recoveryPointRegion, current.restoreJobId);
      if (job.isTerminal() && !job.status().equals("COMPLETED")) {
        status.failed("Restore" + job.status().charAt(0) + job.status().substring(1).toLowerCase(Locale.ROOT),
            job.statusMessage() == null ? "restore job " + job.restoreJobId() + " ended " + job.status()
                : job.statusMessage());
        return null;
      }
      if (!job.isTerminal()) {
        return schedule.restorePoll(started, job.expectedCompletionDate(), context.now());
      }
    }
    TableService.TableInfo table = tables.describeTable(run.targetRegion(), run.tableName());
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return schedule.restorePoll(started, Optional.empty(), context.now());
    }
    status.tableActive(table);
    String override = run.isNative() ? null : applyOverride(run, table);
    if (override != null) {
      status.applyingOverrides(override);
      return schedule.settle(Instant.parse(status.status().tableActiveTime), context.now());
    }
    status.applyingSettings("table is ACTIVE; applying its settings");
    return CONTINUE;
  }

  /** AWS Backup restores the source's capacity and every GSI; apply the spec's overrides one UpdateTable at a time. */
  private String applyOverride(RestoreRun run, TableService.TableInfo table) {
    RestoreTarget target = run.spec().target;
    String region = run.targetRegion();
    boolean billingDiffers = target.billingMode != null && !target.billingMode.name().equals(table.billingMode());
    var throughput = target.provisionedThroughput;
    boolean capacityDiffers = throughput != null && (!throughput.readCapacityUnits.equals(table.readCapacityUnits())
        || !throughput.writeCapacityUnits.equals(table.writeCapacityUnits()));
    if (billingDiffers || capacityDiffers) {
      String billing = target.billingMode != null ? target.billingMode.name() : table.billingMode();
      tables.updateCapacity(region, run.tableName(), billing,
          throughput == null ? null : throughput.readCapacityUnits, throughput == null ? null : throughput.writeCapacityUnits);
      return "switching to " + billing + (throughput == null ? "" : " with " + throughput.readCapacityUnits + " RCU / "
          + throughput.writeCapacityUnits + " WCU");
    }
    if (target.globalSecondaryIndexes != null) {
      for (String index : table.globalSecondaryIndexes()) {
        if (!target.globalSecondaryIndexes.contains(index)) {
          tables.deleteGlobalSecondaryIndex(region, run.tableName(), index);
          return "dropping global secondary index " + index + " (not in spec.target.globalSecondaryIndexes)";
        }
      }
    }
    return null;
  }

  /**
   * ApplyingSettings: apply what differs, then read it back at once (DynamoDB may keep the table UPDATING for a moment:
   * then the read waits for it) — Ready as soon as every setting reads back as desired. Ready: look again only when
   * a drift check is due ({@link DriftChecks}); between checks no AWS call.
   */
  Duration applySettings(RestoreRun run, RestoreStatuses status) {
    return new SettingsStep(context).apply(run, status);
  }

  /** Restores never overwrite: an existing target stalls the restore until someone deletes it or renames the target. */
  boolean targetExists(String region, String tableName, RestoreStatuses status) {
    if (!exists(region, tableName)) {
      return false;
    }
    status.blocked("TargetExists", "spec.target.tableName: table " + tableName + " already exists in " + region
        + "; restores never overwrite a table. Delete it or choose another name");
    return true;
  }

  boolean exists(String region, String tableName) {
    try {
      tables.describeTable(region, tableName);
      return true;
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }
}
