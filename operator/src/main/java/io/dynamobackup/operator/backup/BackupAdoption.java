package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.BackupService.RecoveryPoint;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.aws.RecoveryCatalog;
import io.dynamobackup.operator.catalog.CatalogRecords;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DynamoBackup with spec.recoveryPointArn adopts an existing recovery point instead of starting a job: a point this
 * operator made before its cluster was rebuilt (a plan re-adopts its history this way), or any point of the table.
 * It checks the point where it is (DescribeRecoveryPoint in spec.backupVault) and each copy the spec names
 * (spec.copies[].recoveryPointArn, in that copy's vault), reads the source table's description from the recovery
 * catalog, and is Completed. When the point's Region does not answer (it may be the Region that was lost), a copy that
 * was found is enough: the backup is Completed from its copies, so a restore in the copy's Region works. Copies the
 * spec names without an ARN are made as for any backup. Nothing is recorded in the catalog again. Before it is
 * Completed, it records its hold on the point and the copies it found ({@link RecoveryPointHolds}: TagResource and
 * ListTags each), and is refused when another DynamoBackup, of any shard or cluster, holds one of them.
 */
final class BackupAdoption {
  /** Ready's reason while the point's own job still runs. */
  static final String ADOPTING = "Adopting";
  /** Failure reason of an adoption of a point (or copy) another DynamoBackup holds. */
  static final String IN_USE = "RecoveryPointInUse";

  private BackupAdoption() {}

  static Duration step(DynamoBackup backup, BackupStatuses status, TableKey table,
      ReconcileContext<DynamoBackup> context) {
    BackupPhase phase = status.status().phase;
    if (phase == BackupPhase.Copying) {
      return BackupSteps.followCopies(backup, status, table, context);
    }
    if (status.isTerminal()) {
      return null;
    }
    DynamoBackupSpec spec = backup.getSpec();
    BackupService backups = context.aws().backups();
    Optional<RecoveryPoint> point = Optional.empty();
    AwsException unreachable = null;
    try {
      point = Optional.of(backups.describeRecoveryPoint(spec.recoveryPointArn, spec.backupVault));
    } catch (AwsException e) {
      if (e.isNotFound()) {
        status.adoptionFailed("RecoveryPointNotFound", "spec.recoveryPointArn: vault " + spec.backupVault + " in "
            + Arn.parse(spec.recoveryPointArn).region() + " has no recovery point " + spec.recoveryPointArn + " ("
            + e.code() + ": " + e.getMessage() + ")");
        return null;
      }
      if (!e.isTransient()) {
        throw e;
      }
      unreachable = e; // maybe the lost Region: the copies may still prove the point
    }
    if (point.isPresent()) {
      String problem = problem(point.get(), table);
      if (problem != null) {
        status.adoptionFailed(point.get().isCompleted() ? "RecoveryPointOfAnotherTable"
            : "RecoveryPoint" + capitalized(point.get().status()), problem);
        return null;
      }
      if ("CREATING".equals(point.get().status())) {
        status.waiting(ADOPTING, "recovery point " + spec.recoveryPointArn + " is still being created; it is adopted"
            + " once its backup job completed");
        return context.schedule().firstPoll();
      }
    }
    List<CopyStatus> copies = copies(spec, backups, point.map(RecoveryPoint::resourceArn).orElse(null));
    Optional<CopyStatus> found = copies.stream().filter(c -> "COMPLETED".equals(c.state)).findFirst();
    if (point.isEmpty() && found.isEmpty()) {
      throw unreachable; // neither the point nor a copy could be checked: retried with back-off
    }
    // Only once AWS found the point in a vault the tenancy policy allows: before, naming a holder would tell another
    // tenant that a point it may not read exists.
    String inUse = inUse(backup, context);
    if (inUse != null) {
      status.adoptionFailed(IN_USE, inUse);
      return null;
    }
    List<String> held = new ArrayList<>();
    point.ifPresent(p -> held.add(spec.recoveryPointArn));
    copies.stream().filter(c -> "COMPLETED".equals(c.state)).forEach(c -> held.add(c.destinationRecoveryPointArn));
    Optional<RecoveryPointHolds.Refusal> holder = RecoveryPointHolds.take(backup, held, backups); // every shard
    if (holder.isPresent()) {
      var refused = holder.get();
      status.adoptionFailed(IN_USE, adoptedFields(spec).getOrDefault(refused.arn(), "spec.recoveryPointArn")
          + ": " + refused.message() + refusal() + ". If that DynamoBackup no longer exists (its cluster was lost, or"
          + " its deletion could not remove the tag: Warning HoldNotReleased), remove the tag with "
          + RecoveryPointHolds.untagCommand(refused.arn(), List.of(refused.tagKey())));
      return null;
    }
    Optional<CatalogRecord> record = record(context.aws().catalog(), point.isPresent() ? spec.recoveryPointArn
        : found.get().destinationRecoveryPointArn, spec.recoveryPointArn);
    Instant created = point.map(RecoveryPoint::creationDate).orElse(record.map(CatalogRecord::backupTime).orElse(null));
    Instant completed = point.flatMap(RecoveryPoint::completionDate).or(() -> record.map(CatalogRecord::completionTime))
        .orElseGet(() -> found.map(c -> Instant.parse(c.completionTime)).orElse(null));
    status.adopted(point.map(RecoveryPoint::resourceArn).orElse(record.map(CatalogRecord::resourceArn).orElse(null)),
        created == null ? completed : created, completed,
        point.map(RecoveryPoint::backupSizeInBytes).orElse(record.map(CatalogRecord::sizeBytes).orElse(null)),
        record.map(CatalogRecords::sourceTable).orElse(null),
        unreachable == null ? null : unreachable.code() + ": " + unreachable.getMessage());
    status.status().copies = copies.isEmpty() ? null : copies;
    if (copies.stream().anyMatch(c -> c.destinationRecoveryPointArn == null)) {
      CopyJobs.startMissing(backups, backup, table, context.now()); // copies the spec asks for that do not exist yet
      status.copying();
      return context.schedule().firstPoll();
    }
    status.completed();
    return null;
  }

  /**
   * Why adopting would make this backup a second owner of a point or copy another DynamoBackup holds, or null. Checked
   * before the adoption is recorded: its deletionPolicy Delete would otherwise delete the other one's data.
   */
  private static String inUse(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
    for (Map.Entry<String, String> adopted : adoptedFields(backup.getSpec()).entrySet()) {
      String arn = adopted.getKey();
      Optional<DynamoBackup> owner = RecoveryPointHolders.ownerBeforeAdoption(backup, arn,
          RecoveryPointHolders.indexed(arn, context));
      if (owner.isPresent()) {
        return adopted.getValue() + ": recovery point " + arn + " is already held by "
            + RecoveryPointHolders.describe(owner.get(), backup) + refusal();
      }
    }
    return null;
  }

  /** The points and copies the spec adopts, by ARN, each with the field that names it; the point first. */
  static Map<String, String> adoptedFields(DynamoBackupSpec spec) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(spec.recoveryPointArn, "spec.recoveryPointArn");
    for (int i = 0; spec.copies != null && i < spec.copies.size(); i++) {
      if (spec.copies.get(i).recoveryPointArn != null) {
        fields.putIfAbsent(spec.copies.get(i).recoveryPointArn, "spec.copies[" + i + "].recoveryPointArn");
      }
    }
    return fields;
  }

  private static String refusal() {
    return "; a point has one owner, so this backup does not adopt it (its deletionPolicy would apply to the other"
        + " one's data). Restore from the other DynamoBackup instead, or adopt the point once it no longer holds it"
        + " (deleted with deletionPolicy Retain)";
  }

  /** Why the described point cannot be adopted for {@code table}, or null. */
  private static String problem(RecoveryPoint point, TableKey table) {
    if (point.resourceArn() != null) {
      Arn resource = Arn.parse(point.resourceArn());
      if (!resource.region().equals(table.region()) || !resource.resourceName().equals(table.name())) {
        return "spec.recoveryPointArn: " + point.recoveryPointArn() + " is a backup of table " + point.resourceArn()
            + ", not of spec.table " + table;
      }
    }
    if (!point.isCompleted() && !"CREATING".equals(point.status())) {
      return "spec.recoveryPointArn: recovery point " + point.recoveryPointArn() + " is " + point.status()
          + "; only a COMPLETED point can be adopted";
    }
    return null;
  }

  /**
   * One entry per spec.copies target: an existing copy (checked in its vault) or a copy still to make. Throws a
   * transient error when a named copy cannot be checked, so adoption waits rather than guesses.
   */
  private static List<CopyStatus> copies(DynamoBackupSpec spec, BackupService backups, String resourceArn) {
    List<CopyStatus> copies = new ArrayList<>();
    if (spec.copies == null) {
      return copies;
    }
    for (CopyTarget target : spec.copies) {
      CopyStatus copy = new CopyStatus();
      copy.destinationBackupVaultArn = target.backupVaultArn;
      copies.add(copy);
      if (target.recoveryPointArn == null) {
        continue;
      }
      copy.destinationRecoveryPointArn = target.recoveryPointArn;
      try {
        RecoveryPoint found = backups.describeRecoveryPoint(target.recoveryPointArn,
            Arn.parse(target.backupVaultArn).resourceName());
        boolean sameTable = resourceArn == null || resourceArn.equals(found.resourceArn());
        copy.state = found.isCompleted() && sameTable ? "COMPLETED" : "FAILED";
        copy.completionTime = found.completionDate().map(Instant::toString).orElse(null);
        copy.message = !sameTable ? "it is a backup of " + found.resourceArn() + ", not of " + resourceArn
            : found.isCompleted() ? null : "the copy is " + found.status();
      } catch (AwsException e) {
        if (!e.isNotFound()) {
          throw e;
        }
        copy.state = "FAILED";
        copy.message = "not found in " + target.backupVaultArn + " (" + e.code() + ")";
      }
    }
    return copies;
  }

  /**
   * The catalog record of the point, read in the Region of {@code lookup} (the point, or one of its copies when the
   * point's Region does not answer); a copy's record must name the adopted point as its source.
   */
  private static Optional<CatalogRecord> record(RecoveryCatalog catalog, String lookup, String adopted) {
    if (!catalog.enabled()) {
      return Optional.empty();
    }
    return catalog.get(lookup).filter(r -> adopted.equals(r.sourceRecoveryPointArn()));
  }

  private static String capitalized(String state) {
    return state.charAt(0) + state.substring(1).toLowerCase(Locale.ROOT);
  }
}
