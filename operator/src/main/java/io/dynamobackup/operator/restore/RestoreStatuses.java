package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Intent-named changes to a DynamoRestore's status: each sets the phase and the conditions that go with it. */
final class RestoreStatuses {
  static final String TABLE_ACTIVE = "TableActive";
  static final String SETTINGS_APPLIED = "SettingsApplied";

  private final DynamoRestoreStatus status;
  private final Instant now;

  RestoreStatuses(DynamoRestore restore, Instant now) {
    if (restore.getStatus() == null) {
      restore.setStatus(new DynamoRestoreStatus());
    }
    this.status = restore.getStatus();
    this.now = now;
    status.observedGeneration = restore.getMetadata().getGeneration();
    if (status.phase == null) {
      status.phase = RestorePhase.Pending;
    }
  }

  DynamoRestoreStatus status() {
    return status;
  }

  void invalid(String message) {
    ready(Conditions.FALSE, "InvalidSpec", message);
  }

  void notPermitted(String message) {
    ready(Conditions.FALSE, io.dynamobackup.operator.common.TenancyGuard.REASON, message);
  }

  void pending(String reason, String message) {
    status.phase = RestorePhase.Pending;
    ready(Conditions.FALSE, reason, message);
  }

  void awsError(String code, String message) {
    ready(Conditions.FALSE, code, message);
  }

  void failed(String reason, String message) {
    status.phase = RestorePhase.Failed;
    status.failure = new FailureInfo(reason, message);
    ready(Conditions.FALSE, reason, message);
  }

  /** The intent is recorded before any start call, so a restarted operator knows the target table is its own. */
  void requested(SourceResolver.Source source, String restorePath, boolean needsCopy) {
    status.requestedTime = now.toString();
    status.recoveryPointArn = source.recoveryPointArn();
    status.recoveryPointRegion = source.region();
    status.sourceBackup = source.backup() == null ? null : source.backup().getMetadata().getName();
    status.restorePath = restorePath;
    status.phase = needsCopy ? RestorePhase.Copying : RestorePhase.Restoring;
    ready(Conditions.FALSE, needsCopy ? "Copying" : "Restoring", needsCopy
        ? "copying " + source.recoveryPointArn() + " into the target Region first"
        : "restoring " + source.recoveryPointArn());
  }

  void copyStarted(String copyJobId) {
    status.copyJobId = copyJobId;
    ready(Conditions.FALSE, "Copying", "copy job " + copyJobId + " brings the recovery point into the target Region");
  }

  void copied(String recoveryPointArn, String region) {
    status.recoveryPointArn = recoveryPointArn;
    status.recoveryPointRegion = region;
    status.phase = RestorePhase.Restoring;
    ready(Conditions.FALSE, "Restoring", "restoring the copy " + recoveryPointArn);
  }

  void restoreStarted(String restoreJobId) {
    status.restoreJobId = restoreJobId;
    status.restoreStartedTime = now.toString();
    ready(Conditions.FALSE, "Restoring", restoreJobId == null ? "RestoreTableFromBackup started"
        : "AWS Backup restore job " + restoreJobId + " started");
  }

  void waitingForTable(String tableStatus) {
    Conditions.set(status.conditions, TABLE_ACTIVE, Conditions.FALSE, "Table" + tableStatus,
        "the table is " + tableStatus + "; nothing is written before it is ACTIVE", status.observedGeneration, now);
  }

  void tableActive(String tableArn) {
    status.tableArn = tableArn;
    if (status.tableActiveTime == null) {
      status.tableActiveTime = now.toString();
    }
    Conditions.set(status.conditions, TABLE_ACTIVE, Conditions.TRUE, "TableActive", "table " + tableArn + " is ACTIVE",
        status.observedGeneration, now);
  }

  void applyingOverrides(String what) {
    ready(Conditions.FALSE, "ApplyingOverrides", what);
  }

  void applyingSettings(String message) {
    status.phase = RestorePhase.ApplyingSettings;
    Conditions.set(status.conditions, SETTINGS_APPLIED, Conditions.FALSE, "Applying", message,
        status.observedGeneration, now);
    ready(Conditions.FALSE, "ApplyingSettings", message);
  }

  /** First time every desired setting is in place: the restore is done and its duration is the measured RTO. */
  Duration ready() {
    Duration took = null;
    if (status.settingsAppliedTime == null) {
      status.settingsAppliedTime = now.toString();
      took = Duration.between(Instant.parse(status.requestedTime), now);
      status.restoreDuration = human(took);
    }
    status.phase = RestorePhase.Ready;
    Conditions.set(status.conditions, SETTINGS_APPLIED, Conditions.TRUE, "InSync",
        "every desired setting is applied", status.observedGeneration, now);
    ready(Conditions.TRUE, "Ready", "table " + status.tableArn + " is restored and its settings are applied");
    return took;
  }

  void driftCorrected(List<String> applied) {
    status.lastDriftCorrected = applied;
    Conditions.set(status.conditions, SETTINGS_APPLIED, Conditions.TRUE, "DriftCorrected",
        "corrected drift at " + now + ": " + String.join(", ", applied), status.observedGeneration, now);
  }

  void deletionBlocked(String reason, String message) {
    ready(Conditions.FALSE, reason, message);
  }

  private void ready(String value, String reason, String message) {
    Conditions.set(status.conditions, Conditions.READY, value, reason, message, status.observedGeneration, now);
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return (seconds >= 3600 ? seconds / 3600 + "h" : "") + (seconds >= 60 ? seconds % 3600 / 60 + "m" : "")
        + seconds % 60 + "s";
  }
}
