package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * AWS runs one backup or copy job per table at a time. Instead of letting AWS queue or fail a second job, a backup
 * starts only when no other DynamoBackup of the same table has a job in progress and no older one is waiting.
 * Reads the informer cache through an index by table: serialising costs no AWS call, no API call and no scan.
 */
final class TableJobQueue {
  /** Name of the informer index of DynamoBackups by table ({@link TableKey#toString()}). */
  static final String BY_TABLE = "byTable";

  private TableJobQueue() {}

  /** The index function: the backup's table, none while its spec names no valid table or it adopts a point. */
  static List<String> tableKeys(DynamoBackup backup) {
    if (backup.getSpec() == null || backup.getSpec().table == null || backup.getSpec().recoveryPointArn != null) {
      return List.of(); // adopting an existing point runs no job on the table
    }
    try {
      return List.of(TableKey.of(backup.getSpec().table).toString());
    } catch (IllegalArgumentException invalidSpec) {
      return List.of();
    }
  }

  /** The backup that must go first, if any, among {@code sameTable} (the backups indexed under the table). */
  static Optional<DynamoBackup> blocker(DynamoBackup backup, List<DynamoBackup> sameTable) {
    Comparator<DynamoBackup> fifo = Comparator
        .comparing((DynamoBackup b) -> b.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
    return sameTable.stream()
        .filter(other -> !other.getMetadata().getUid().equals(backup.getMetadata().getUid()))
        .filter(other -> hasJobInProgress(other) || (waitsToStart(other) && fifo.compare(other, backup) < 0))
        .min(Comparator.comparing((DynamoBackup other) -> !hasJobInProgress(other)).thenComparing(fifo));
  }

  /** Why {@code backup} waits for {@code blocker}, for its Ready condition. */
  static String waitMessage(DynamoBackup blocker, TableKey table) {
    String job = blocker.getStatus() == null || blocker.getStatus().backupJobId == null ? "its turn"
        : "job " + blocker.getStatus().backupJobId;
    return "AWS runs one backup or copy job per table at a time; waiting for DynamoBackup "
        + blocker.getMetadata().getNamespace() + "/" + blocker.getMetadata().getName() + " (" + job + ") on table "
        + table;
  }

  static boolean hasJobInProgress(DynamoBackup backup) {
    var status = backup.getStatus();
    return status != null && status.backupJobId != null
        && (status.phase == BackupPhase.Pending || status.phase == BackupPhase.Running || status.phase == BackupPhase.Copying);
  }

  /** Waiting for its turn, as opposed to stuck on a problem (bad spec, missing vault) that must not block others. */
  private static boolean waitsToStart(DynamoBackup backup) {
    var status = backup.getStatus();
    if (backup.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (status == null) {
      return true;
    }
    String reason = Conditions.find(status.conditions, Conditions.READY).map(c -> c.getReason()).orElse(null);
    return status.backupJobId == null && (reason == null || reason.equals(BackupStatuses.WAITING_FOR_JOB)
        || reason.equals(BackupStatuses.QUEUED) || reason.equals(BackupStatuses.JOB_STARTING));
  }
}
