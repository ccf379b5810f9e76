package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.Lifecycles;
import io.dynamobackup.operator.common.TableKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Starts one copy job per spec.copies entry once the backup completed, and follows them to a terminal state. */
final class CopyJobs {
  private CopyJobs() {}

  /**
   * Starts every copy that has no job yet. The idempotency token is per (backup, destination), so a retry adopts. A
   * copy of a point that reached cold storage already (the operator was down for longer than its lifecycle's
   * moveToColdStorageAfterDays) is not started: AWS Backup cannot copy a point in cold storage, so it is marked
   * FAILED with the reason, without an AWS call.
   */
  static void startMissing(BackupService backups, DynamoBackup backup, TableKey table, Instant now) {
    var status = backup.getStatus();
    if (status.copies == null) {
      status.copies = new ArrayList<>();
      for (CopyTarget target : backup.getSpec().copies) {
        CopyStatus copy = new CopyStatus();
        copy.destinationBackupVaultArn = target.backupVaultArn;
        status.copies.add(copy);
      }
    }
    for (CopyStatus copy : status.copies) {
      if (copy.copyJobId != null || copy.destinationRecoveryPointArn != null) {
        continue; // started before, or an existing copy an adopting backup recorded
      }
      Optional<Instant> cold = coldSince(backup);
      if (cold.isPresent() && !now.isBefore(cold.get())) {
        copy.state = "FAILED";
        copy.message = "not started: the recovery point moved to cold storage at " + cold.get()
            + " (its lifecycle's moveToColdStorageAfterDays), and AWS Backup cannot copy a point in cold storage";
        continue;
      }
      CopyTarget target = backup.getSpec().copies.stream()
          .filter(t -> t.backupVaultArn.equals(copy.destinationBackupVaultArn)).findFirst().orElseThrow();
      copy.copyJobId = backups.startCopyJob(new BackupService.StartCopy(table.region(), backup.getSpec().backupVault,
          status.recoveryPointArn, target.backupVaultArn, backup.getSpec().iamRoleArn,
          token(backup, target.backupVaultArn),
          target.lifecycle == null ? null : target.lifecycle.moveToColdStorageAfterDays,
          target.lifecycle == null ? null : target.lifecycle.deleteAfterDays));
      copy.state = "CREATED";
    }
  }

  /** Refreshes every unfinished copy; returns the copies that failed (empty when all completed). */
  static List<CopyStatus> refresh(BackupService backups, DynamoBackup backup, TableKey table) {
    for (CopyStatus copy : backup.getStatus().copies) {
      if (!isTerminal(copy)) {
        BackupService.CopyJob job = backups.describeCopyJob(table.region(), copy.copyJobId);
        copy.state = job.state();
        copy.destinationRecoveryPointArn = job.destinationRecoveryPointArn();
        copy.message = job.statusMessage();
        job.completionDate().ifPresent(t -> copy.completionTime = t.toString());
      }
    }
    return backup.getStatus().copies.stream().filter(c -> isTerminal(c) && !"COMPLETED".equals(c.state)).toList();
  }

  /** One line per failed copy: its destination and AWS's message (or its state). */
  static String failureMessage(List<CopyStatus> failed) {
    return String.join("; ", failed.stream().map(c -> c.destinationBackupVaultArn + ": "
        + java.util.Objects.requireNonNullElse(c.message, c.state)).toList());
  }

  /** When the backup's recovery point moves to cold storage, if its lifecycle says so (counted from its creation). */
  static Optional<Instant> coldSince(DynamoBackup backup) {
    String created = backup.getStatus().creationTime;
    return created == null ? Optional.empty() : Lifecycles.coldAt(Lifecycles.of(backup), Instant.parse(created));
  }

  static boolean allTerminal(List<CopyStatus> copies) {
    return copies.stream().allMatch(CopyJobs::isTerminal);
  }

  private static boolean isTerminal(CopyStatus copy) {
    return copy.state != null && new BackupService.CopyJob(copy.copyJobId, copy.state, null, null).isTerminal();
  }

  private static String token(DynamoBackup backup, String destination) {
    return backup.getMetadata().getUid() + "-copy-"
        + UUID.nameUUIDFromBytes(destination.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().substring(0, 8);
  }
}
