package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.SourceTableInfo;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService.BackupJob;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.KindStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Intent-named changes to a DynamoBackup's status: each sets the phase and the conditions that go with it. */
final class BackupStatuses extends KindStatus {
  static final String COMPLETED = "Completed";
  static final String COPIED = "Copied";
  static final String SPEC_LOCKED = "SpecLocked";
  static final String WAITING_FOR_JOB = "WaitingForJob";
  static final String CATALOGED = "Cataloged";
  static final String ADOPTED = "Adopted";
  static final String JOB_STARTING = "JobStarting";
  static final String TABLE_NOT_FOUND = "TableNotFound";
  /** Waiting in the operator's queue for the StartBackupJob rate limit, in slot order. */
  static final String QUEUED = "Queued";

  private final DynamoBackup backup;
  private final DynamoBackupStatus status;

  BackupStatuses(DynamoBackup backup, Instant now) {
    super(initialized(backup, DynamoBackupStatus::new, (s, generation) -> s.observedGeneration = generation).conditions,
        backup.getMetadata().getGeneration(), now);
    this.backup = backup;
    this.status = backup.getStatus();
  }

  DynamoBackupStatus status() {
    return status;
  }

  @Override
  public Object phase() {
    return status.phase;
  }

  /**
   * An invalid or denied spec: a backup that never started is Pending (nothing ran; the Ready reason says why), and the
   * Table column names spec.table whatever the state. A started one keeps its phase: the job runs on in AWS.
   */
  @Override
  public void notReconciled(String reason) {
    if (status.phase == null) {
      status.phase = BackupPhase.Pending;
    }
    if (status.tableName == null && backup.getSpec() != null && backup.getSpec().table != null) {
      try {
        status.tableName = TableKey.of(backup.getSpec().table).name();
      } catch (IllegalArgumentException invalidTable) {
        status.tableName = backup.getSpec().table.name; // may be null too: the spec's problem says why
      }
    }
  }

  boolean isTerminal() {
    return status.phase == BackupPhase.Completed || status.phase == BackupPhase.Failed || status.phase == BackupPhase.Expired;
  }

  void waiting(String reason, String message) {
    status.phase = BackupPhase.Pending;
    readiness().progressing(reason, message);
  }

  /** The message of the wait the backup is in (queue, missing table), if any. */
  String waitingFor() {
    return readiness().readyCondition().filter(c -> Conditions.FALSE.equals(c.getStatus())
        && (WAITING_FOR_JOB.equals(c.getReason()) || QUEUED.equals(c.getReason())
            || TABLE_NOT_FOUND.equals(c.getReason())))
        .map(Condition::getMessage).orElse(null);
  }

  /** The recorded start was throttled by AWS (the Ready reason is the throttling code) and no job exists yet. */
  boolean startThrottled() {
    return status.jobWindows != null && status.backupJobId == null && readiness().readyCondition()
        .filter(c -> AwsException.isThrottling(c.getReason())).isPresent();
  }

  /** The job is about to be started with {@code windows}, recorded first. */
  void starting(DynamoBackupStatus.JobWindows windows) {
    status.jobWindows = windows;
    status.phase = BackupPhase.Pending;
    readiness().progressing(JOB_STARTING, "starting the AWS Backup job (StartWindowMinutes "
        + windows.startWindowMinutes + ", CompleteWindowMinutes " + windows.completeWindowMinutes + ")");
  }

  /** Past a window before any job was started: Expired, as AWS Backup expires a job that cannot start in time. */
  void expiredBeforeStart(String reason, String message) {
    status.phase = BackupPhase.Expired;
    status.failure = new FailureInfo(reason, message);
    set(COMPLETED, Conditions.FALSE, reason, message);
    readiness().stalled(reason, message);
  }

  /**
   * The source table as it was just before the job starts (and, separately, its captured settings): recorded once per
   * backup, so a start that AWS throttles is retried without reading the table again.
   */
  void captured(TableService.TableInfo table) {
    status.tableArn = table.arn();
    SourceTableInfo source = new SourceTableInfo();
    source.itemCount = table.itemCount();
    source.sizeBytes = table.sizeBytes();
    source.billingMode = table.billingMode();
    source.readCapacityUnits = table.readCapacityUnits();
    source.writeCapacityUnits = table.writeCapacityUnits();
    source.globalSecondaryIndexes = table.globalSecondaryIndexes();
    source.localSecondaryIndexes = table.localSecondaryIndexes();
    source.keySchema = table.keySchema() == null ? null : table.keySchema().stream()
        .map(k -> new SourceTableInfo.KeyAttribute(k.attributeName(), k.attributeType(), k.keyType())).toList();
    source.tableClass = table.tableClass();
    source.sseType = table.sseType();
    source.kmsMasterKeyArn = table.kmsKeyArn();
    status.sourceTable = source;
  }

  /** Whether {@link #captured} (and, when asked for, the settings capture) already happened for this backup. */
  boolean hasCaptured(boolean settings) {
    return status.tableArn != null && status.sourceTable != null
        && (!settings || status.capturedSettings != null || status.capturedSettingsConfigMap != null);
  }

  void started(String jobId, String specHash) {
    status.backupJobId = jobId;
    status.jobSpecHash = specHash;
    status.phase = BackupPhase.Pending;
    readiness().progressing("JobStarted", "AWS Backup job " + jobId + " was started");
  }

