package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.StatusUpdates;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.TransitionEvents;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A DynamoBackup is one AWS Backup job: validate → wait for the table's queue → capture settings → start the job
 * (idempotently) → poll it with back-off → start and follow copies → report. Deletion waits for a running job, then
 * honours deletionPolicy.
 */
@ControllerConfiguration(name = "dynamobackup")
public class DynamoBackupReconciler implements Reconciler<DynamoBackup>, Cleaner<DynamoBackup> {
  private static final Set<String> NORMAL_REASONS = Set.of("JobStarted", "JobPending", "JobRunning", "Copying",
      "Completed", BackupStatuses.WAITING_FOR_JOB, "DeletionWaitingForJob");
  private final BackupService backups;
  private final TableService tables;
  private final CopyJobs copyJobs;
  private final BackupDeletion deletion;
  private final RetrySchedule schedule;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final TenancyGuard tenancy;

  public DynamoBackupReconciler(BackupService backups, TableService tables, RetrySchedule schedule,
      OperatorMetrics metrics, Clock clock) {
    this(backups, tables, schedule, metrics, clock, TenancyGuard.singleTenant());
  }

  public DynamoBackupReconciler(BackupService backups, TableService tables, RetrySchedule schedule,
      OperatorMetrics metrics, Clock clock, TenancyGuard tenancy) {
    this.tenancy = tenancy;
    this.backups = backups;
    this.tables = tables;
    this.copyJobs = new CopyJobs(backups);
    this.deletion = new BackupDeletion(backups, schedule);
    this.schedule = schedule;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<DynamoBackup> reconcile(DynamoBackup backup, Context<DynamoBackup> context) {
    // AWS calls for this object use its namespace's credentials (the tenant's assumed role, if any).
    return AwsIdentity.forNamespace(backup.getMetadata().getNamespace(), () -> reconcileInNamespace(backup, context));
  }

  private UpdateControl<DynamoBackup> reconcileInNamespace(DynamoBackup backup, Context<DynamoBackup> context) {
    Instant now = clock.instant();
    String before = StatusUpdates.snapshot(backup);
    BackupStatuses status = new BackupStatuses(backup, now);
    TransitionEvents transitions = new TransitionEvents(backup, () -> backup.getStatus().conditions,
        () -> backup.getStatus().phase, NORMAL_REASONS, new EventRecorder(context.getClient(), clock));
    List<String> problems = BackupSpecs.validate(backup.getSpec());
    if (!problems.isEmpty()) {
      status.invalid(String.join("; ", problems));
      transitions.report();
      return StatusUpdates.patchIfChanged(backup, before, null); // a spec edit triggers the next reconcile
    }
    TenancyGuard.Check permitted = BackupSpecs.tenancy(tenancy, backup);
    if (permitted.denied()) {
      // Before any AWS call, also for a running job: a policy that no longer allows it stops the operator's polling.
      metrics.tenancyDenied(backup.getMetadata().getNamespace(), "DynamoBackup", permitted.denials());
      status.notPermitted(permitted.message());
      transitions.report();
      return StatusUpdates.patchIfChanged(backup, before, null); // a spec or policy change triggers the next one
    }
    TableKey table = TableKey.of(backup.getSpec().table);
    status.status().tableName = table.name();
    String key = backup.getMetadata().getUid();
    try {
      Duration next = step(backup, status, table, context, now);
      schedule.succeeded(key);
      transitions.report();
      recordIfFinished(backup, transitions);
      return StatusUpdates.patchIfChanged(backup, before, next);
    } catch (AwsException e) {
      metrics.awsError("DynamoBackup", e.code());
      status.awsError(e.code(), e.getMessage() + (e.isTransient() ? " (retrying with back-off)" : ""));
      transitions.report();
      Duration retry = e.isTransient() ? schedule.nextErrorRetry(key) : schedule.userErrorRetry();
      return StatusUpdates.patchIfChanged(backup, before, retry);
    }
  }

  /** One step of the state machine; returns when to look again, or null when nothing is left to do. */
  private Duration step(DynamoBackup backup, BackupStatuses status, TableKey table, Context<DynamoBackup> context,
      Instant now) {
    var current = status.status();
    if (current.backupJobId == null) {
      return start(backup, status, table, context);
    }
    status.specLocked(!Objects.equals(current.jobSpecHash, BackupSpecs.jobHash(backup.getSpec())));
    if (current.phase == BackupPhase.Pending || current.phase == BackupPhase.Running) {
      BackupService.BackupJob job = backups.describeBackupJob(table.region(), current.backupJobId);
      status.observed(job);
      if (!job.isTerminal()) {
        return schedule.nextPoll(job.creationDate(), job.expectedCompletionDate(), now);
      }
      if (!job.state().equals("COMPLETED")) {
        return null;
      }
      if (backup.getSpec().copies == null || backup.getSpec().copies.isEmpty()) {
        status.completed();
        return null;
      }
      copyJobs.startMissing(backup, table);
      status.copying();
      return schedule.firstPoll();
    }
    if (current.phase == BackupPhase.Copying) {
      copyJobs.startMissing(backup, table);
      var failed = copyJobs.refresh(backup, table);
      if (!CopyJobs.allTerminal(current.copies)) {
        return schedule.nextPoll(Instant.parse(current.completionTime), java.util.Optional.empty(), now);
      }
      if (failed.isEmpty()) {
        status.completed();
      } else {
        status.copyFailed(failed.stream().map(c -> c.destinationBackupVaultArn + ": "
            + Objects.requireNonNullElse(c.message, c.state)).reduce((a, b) -> a + "; " + b).orElse(""));
      }
    }
    return null;
  }

  private Duration start(DynamoBackup backup, BackupStatuses status, TableKey table, Context<DynamoBackup> context) {
    var blocker = TableJobQueue.blocker(backup, table, context.getPrimaryCache().list());
    if (blocker.isPresent()) {
      var other = blocker.get();
      String job = other.getStatus() == null || other.getStatus().backupJobId == null ? "its turn"
          : "job " + other.getStatus().backupJobId;
      status.waiting(BackupStatuses.WAITING_FOR_JOB, "AWS runs one backup or copy job per table at a time; waiting for DynamoBackup "
          + other.getMetadata().getNamespace() + "/" + other.getMetadata().getName() + " (" + job + ") on table " + table);
      return schedule.firstPoll();
    }
    TableService.TableInfo info = describeTable(table, status);
    if (info == null) {
      return schedule.userErrorRetry();
    }
    DynamoBackupSpec spec = backup.getSpec();
    if (Boolean.TRUE.equals(spec.captureTableSettings)) {
      CapturedSettings.store(context.getClient(), backup, tables.readSettings(table.region(), info));
    }
    String jobId = backups.startBackupJob(BackupSpecs.startRequest(backup, table, info.arn()));
    status.started(jobId, info, BackupSpecs.jobHash(spec));
    return schedule.firstPoll();
  }

  private TableService.TableInfo describeTable(TableKey table, BackupStatuses status) {
    try {
      return tables.describeTable(table.region(), table.name());
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      status.waiting("TableNotFound", "spec.table: table " + table.name() + " does not exist in Region "
          + table.region() + " (" + e.code() + ")");
      return null;
    }
  }

  private void recordIfFinished(DynamoBackup backup, TransitionEvents transitions) {
    var current = backup.getStatus();
    if (current.phase != transitions.phaseBefore() && new BackupStatuses(backup, clock.instant()).isTerminal()) {
      Duration duration = current.creationTime == null || current.completionTime == null ? null
          : Duration.between(Instant.parse(current.creationTime), Instant.parse(current.completionTime));
      metrics.backupFinished(backup.getMetadata().getNamespace(), current.phase.name(), duration, current.sizeBytes);
    }
  }

  @Override
  public DeleteControl cleanup(DynamoBackup backup, Context<DynamoBackup> context) {
    return AwsIdentity.forNamespace(backup.getMetadata().getNamespace(), () -> deletion.cleanup(backup, context, clock));
  }
}
