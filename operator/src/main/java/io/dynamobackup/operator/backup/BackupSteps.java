package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.limits.ApiFamily;
import io.dynamobackup.operator.limits.StartQueue;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The steps of {@link DynamoBackupReconciler}'s state machine. Each observes AWS (and the informer cache) first, then
 * acts, sets the status and returns when to look again (null: on the next event).
 */
final class BackupSteps {
  /** After recording what the start call will send, continue almost at once: the write only had to land first. */
  private static final Duration CONTINUE = Duration.ofMillis(100);

  private BackupSteps() {}

  /**
   * No job yet: within the backup's windows, wait for the table's queue, then for a StartBackupJob permit in the
   * operator's queue (slot order), record the windows the job gets, then observe the table and its settings once and
   * start the job. Past a window, the backup expires without a job. A start that AWS throttles all the same keeps what
   * was observed (in status), so the retry goes straight to StartBackupJob once the queue grants it a permit again.
   */
  static Duration start(DynamoBackup backup, BackupStatuses status, TableKey table,
      ReconcileContext<DynamoBackup> context) {
    var current = status.status();
    BackupWindows.recordEnds(backup, context.now());
    var blocker = TableJobQueue.blocker(backup, context.indexedPrimaries(TableJobQueue.BY_TABLE, table.toString()));
    if (current.jobWindows == null) { // nothing was sent to AWS yet: the windows are the operator's to enforce
      Optional<String[]> expired = BackupWindows.expired(backup, context.now(), status.waitingFor());
      if (expired.isPresent()) {
        status.expiredBeforeStart(expired.get()[0], expired.get()[1]);
        return null;
      }
    }
    if (blocker.isPresent()) {
      current.jobWindows = null;
      status.waiting(BackupStatuses.WAITING_FOR_JOB, TableJobQueue.waitMessage(blocker.get(), table));
      return context.schedule().firstPoll();
    }
    if (current.jobWindows == null) {
      // The turn in the operator's queue first, so that the windows the job gets count from its start.
      var admission = context.admit(ApiFamily.START_BACKUP_JOB, table.region(), BackupSpecs.slot(backup),
          StartQueue.Capacity.NONE);
      if (!admission.granted()) {
        status.waiting(BackupStatuses.QUEUED, "waiting in the operator's queue, in schedule-slot order, for the"
            + " client-side StartBackupJob rate limit in " + table.region() + " ("
            + context.dependencies().limits().describe(ApiFamily.START_BACKUP_JOB) + ")");
        return admission.retryAfter();
      }
      // Recorded before the call, so that a retry after a crash sends the same request (same idempotency token).
      status.starting(BackupWindows.remaining(backup, context.now()));
      return CONTINUE;
    }
    boolean captureSettings = Boolean.TRUE.equals(backup.getSpec().captureTableSettings);
    if (!status.hasCaptured(captureSettings)) {
      Optional<TableService.TableInfo> info = describe(context.aws().tables(), table, status);
      if (info.isEmpty()) {
        current.jobWindows = null;
        return context.schedule().userErrorRetry();
      }
      if (captureSettings) {
        CapturedSettings.store(context.client(), backup, capture(context, table.region(), info.get()));
      }
      status.captured(info.get());
    }
    if (status.startThrottled()) {
      // AWS throttled the recorded start: it takes a turn in the operator's queue again, in (slot, object) order, rather
      // than retrying straight into the throttling the queue keeps AWS at until the whole slot has started.
      var admission = context.admit(ApiFamily.START_BACKUP_JOB, table.region(), BackupSpecs.slot(backup),
          StartQueue.Capacity.NONE);
      if (!admission.granted()) {
        return admission.retryAfter();
      }
    }
    String jobId = context.aws().backups().startBackupJob(BackupSpecs.startRequest(backup, table,
        status.status().tableArn));
    status.started(jobId, BackupSpecs.jobHash(backup.getSpec()));
    return context.schedule().firstPoll();
  }

  /** Pending, Running: observe the job; once it completed, start the copies or finish. */
  static Duration followJob(DynamoBackup backup, BackupStatuses status, TableKey table,
      ReconcileContext<DynamoBackup> context) {
    BackupService.BackupJob job = context.aws().backups().describeBackupJob(table.region(), status.status().backupJobId);
    status.observed(job);
    if (!job.isTerminal()) {
      return context.schedule().nextPoll(job.creationDate(), job.expectedCompletionDate(), context.now());
    }
    if (!job.state().equals("COMPLETED")) {
      return null;
    }
    if (backup.getSpec().copies == null || backup.getSpec().copies.isEmpty()) {
      status.completed();
      return BackupCatalog.recordMissing(backup, status, context);
    }
    CopyJobs.startMissing(context.aws().backups(), backup, table, context.now());
    status.copying();
    return earliest(context.schedule().firstPoll(), BackupCatalog.recordMissing(backup, status, context));
  }

  /** Copying: start any copy a crash left unstarted, observe the others, finish when all are terminal. */
  static Duration followCopies(DynamoBackup backup, BackupStatuses status, TableKey table,
      ReconcileContext<DynamoBackup> context) {
    CopyJobs.startMissing(context.aws().backups(), backup, table, context.now());
    var failed = CopyJobs.refresh(context.aws().backups(), backup, table);
    var current = status.status();
    Duration catalogRetry = BackupCatalog.recordMissing(backup, status, context); // each copy once it completed
    if (!CopyJobs.allTerminal(current.copies)) {
      return earliest(context.schedule().nextPoll(Instant.parse(current.completionTime), Optional.empty(),
          context.now()), catalogRetry);
    }
    if (failed.isEmpty()) {
      status.completed();
    } else {
      status.copyFailed(CopyJobs.failureMessage(failed));
    }
    return catalogRetry;
  }

  /** The earlier of two delays; null means none. */
  static Duration earliest(Duration a, Duration b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }

  /** The table's settings with what a restore needs to re-point them: the table's name and ARN, its stream's ARN. */
  static CapturedTableSettings capture(ReconcileContext<DynamoBackup> context, String region,
      TableService.TableInfo table) {
    return CapturedSettings.capture(context.aws().tables(), region, table, context.now());
  }

  private static Optional<TableService.TableInfo> describe(TableService tables, TableKey table,
      BackupStatuses status) {
    try {
      return Optional.of(tables.describeTable(table.region(), table.name()));
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      status.waiting(BackupStatuses.TABLE_NOT_FOUND, "spec.table: table " + table.name() + " does not exist in Region "
          + table.region() + " (" + e.code() + ")");
      return Optional.empty();
    }
  }

}
