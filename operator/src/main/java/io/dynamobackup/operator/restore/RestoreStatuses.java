package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.SettingsSource;
import io.dynamobackup.operator.aws.AutoScalingIds;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Durations;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.KindStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Intent-named changes to a DynamoRestore's status: each sets the phase and the conditions that go with it. */
final class RestoreStatuses extends KindStatus {
  static final String TABLE_ACTIVE = "TableActive";
  static final String SETTINGS_APPLIED = "SettingsApplied";
  static final String SETTINGS_DRIFTED = "SettingsDrifted";
  static final String STARTING_COPY = "StartingCopy";
  static final String STARTING_RESTORE = "StartingRestore";
  static final String IMMUTABLE_FIELD_CHANGED = "ImmutableFieldChanged";
  static final String RECOVERY_POINT_NOT_FOUND = "RecoveryPointNotFound";
  static final String QUEUED = "Queued";
  static final String TABLE_MISSING = "TableMissing";

  private final DynamoRestoreStatus status;

  RestoreStatuses(DynamoRestore restore, Instant now) {
    super(initialized(restore, DynamoRestoreStatus::new, (s, generation) -> s.observedGeneration = generation).conditions,
        restore.getMetadata().getGeneration(), now);
    this.status = restore.getStatus();
    if (status.phase == null) {
      status.phase = RestorePhase.Pending;
    }
  }

  DynamoRestoreStatus status() {
    return status;
  }

  @Override
  public Object phase() {
    return status.phase;
  }

  void invalid(String message) {
    readiness().stalled(KindReconciler.INVALID_SPEC, message);
  }

  /** Not started yet, waiting for something that may change by itself (the source backup to complete). */
  void pending(String reason, String message) {
    status.phase = RestorePhase.Pending;
    readiness().progressing(reason, message);
  }

  /** Not started, and it will not until someone acts (the target table exists, the source backup failed). */
  void blocked(String reason, String message) {
    status.phase = RestorePhase.Pending;
    readiness().stalled(reason, message);
  }

  /** The source is not resolved yet: waiting, or blocked until the spec changes. */
  void unresolved(SourceResolver.Resolution resolution) {
    if (resolution.stalled()) {
      blocked(resolution.reason(), resolution.message());
    } else {
      pending(resolution.reason(), resolution.message());
    }
  }

  void failed(String reason, String message) {
    status.phase = RestorePhase.Failed;
    status.failure = new FailureInfo(reason, message);
    readiness().stalled(reason, message);
  }

  /**
   * The intent is recorded before any start call, so a restarted operator knows the target table is its own. The phase
   * stays Pending until a job exists: Copying once the copy job is started, Restoring once the restore is. The messages
   * (and so the events) name the point and the table it was taken of.
   */
  void requested(RestoreRun run, SourceResolver.Source source, String restorePath, boolean needsCopy,
      String sourceTableArn) {
    status.requestedTime = now.toString();
    status.recoveryPointArn = source.recoveryPointArn();
    status.recoveryPointRegion = source.region();
    status.backupVault = source.backupVaultName();
    status.sourceBackup = source.backup() == null ? null : source.backup().getMetadata().getName();
    status.sourceTableArn = sourceTableArn;
    status.restorePath = restorePath;
    status.targetTableName = run.tableName();
    status.targetRegion = run.targetRegion();
    status.requestedSpecHash = RestoreSpecs.immutableHash(run.spec());
    status.phase = RestorePhase.Pending;
    readiness().progressing(needsCopy ? STARTING_COPY : STARTING_RESTORE, needsCopy
        ? "starting a copy of recovery point " + source.recoveryPointArn() + " of " + of() + " into "
            + run.targetRegion() + " first"
        : "starting the restore of recovery point " + source.recoveryPointArn() + " of " + of());
  }

  /** The source table as messages name it. */
  private String of() {
    return status.sourceTableArn != null ? "table " + status.sourceTableArn
        : "a table this cluster and the recovery catalog do not know";
  }

  /** The point restored, or for a point-in-time recovery source (no recovery point) the source table and time. */
  private String restoredFrom() {
    if (status.recoveryPointArn == null && status.sourceTableArn != null) {
      return "point-in-time recovery of table " + status.sourceTableArn
          + (status.restoreDateTime != null ? " at " + status.restoreDateTime : "");
    }
    return "recovery point " + status.recoveryPointArn + " of " + of();
  }

  private String settingsFromText() {
    if (status.settingsSource != null) {
      return "captured settings from: " + status.settingsSource;
    }
    return status.sourceSettingsFrom != null ? "source settings from: " + status.sourceSettingsFrom
        : "no captured settings";
  }

  void settingsFrom(SettingsSource source) {
    status.settingsSource = source;
  }