  void observed(BackupJob job) {
    status.creationTime = job.creationDate() == null ? status.creationTime : job.creationDate().toString();
    status.recoveryPointArn = job.recoveryPointArn() != null ? job.recoveryPointArn() : status.recoveryPointArn;
    job.completionDate().ifPresent(t -> status.completionTime = t.toString());
    if (job.backupSizeInBytes() != null) {
      status.sizeBytes = job.backupSizeInBytes();
      status.size = humanSize(job.backupSizeInBytes());
    }
    switch (job.state()) {
      case "CREATED", "PENDING" -> {
        status.phase = BackupPhase.Pending;
        readiness().progressing("JobPending", "AWS Backup job " + job.backupJobId() + " is " + job.state());
      }
      case "RUNNING", "ABORTING" -> {
        status.phase = BackupPhase.Running;
        readiness().progressing("JobRunning", "AWS Backup job " + job.backupJobId() + " is " + job.state());
      }
      case "EXPIRED" -> terminal(BackupPhase.Expired, "JobExpired", job);
      case "COMPLETED" -> set(COMPLETED, Conditions.TRUE, "JobCompleted",
          "recovery point " + job.recoveryPointArn());
      default -> terminal(BackupPhase.Failed, "Job" + capitalized(job.state()), job);
    }
  }

  void copying() {
    status.phase = BackupPhase.Copying;
    readiness().progressing("Copying", "the backup completed; copying the recovery point to "
        + status.copies.size() + " destination(s)");
  }

  void completed() {
    status.phase = BackupPhase.Completed;
    if (status.copies != null && !status.copies.isEmpty()) {
      set(COPIED, Conditions.TRUE, "CopiesCompleted",
          status.copies.size() + " copies completed");
    }
    boolean adopted = backup.getSpec().recoveryPointArn != null;
    readiness().ready(adopted ? ADOPTED : "Completed", adopted
        ? Conditions.find(status.conditions, COMPLETED).map(c -> c.getMessage()).orElse("adopted")
        : "recovery point " + status.recoveryPointArn + " is available");
  }

  void copyFailed(String message) {
    status.phase = BackupPhase.Failed;
    status.failure = new FailureInfo("CopyFailed", message);
    set(COPIED, Conditions.FALSE, "CopyFailed", message);
    readiness().stalled("CopyFailed", message);
  }

  /** Reports spec edits made after the job started: AWS cannot change or cancel a running DynamoDB backup. */
  void specLocked(boolean changed) {
    if (changed) {
      set(SPEC_LOCKED, Conditions.TRUE, "JobAlreadyStarted",
          "spec changes after the job started are not applied: AWS Backup cannot change or cancel a started"
              + " DynamoDB backup job (only deletionPolicy still applies); create a new DynamoBackup instead");
    } else {
      status.conditions.removeIf(c -> SPEC_LOCKED.equals(c.getType()));
    }
  }

  /** {@code arn} is now in the recovery catalog. */
  void cataloged(String arn) {
    if (status.catalogedRecoveryPoints == null) {
      status.catalogedRecoveryPoints = new java.util.ArrayList<>();
    }
    if (!status.catalogedRecoveryPoints.contains(arn)) {
      status.catalogedRecoveryPoints.add(arn);
    }
  }

  /** Every completed point is in the recovery catalog {@code table}. */
  void catalogComplete(String table) {
    int copies = status.catalogedRecoveryPoints.size() - 1;
    set(CATALOGED, Conditions.TRUE, "Recorded", "recovery point " + status.recoveryPointArn
        + (copies > 0 ? " and " + copies + " cop" + (copies == 1 ? "y" : "ies") : "") + " recorded in the recovery"
        + " catalog " + table + " of their account and Region");
  }

  /**
   * A catalog write failed: the backup stays what it is (its recovery point exists), the condition says what is
   * missing and why. Returns how long the catalog has been failing.
   */
  Duration catalogFailed(String reason, String message) {
    set(CATALOGED, Conditions.FALSE, reason, message);
    return Conditions.find(status.conditions, CATALOGED).map(c -> c.getLastTransitionTime())
        .map(t -> Duration.between(Instant.parse(t), now)).orElse(Duration.ZERO);
  }

  /**
   * An existing recovery point was adopted (no job): its description, the copies found and, from the recovery
   * catalog when it has a record, the source table. {@code unreachable}: why the point itself could not be checked
   * (its copies were), or null.
   */
  void adopted(String tableArn, Instant created, Instant completed, Long sizeBytes, SourceTableInfo sourceTable,
      String unreachable) {
    status.recoveryPointArn = backup.getSpec().recoveryPointArn;
    status.tableArn = tableArn;
    status.creationTime = created == null ? null : created.toString();
    status.completionTime = completed == null ? null : completed.toString();
    if (sizeBytes != null) {
      status.sizeBytes = sizeBytes;
      status.size = humanSize(sizeBytes);
    }
    status.sourceTable = sourceTable;
    String message = "adopted recovery point " + status.recoveryPointArn + " (no backup job started)"
        + (unreachable == null ? "" : "; the point itself could not be checked (" + unreachable + "), its copies were");
    set(COMPLETED, Conditions.TRUE, ADOPTED, message);
  }

  /** Adopting failed for good: the point does not exist, is of another table, or failed. */
  void adoptionFailed(String reason, String message) {
    status.phase = BackupPhase.Failed;
    status.failure = new FailureInfo(reason, message);
    set(COMPLETED, Conditions.FALSE, reason, message);
    readiness().stalled(reason, message);
  }

  void deletionWaiting(String reason, String message) {
    readiness().progressing(reason, message);
  }

  private void terminal(BackupPhase phase, String reason, BackupJob job) {
    status.phase = phase;
    String message = job.statusMessage() == null ? "AWS Backup job " + job.backupJobId() + " ended " + job.state()
        : job.statusMessage();
    status.failure = new FailureInfo(reason, message);
    set(COMPLETED, Conditions.FALSE, reason, message);
    readiness().stalled(reason, message);
  }

  static String humanSize(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
  }

  private static String capitalized(String state) {
    return state.charAt(0) + state.substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
