package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * AWS runs one backup or copy job per table at a time. Instead of letting AWS queue or fail a second job, a backup
 * starts only when no other DynamoBackup of the same table has a job in progress and no older one is waiting.
 * Reads the informer cache only: serialising costs no AWS call.
 */
final class TableJobQueue {
  private TableJobQueue() {}

  /** The backup that must go first, if any. */
  static Optional<DynamoBackup> blocker(DynamoBackup backup, TableKey table, Stream<DynamoBackup> all) {
    Comparator<DynamoBackup> fifo = Comparator
        .comparing((DynamoBackup b) -> b.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
    return all
        .filter(other -> !other.getMetadata().getUid().equals(backup.getMetadata().getUid()))
        .filter(other -> other.getSpec() != null && other.getSpec().table != null)
        .filter(other -> sameTable(other, table))
        .filter(other -> hasJobInProgress(other) || (waitsToStart(other) && fifo.compare(other, backup) < 0))
        .min(Comparator.comparing((DynamoBackup other) -> !hasJobInProgress(other)).thenComparing(fifo));
  }

  private static boolean sameTable(DynamoBackup other, TableKey table) {
    try {
      return TableKey.of(other.getSpec().table).equals(table);
    } catch (IllegalArgumentException invalidSpec) {
      return false;
    }
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
    return status.backupJobId == null && (reason == null || reason.equals(BackupStatuses.WAITING_FOR_JOB));
  }
}