  /**
   * A point-in-time restore's intent, recorded before RestoreTableToPointInTime (which has no idempotency token): a
   * restarted operator knows the target table is its own. The source's settings are kept with it.
   */
  void requestedPointInTime(DynamoRestore restore, String sourceTableArn, String restorePath, String what,
      io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings sourceSettings, String sourceSettingsConfigMap,
      String sourceSettingsFrom) {
    status.requestedTime = now.toString();
    status.sourceTableArn = sourceTableArn;
    status.restorePath = restorePath;
    status.sourceSettings = sourceSettingsConfigMap == null ? sourceSettings : null;
    status.sourceSettingsConfigMap = sourceSettingsConfigMap;
    status.sourceSettingsFrom = sourceSettingsFrom;
    status.targetTableName = restore.getSpec().target.tableName;
    status.targetRegion = PointInTimeSteps.targetRegion(restore);
    status.requestedSpecHash = RestoreSpecs.immutableHash(restore.getSpec());
    status.phase = RestorePhase.Pending; // Restoring once RestoreTableToPointInTime is called
    readiness().progressing(STARTING_RESTORE, "starting the restore of " + what);
  }

  /** RestoreTableToPointInTime was called (or had been, before a restart: {@code asOf} unknown until ACTIVE). */
  void pointInTimeRestoreStarted(Instant asOf) {
    status.phase = RestorePhase.Restoring;
    status.restoreStartedTime = now.toString();
    restoredAsOf(asOf);
    readiness().progressing("Restoring", "RestoreTableToPointInTime started"
        + (asOf == null ? "" : ": the items as of " + asOf));
  }

  /** The time the restored items are from, as DynamoDB reports it in the table's RestoreSummary. */
  void restoredAsOf(Instant restoreDateTime) {
    if (restoreDateTime != null) {
      status.restoreDateTime = restoreDateTime.toString();
    }
  }

  void copyStarted(String copyJobId) {
    status.copyJobId = copyJobId;
    status.phase = RestorePhase.Copying;
    readiness().progressing("Copying", "copy job " + copyJobId + " brings the recovery point into the target Region");
  }

  /** The copy is there; the phase stays Copying until the restore job is started. */
  void copied(String recoveryPointArn, String region, String backupVault) {
    status.recoveryPointArn = recoveryPointArn;
    status.recoveryPointRegion = region;
    status.backupVault = backupVault;
    readiness().progressing(STARTING_RESTORE, "the copy " + recoveryPointArn + " of " + of() + " is complete; starting its"
        + " restore");
  }

  /**
   * spec.source or spec.target changed after the restore was requested (an API server without the CRD's CEL rules
   * let it through): nothing is done until the edit is undone, and Ready says so.
   */
  void immutableChanged(List<String> fields) {
    String message = String.join(" and ", fields) + " changed after the restore was requested, but "
        + (fields.size() == 1 ? "it is" : "they are") + " immutable: this restore stays the restore of "
        + status.recoveryPointArn + " into table " + status.targetTableName + " in " + status.targetRegion
        + " and does nothing until the change is undone; create a new DynamoRestore for another source or target";
    readiness().stalled(IMMUTABLE_FIELD_CHANGED, message);
  }

  void restoreStarted(String restoreJobId) {
    status.restoreJobId = restoreJobId;
    status.phase = RestorePhase.Restoring;
    status.restoreStartedTime = now.toString();
    readiness().progressing("Restoring", (restoreJobId == null ? "RestoreTableFromBackup started"
        : "AWS Backup restore job " + restoreJobId + " started") + " for recovery point " + status.recoveryPointArn
        + " of " + of());
  }

  void waitingForTable(String tableStatus) {
    set(TABLE_ACTIVE, Conditions.FALSE, "Table" + tableStatus,
        "the table is " + tableStatus + "; nothing is written before it is ACTIVE");
  }

  void tableActive(TableService.TableInfo table) {
    status.tableArn = table.arn();
    if (status.tableActiveTime == null) {
      status.tableActiveTime = now.toString();
    }
    identified(table);
    set(TABLE_ACTIVE, Conditions.TRUE, "TableActive", "table " + table.arn() + " is ACTIVE");
  }

  /**
   * Records the restored table's identity once, while the table is known to be this restore's: when it becomes ACTIVE,
   * or — for a restore made before the id was recorded — at a later check of a table created no later than it became
   * ACTIVE (one created afterwards is another table of the same name).
   */
  void identified(TableService.TableInfo table) {
    if (status.tableId == null && table.tableId() != null && RestoredTable.createdBy(status, table)) {
      status.tableId = table.tableId();
      status.tableCreationTime = table.creationTime() == null ? null : table.creationTime().toString();
    }
  }

  /**
   * The restored table is gone, or another table has its name: Ready=False (Stalled, reason TableMissing), phase
   * TableMissing. Nothing re-creates it; it is looked at again now and then in case it was a mistake in AWS's answer.
   */
  void tableMissing(String message) {
    status.phase = RestorePhase.TableMissing;
    set(TABLE_ACTIVE, Conditions.FALSE, TABLE_MISSING, message);
    readiness().stalled(TABLE_MISSING, message);
  }

