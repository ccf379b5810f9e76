package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
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
  /** After recording the intent, continue almost at once: the write only had to land before the start call. */
  private static final Duration CONTINUE = Duration.ofMillis(100);
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

  Duration request(RestoreRun run, RestoreStatuses status) {
    String indexProblem = run.indexOverrideProblem();
    if (indexProblem != null) {
      status.failed("UnknownIndex", indexProblem);
      return null;
    }
    if (targetExists(run.targetRegion(), run.tableName(), status)) {
      return schedule.userErrorRetry();
    }
    var source = run.source();
    boolean otherRegion = !source.region().equals(run.targetRegion());
    Optional<CopyStatus> copy = otherRegion && source.backup() != null
        ? SourceResolver.copyIn(source.backup(), run.targetRegion()) : Optional.empty();
    if (copy.isPresent()) {
      source = new SourceResolver.Source(copy.get().destinationRecoveryPointArn, run.targetRegion(),
          Arn.parse(copy.get().destinationBackupVaultArn).resourceName(), source.iamRoleArn(), source.backup(),
          source.record());
    } else if (otherRegion && source.backupVaultName() == null) {
      status.failed("NoCopyInTargetRegion", "the recovery point is in " + source.region() + " and no copy exists in "
          + run.targetRegion() + "; name the DynamoBackup (backupRef) so the operator knows its vault, or restore the"
          + " ARN of a copy in " + run.targetRegion());
      return null;
    }
    // The point to restore (or to copy first) is checked where it really is, before the intent and any start call.
    // Where to look first: the vault a DynamoBackup of the owning namespace names, never one a catalog record names
    // (that would tell another team's vault in the denial).
    String expectedVault = source.backup() != null ? source.backupVaultName() : null;
    if (context.denied(access.check(run.sourceNamespace(), source.recoveryPointArn(), expectedVault,
        run.sourceField()), status.readiness())) {
      return null;
    }
    status.requested(source, run.describePath(), otherRegion && copy.isEmpty(), run.source().sourceTableArn());
    return CONTINUE;
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
      return schedule.nextPoll(Instant.parse(current.requestedTime), Optional.empty(), context.now());
    }
    if (!job.state().equals("COMPLETED")) {
      status.failed("CopyFailed", "copy job " + job.copyJobId() + " to " + run.copyDestinationVaultArn() + " ended "
          + job.state() + (job.statusMessage() == null ? "" : ": " + job.statusMessage()));
      return null;
    }
    status.copied(job.destinationRecoveryPointArn(), run.targetRegion());
    return CONTINUE;
  }

  Duration restore(RestoreRun run, RestoreStatuses status) {
    var current = status.status();
    if (current.restoreStartedTime == null) {
      // Our own copy is checked where it landed before it is restored.
      if (current.copyJobId != null && context.denied(access.check(run.restore().getMetadata().getNamespace(),
          current.recoveryPointArn, run.source().backupVaultName(), "spec.target.region"), status.readiness())) {
        return null;
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
      return schedule.firstPoll();
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
        return schedule.nextPoll(started, Optional.empty(), context.now());
      }
    }
    TableService.TableInfo table = tables.describeTable(run.targetRegion(), run.tableName());
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return schedule.nextPoll(started, Optional.empty(), context.now());
    }
    status.tableActive(table.arn());
    String override = run.isNative() ? null : applyOverride(run, table);
    if (override != null) {
      status.applyingOverrides(override);
      return schedule.firstPoll();
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
