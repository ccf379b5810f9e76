package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Objects;
import java.util.Set;

/** Emits one event per transition (phase or Ready reason), Warning for failures and for problems to fix. */
final class BackupTransitions {
  private static final Set<String> NORMAL_REASONS = Set.of("JobStarted", "JobPending", "JobRunning", "Copying",
      "Completed", "WaitingForJob", "DeletionWaitingForJob");
  private final DynamoBackup backup;
  private final EventRecorder events;
  private final BackupPhase phaseBefore;
  private final String reasonBefore;

  BackupTransitions(DynamoBackup backup, EventRecorder events) {
    this.backup = backup;
    this.events = events;
    this.phaseBefore = backup.getStatus() == null ? null : backup.getStatus().phase;
    this.reasonBefore = readyReason();
  }

  void report() {
    String reason = readyReason();
    if (Objects.equals(reason, reasonBefore) && backup.getStatus().phase == phaseBefore || reason == null) {
      return;
    }
    String message = Conditions.find(backup.getStatus().conditions, Conditions.READY).map(Condition::getMessage).orElse("");
    if (NORMAL_REASONS.contains(reason)) {
      events.normal(backup, reason, message);
    } else {
      events.warning(backup, reason, message);
    }
  }

  boolean enteredTerminalPhase() {
    BackupPhase now = backup.getStatus().phase;
    return now != phaseBefore && (now == BackupPhase.Completed || now == BackupPhase.Failed || now == BackupPhase.Expired);
  }

  private String readyReason() {
    return backup.getStatus() == null ? null
        : Conditions.find(backup.getStatus().conditions, Conditions.READY).map(Condition::getReason).orElse(null);
  }
}