  /** The alarms and scalable targets the desired settings put on the table, removed with it (deletionPolicy Delete). */
  void managed(TableSettings desired, String tableName) {
    List<String> alarms = desired.alarms == null ? List.of()
        : desired.alarms.stream().map(a -> a.name).filter(java.util.Objects::nonNull).sorted().toList();
    List<String> targets = desired.autoScaling == null ? List.of() : desired.autoScaling.stream()
        .filter(a -> a.dimension != null)
        .map(a -> AutoScalingIds.resourceId(tableName, a.indexName) + "|"
            + AutoScalingIds.scalableDimension(a.indexName, a.dimension))
        .sorted().toList();
    status.managedAlarms = alarms.isEmpty() ? null : alarms;
    status.managedScalableTargets = targets.isEmpty() ? null : targets;
  }

  void applyingOverrides(String what) {
    readiness().progressing("ApplyingOverrides", what);
  }

  void applyingSettings(String message) {
    status.phase = RestorePhase.ApplyingSettings;
    set(SETTINGS_APPLIED, Conditions.FALSE, "Applying", message);
    readiness().progressing("ApplyingSettings", message);
  }

  /** First time every desired setting is in place: the restore is done and its duration is the measured RTO. */
  Duration ready(Long generation) {
    Duration took = null;
    if (status.settingsAppliedTime == null) {
      status.settingsAppliedTime = now.toString();
      took = Duration.between(Instant.parse(status.requestedTime), now);
      status.restoreDuration = Durations.human(took);
    }
    status.phase = RestorePhase.Ready;
    status.settingsGeneration = generation;
    inSync();
    readiness().ready("Ready", "table " + status.tableArn + " is restored from " + restoredFrom()
        + " and its settings are applied (" + settingsFromText() + ")");
    return took;
  }

  /** Queued in the operator for the start of the restore: a rate limit, or every concurrent restore in use. */
  void queued(String message) {
    readiness().progressing(QUEUED, message);
  }

  /** Every desired setting was read back from the table as desired, now. */
  void settingsChecked() {
    status.settingsCheckedTime = now.toString();
  }

  /** Ready, and the table has its desired settings. */
  void inSync() {
    status.driftedSettings = null;
    set(SETTINGS_APPLIED, Conditions.TRUE, "InSync", "every desired setting is applied"
        + (status.skippedSettings == null ? "" : "; left out: " + String.join("; ", status.skippedSettings)));
    status.conditions.removeIf(c -> SETTINGS_DRIFTED.equals(c.getType()));
  }

  void driftCorrected(List<String> applied) {
    status.lastDriftCorrected = applied;
    status.driftedSettings = null;
    status.conditions.removeIf(c -> SETTINGS_DRIFTED.equals(c.getType()));
    set(SETTINGS_APPLIED, Conditions.TRUE, "DriftCorrected",
        "corrected drift at " + now + ": " + String.join(", ", applied));
  }

  /** driftPolicy Report: what differs, without touching the table; returns the settings that drifted since last time. */
  List<String> driftReported(List<String> drifted) {
    List<String> earlier = status.driftedSettings == null ? List.of() : status.driftedSettings;
    List<String> fresh = drifted.stream().filter(d -> !earlier.contains(d)).toList();
    status.driftedSettings = drifted;
    set(SETTINGS_DRIFTED, Conditions.TRUE, "DriftReported", "the table differs from its desired settings in: "
        + String.join(", ", drifted) + " (driftPolicy Report leaves it as it is; set spec.settings.driftPolicy:"
        + " Correct to re-apply them)");
    set(SETTINGS_APPLIED, Conditions.FALSE, "Drifted", "the table has drifted: " + String.join(", ", drifted));
    return fresh;
  }

  /** A captured setting cannot be applied safely; everything else is. The user must decide (spec.settings). */
  void settingsRefused(String reason, String message) {
    status.phase = RestorePhase.ApplyingSettings;
    set(SETTINGS_APPLIED, Conditions.FALSE, reason, message);
    readiness().stalled(reason, message);
  }

  /** What was left out of the captured settings, and each replica's state, as last observed. */
  void observedSettings(List<String> skipped, List<DynamoRestoreStatus.ReplicaStatus> replicas) {
    status.skippedSettings = skipped.isEmpty() ? null : skipped;
    status.replicas = replicas.isEmpty() ? null : replicas;
  }

  /**
   * Deletion waits: for a running restore job (it ends by itself), or for the user (deletion protection is on). The
   * phase says Deleting, so the table's restore no longer looks Ready while the object waits to go.
   */
  void deletionBlocked(String reason, String message, boolean needsUser) {
    status.phase = RestorePhase.Deleting;
    if (needsUser) {
      readiness().stalled(reason, message);
    } else {
      readiness().progressing(reason, message);
    }
  }

}
