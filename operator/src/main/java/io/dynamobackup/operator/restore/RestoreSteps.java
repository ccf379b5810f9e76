package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TenancyGuard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The restore state machine, one step per reconcile; each step returns when to look again (null: never). */
final class RestoreSteps {
  /** After recording the intent, continue almost at once: the write only had to land before the start call. */
  private static final Duration CONTINUE = Duration.ofMillis(100);
  private final BackupService backups;
  private final TableService tables;
  private final SettingsApplier applier;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final TenancyGuard tenancy;
  private final OperatorMetrics metrics;

  RestoreSteps(BackupService backups, TableService tables, SettingsApplier applier, RetrySchedule schedule,
      Clock clock, TenancyGuard tenancy, OperatorMetrics metrics) {
    this.tenancy = tenancy;
    this.metrics = metrics;
    this.backups = backups;
    this.tables = tables;
    this.applier = applier;
    this.schedule = schedule;
    this.clock = clock;
  }

  Duration step(DynamoRestore restore, RestoreStatuses status, KubernetesClient client, EventRecorder events) {
    SourceResolver.Resolution resolution = new SourceResolver(client).resolve(restore);
    if (resolution.source() == null) {
      status.pending(resolution.reason(), resolution.message());
      return resolution.waiting() ? schedule.firstPoll() : schedule.userErrorRetry();
    }
    SourceResolver.Source source = resolution.source();
    String role = restore.getSpec().iamRoleArn != null ? restore.getSpec().iamRoleArn : source.iamRoleArn();
    if (role == null) {
      status.invalid("spec.iamRoleArn: required, because the recovery point does not belong to a DynamoBackup in"
          + " this namespace whose role could be used");
      return null;
    }
    String targetRegion = restore.getSpec().target.region != null ? restore.getSpec().target.region : source.region();
    RestoreRun run = new RestoreRun(restore, source, role, targetRegion);
    TenancyGuard.Check permitted = RestoreSpecs.tenancy(tenancy, run);
    if (permitted.denied()) {
      metrics.tenancyDenied(restore.getMetadata().getNamespace(), "DynamoRestore", permitted.denials());
      status.notPermitted(permitted.message());
      return null; // no AWS call and no requeue: a spec or policy change brings the next reconcile
    }
    return switch (status.status().phase) {
      case Pending -> request(run, status);
      case Copying -> copy(run, status);
      case Restoring -> restore(run, status);
      case ApplyingSettings, Ready -> applySettings(run, status, client, events);
      case Failed -> null;
    };
  }

  private Duration request(RestoreRun run, RestoreStatuses status) {
    String indexProblem = run.indexOverrideProblem();
    if (indexProblem != null) {
      status.failed("UnknownIndex", indexProblem);
      return null;
    }
    if (exists(run.targetRegion(), run.tableName())) {
      status.pending("TargetExists", "spec.target.tableName: table " + run.tableName() + " already exists in "
          + run.targetRegion() + "; restores never overwrite a table. Delete it or choose another name");
      return schedule.userErrorRetry();
    }
    var source = run.source();
    boolean otherRegion = !source.region().equals(run.targetRegion());
    Optional<CopyStatus> copy = otherRegion && source.backup() != null
        ? SourceResolver.copyIn(source.backup(), run.targetRegion()) : Optional.empty();
    if (copy.isPresent()) {
      source = new SourceResolver.Source(copy.get().destinationRecoveryPointArn, run.targetRegion(),
          source.backupVaultName(), source.iamRoleArn(), source.backup());
    } else if (otherRegion && source.backupVaultName() == null) {
      status.failed("NoCopyInTargetRegion", "the recovery point is in " + source.region() + " and no copy exists in "
          + run.targetRegion() + "; name the DynamoBackup (backupRef) so the operator knows its vault, or restore the"
          + " ARN of a copy in " + run.targetRegion());
      return null;
    }
    status.requested(source, run.describePath(), otherRegion && copy.isEmpty());
    return CONTINUE;
  }

  private Duration copy(RestoreRun run, RestoreStatuses status) {
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
      return schedule.nextPoll(Instant.parse(current.requestedTime), Optional.empty(), clock.instant());
    }
    if (!job.state().equals("COMPLETED")) {
      status.failed("CopyFailed", "copy job " + job.copyJobId() + " to " + run.copyDestinationVaultArn() + " ended "
          + job.state() + (job.statusMessage() == null ? "" : ": " + job.statusMessage()));
      return null;
    }
    status.copied(job.destinationRecoveryPointArn(), run.targetRegion());
    return CONTINUE;
  }

  private Duration restore(RestoreRun run, RestoreStatuses status) {
    var current = status.status();
    if (current.restoreStartedTime == null) {
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
        status.restoreStarted(backups.startRestoreJob(run.startRestore()));
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
        return schedule.nextPoll(started, Optional.empty(), clock.instant());
      }
    }
    TableService.TableInfo table = tables.describeTable(run.targetRegion(), run.tableName());
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return schedule.nextPoll(started, Optional.empty(), clock.instant());
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

  private Duration applySettings(RestoreRun run, RestoreStatuses status, KubernetesClient client, EventRecorder events) {
    TableService.TableInfo table = tables.describeTable(run.targetRegion(), run.tableName());
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return schedule.firstPoll();
    }
    var backup = run.source().backup();
    Optional<TableSettings> captured = backup == null ? Optional.empty() : CapturedSettings.load(client, backup);
    // Captured alarms are re-pointed from the table the backup was taken of to the restored one.
    String sourceTableName = backup == null || backup.getStatus() == null ? null : backup.getStatus().tableName;
    TableSettings desired = DesiredSettings.forTable(
        DesiredSettings.of(captured, run.spec().settings, sourceTableName, table.name()),
        table.globalSecondaryIndexes(), "PAY_PER_REQUEST".equals(table.billingMode()));
    List<SettingsDiff.Change> changes = SettingsDiff.between(desired, tables.readSettings(run.targetRegion(), table));
    boolean wasReady = status.status().phase == RestorePhase.Ready;
    if (changes.isEmpty()) {
      status.ready();
      return schedule.driftCheck();
    }
    List<String> applied = applier.apply(run.targetRegion(), table.name(), table.arn(), changes);
    if (wasReady) {
      status.driftCorrected(applied);
      events.warning(run.restore(), "DriftCorrected", "the table drifted from its declared settings; re-applied "
          + String.join(", ", applied));
    } else {
      status.applyingSettings("applied " + String.join(", ", applied) + "; checking again");
    }
    return schedule.firstPoll();
  }

  private boolean exists(String region, String tableName) {
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
