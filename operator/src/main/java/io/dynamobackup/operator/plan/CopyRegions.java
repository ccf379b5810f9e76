package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.CopyRegion;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.common.TableKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The recovery point objective per destination Region: when the source Region is lost, what can be restored is the
 * newest completed copy in another Region. For each Region of spec.template.copies this finds, per table, the newest
 * completed copy there, and reports the oldest of those (the table worst off); it is overdue, like a backup, when two
 * schedule slots passed after it, or after the plan became able to back up if that is later
 * ({@link ScheduledRuns#clockStart}).
 */
final class CopyRegions {
  private CopyRegions() {}

  /** The newest completed copy of one table in one Region. */
  private record Newest(Instant time, String backup) {}

  static List<CopyRegion> of(DynamoBackupPlan plan, ScheduleCalculator schedule, List<TableKey> selected,
      List<DynamoBackup> children, Instant now, boolean suspended) {
    List<CopyTarget> copies = plan.getSpec().template.copies;
    if (copies == null || copies.isEmpty()) {
      return List.of();
    }
    Set<String> regions = new LinkedHashSet<>();
    copies.forEach(c -> regions.add(Arn.parse(c.backupVaultArn).region()));
    Set<TableKey> tables = new LinkedHashSet<>(selected);
    if (tables.isEmpty()) { // the tables' Region may be the one that is down: judge the tables backed up before
      children.forEach(c -> ChildBackups.tableOf(c).ifPresent(tables::add));
    }
    List<CopyRegion> result = new ArrayList<>();
    for (String region : regions) {
      Newest worst = null;
      Instant reference = null;
      boolean everyTable = !tables.isEmpty();
      for (TableKey table : tables) {
        List<DynamoBackup> ofTable = children.stream()
            .filter(c -> ChildBackups.tableOf(c).filter(table::equals).isPresent()).toList();
        Optional<Newest> newest = ofTable.stream().flatMap(c -> completedCopies(c, region))
            .max(Comparator.comparing(Newest::time));
        // As for the backups: no copy was due before the plan could back up.
        Instant tableReference = ScheduledRuns.clockStart(plan, newest.map(Newest::time), ofTable, now);
        reference = reference == null || tableReference.isBefore(reference) ? tableReference : reference;
        if (newest.isEmpty()) {
          everyTable = false;
        } else if (worst == null || newest.get().time().isBefore(worst.time())) {
          worst = newest.get();
        }
      }
      CopyRegion copyRegion = new CopyRegion();
      copyRegion.region = region;
      if (everyTable && worst != null) {
        copyRegion.newestCopyTime = worst.time().toString();
        copyRegion.backup = worst.backup();
      }
      copyRegion.overdue = !suspended && reference != null && schedule.overdue(reference, now);
      result.add(copyRegion);
    }
    return result;
  }

  private static java.util.stream.Stream<Newest> completedCopies(DynamoBackup child, String region) {
    var status = child.getStatus();
    if (status == null || status.copies == null || ChildBackups.phase(child) == BackupPhase.Failed
        && status.recoveryPointArn == null) {
      return java.util.stream.Stream.empty();
    }
    return status.copies.stream()
        .filter((CopyStatus c) -> "COMPLETED".equals(c.state) && c.destinationRecoveryPointArn != null
            && Arn.parse(c.destinationRecoveryPointArn).region().equals(region))
        .map(c -> new Newest(Instant.parse(c.completionTime != null ? c.completionTime
            : status.completionTime != null ? status.completionTime : ChildBackups.slotOf(child).toString()),
            child.getMetadata().getName()));
  }
}
