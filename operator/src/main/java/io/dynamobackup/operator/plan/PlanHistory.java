package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.BackupService.RecoveryPoint;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.aws.RecoveryCatalog;
import io.dynamobackup.operator.common.RecoveryPointTags;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plan re-adopts the recovery points it produced before this plan object existed — after a cluster was rebuilt and
 * the plan re-applied, as Argo CD does — instead of forgetting them: it lists its vault and each copy vault of its
 * template once (ListRecoveryPointsByBackupVault; one listing serves the plans that search the same vault at about
 * the same time, {@link VaultScans}), reads the tags of each point no child knows (ListTags), and keeps
 * those the operator tagged for this plan and namespace ({@link RecoveryPointTags}). Points with the same producer uid
 * (the point and its copies) become one Completed DynamoBackup child that adopts them (spec.recoveryPointArn,
 * spec.copies[].recoveryPointArn; {@code dynamobackup.io/adopted-from} annotation), named as it was and dated by its
 * schedule slot, so retention, planRef restores and drills work on the old history. Only what the plan's retention keeps
 * (or, without retention, its newest successfulBackupsHistoryLimit) is adopted: adopting never deletes anything. When the source vault's Region
 * does not answer (it may be the lost Region), a point known only by its copies is adopted with the source ARN its
 * copy's recovery catalog record names. A vault that could not be read is listed again with jittered back-off; one
 * that was read is not read again (status.history.scannedVaults).
 *
 * <p>Cost, once per plan object: one List call per 1000 points in each vault (shared by plans searching it together),
 * one ListTags per point of its tables no child knows, and one GetItem per point found only as a copy.
 */
final class PlanHistory {
  static final String ADOPTED_FROM = ChildBackups.ADOPTED_FROM_ANNOTATION;

  /** A vault to search: the key status.history.scannedVaults records, where it is, and whether it holds copies. */
  record Vault(String key, String region, String name, String arn, boolean copies) {}

  /** A point of this plan found in a vault, with its tags. */
  record Found(RecoveryPoint point, Map<String, String> tags, Vault vault) {}

  /** What one search found and whether it completed. */
  record Outcome(int adopted, List<String> scanned, List<String> failed, Instant retryAt) {}

  private record Backoff(int failures, Instant retryAt) {}

  private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
  private final VaultScans scans = new VaultScans();

  /** Searches the vaults not searched yet and adopts what this plan made there; null when there is nothing to do. */
  Outcome adopt(DynamoBackupPlan plan, List<DynamoBackup> children, List<String> scannedBefore,
      ReconcileContext<DynamoBackupPlan> context) {
    String uid = plan.getMetadata().getUid();
    List<Vault> pending = vaults(plan.getSpec()).stream().filter(v -> !scannedBefore.contains(v.key())).toList();
    Backoff wait = backoff.get(uid);
    if (pending.isEmpty() || (wait != null && context.now().isBefore(wait.retryAt()))) {
      return null;
    }
    Set<String> known = known(children);
    List<Found> found = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Vault vault : pending) {
      try {
        found.addAll(search(plan, vault, scans.points(vault, context), context.aws().backups(), known));
        scanned.add(vault.key());
      } catch (AwsException e) {
        failed.add(vault.key() + " (" + e.code() + ": " + e.getMessage() + ")");
      }
    }
    int adopted = 0;
    for (List<Found> group : kept(plan, byProducer(found), children)) {
      if (create(plan, group, children, context)) {
        adopted++;
      }
    }
    Instant retryAt = null;
    if (failed.isEmpty()) {
      backoff.remove(uid);
    } else {
      int failures = wait == null ? 1 : wait.failures() + 1;
      retryAt = context.now().plus(context.dependencies().retry().delay(failures));
      backoff.put(uid, new Backoff(failures, retryAt));
    }
    return new Outcome(adopted, scanned, failed, retryAt);
  }

  /** Forgets the back-off of plans that no longer exist, and vault listings no longer fresh. */
  void retain(Set<String> uids, Instant now) {
    backoff.keySet().retainAll(uids);
    scans.forgetStale(now);
  }

  /** The plan's vault in its tables' Region and each copy destination of its template. */
  static List<Vault> vaults(DynamoBackupPlanSpec spec) {
    List<Vault> vaults = new ArrayList<>();
    String region = spec.table != null ? TableKey.of(spec.table).region() : spec.tableSelector.region;
    String name = spec.template.backupVault;
    vaults.add(new Vault(region + "/" + name, region, name, null, false));
    if (spec.template.copies != null) {
      for (CopyTarget copy : spec.template.copies) {
        Arn arn = Arn.parse(copy.backupVaultArn);
        vaults.add(new Vault(copy.backupVaultArn, arn.region(), arn.resourceName(), copy.backupVaultArn, true));
      }
    }
    return vaults;
  }

  /** The completed points of this plan's tables in {@code vault} that no child knows and that are tagged for it. */
  private static List<Found> search(DynamoBackupPlan plan, Vault vault, List<RecoveryPoint> points,
      BackupService backups, Set<String> known) {
    List<Found> found = new ArrayList<>();
    for (RecoveryPoint point : points) {
      if (vault.arn() != null && point.backupVaultArn() != null && !point.backupVaultArn().equals(vault.arn())) {
        break; // a vault of the same name in this identity's account, not the copy vault of another account
      }
      if (!point.isCompleted() || known.contains(point.recoveryPointArn()) || !ofPlanTables(plan, point)) {
        continue;
      }
      Map<String, String> tags = backups.recoveryPointTags(point.recoveryPointArn());
      if (plan.getMetadata().getNamespace().equals(tags.get(RecoveryPointTags.NAMESPACE))
          && ChildBackups.planLabel(plan.getMetadata().getName()).equals(tags.get(RecoveryPointTags.PLAN))
          && tags.get(RecoveryPointTags.UID) != null) {
        found.add(new Found(point, tags, vault));
      }
    }
    return found;
  }

  private static boolean ofPlanTables(DynamoBackupPlan plan, RecoveryPoint point) {
    if (point.resourceArn() == null) {
      return false;
    }
    Arn table = Arn.parse(point.resourceArn());
    DynamoBackupPlanSpec spec = plan.getSpec();
    if (spec.table != null) {
      return TableKey.of(spec.table).equals(new TableKey(table.region(), table.resourceName()));
    }
    return table.region().equals(spec.tableSelector.region);
  }

  /** Recovery points and copies the children already have. */
  private static Set<String> known(List<DynamoBackup> children) {
    Set<String> known = new HashSet<>();
    for (DynamoBackup child : children) {
      if (child.getSpec() != null && child.getSpec().recoveryPointArn != null) {
        known.add(child.getSpec().recoveryPointArn);
      }
      if (child.getSpec() != null && child.getSpec().copies != null) {
        child.getSpec().copies.stream().filter(c -> c.recoveryPointArn != null).forEach(c -> known.add(c.recoveryPointArn));
      }
      var status = child.getStatus();
      if (status != null && status.recoveryPointArn != null) {
        known.add(status.recoveryPointArn);
      }
      if (status != null && status.copies != null) {
        status.copies.stream().filter(c -> c.destinationRecoveryPointArn != null)
            .forEach(c -> known.add(c.destinationRecoveryPointArn));
      }
    }
    return known;
  }

  /**
   * The groups the plan would keep: what its retention keeps among its completed children and the groups (or, without
   * retention, its newest successfulBackupsHistoryLimit per table). The others are left to their lifecycle in AWS:
   * adopting never makes retention delete anything at once.
   */
  private static List<List<Found>> kept(DynamoBackupPlan plan, Map<String, List<Found>> groups,
      List<DynamoBackup> children) {
    var spec = plan.getSpec();
    java.time.ZoneId zone = java.time.ZoneId.of(spec.timeZone == null ? "UTC" : spec.timeZone);
    Map<TableKey, List<RetentionCalculator.Point>> points = new LinkedHashMap<>();
    children.stream().filter(c -> ChildBackups.phase(c) == io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase
        .Completed).forEach(c -> ChildBackups.tableOf(c).ifPresent(t -> points.computeIfAbsent(t, k -> new ArrayList<>())
            .add(new RetentionCalculator.Point(c.getMetadata().getName(), ChildBackups.completion(c)))));
    groups.forEach((uid, group) -> points.computeIfAbsent(table(group), k -> new ArrayList<>())
        .add(new RetentionCalculator.Point(uid, slot(group.get(0).tags(), group.get(0).point()))));
    Set<String> keep = new HashSet<>();
    for (List<RetentionCalculator.Point> ofTable : points.values()) {
      if (spec.retention != null) {
        keep.addAll(RetentionCalculator.keep(ofTable, spec.retention, zone));
      } else {
        int limit = spec.successfulBackupsHistoryLimit == null ? 10 : Math.max(0, spec.successfulBackupsHistoryLimit);
        ofTable.stream().sorted(java.util.Comparator.comparing(RetentionCalculator.Point::time).reversed()).limit(limit)
            .forEach(p -> keep.add(p.name()));
      }
    }
    return groups.entrySet().stream().filter(e -> keep.contains(e.getKey())).map(Map.Entry::getValue).toList();
  }

  private static TableKey table(List<Found> group) {
    Arn table = Arn.parse(group.get(0).point().resourceArn());
    return new TableKey(table.region(), table.resourceName());
  }

  private static Map<String, List<Found>> byProducer(List<Found> found) {
    Map<String, List<Found>> groups = new LinkedHashMap<>();
    found.forEach(f -> groups.computeIfAbsent(f.tags().get(RecoveryPointTags.UID), k -> new ArrayList<>()).add(f));
    return groups;
  }

  /** Creates the child that adopts one producer's point and copies; false when there is none to create. */
  private static boolean create(DynamoBackupPlan plan, List<Found> group, List<DynamoBackup> children,
      ReconcileContext<DynamoBackupPlan> context) {
    Map<String, String> tags = group.get(0).tags();
    List<Found> copies = group.stream().filter(f -> f.vault().copies()).toList();
    Optional<Found> source = group.stream().filter(f -> !f.vault().copies()).findFirst();
    String sourceArn = source.map(f -> f.point().recoveryPointArn()).orElse(null);
    if (sourceArn == null) {
      sourceArn = sourceOfCopies(context.aws().catalog(), copies, tags.get(RecoveryPointTags.UID)).orElse(null);
    }
    if (sourceArn == null) {
      context.warning("HistoryNotAdopted", "found copies " + copies.stream().map(f -> f.point().recoveryPointArn())
          .toList() + " of DynamoBackup " + tags.get(RecoveryPointTags.NAME) + " but neither its recovery point (its"
          + " vault could not be read) nor a recovery catalog record naming it; adopt it by hand with a DynamoBackup"
          + " whose spec.recoveryPointArn names the point");
      return false;
    }
    Instant slot = slot(tags, group.get(0).point());
    DynamoBackup child = ChildBackups.build(plan, table(group), slot);
    String name = tags.get(RecoveryPointTags.NAME);
    if (name != null && name.length() <= ChildBackups.MAX_NAME && name.matches(ApiPatterns.KUBERNETES_NAME)) {
      child.getMetadata().setName(name);
    }
    if (children.stream().anyMatch(c -> c.getMetadata().getName().equals(child.getMetadata().getName()))) {
      return false;
    }
    child.getMetadata().getAnnotations().put(ADOPTED_FROM, tags.get(RecoveryPointTags.UID));
    var spec = child.getSpec();
    spec.recoveryPointArn = sourceArn;
    spec.startWindowMinutes = null;
    spec.completionWindowMinutes = null;
    spec.recoveryPointTags = null;
    List<CopyTarget> targets = new ArrayList<>();
    for (Found copy : copies) {
      CopyTarget template = plan.getSpec().template.copies.stream()
          .filter(t -> t.backupVaultArn.equals(copy.vault().arn())).findFirst().orElseThrow();
      CopyTarget target = new CopyTarget(template.backupVaultArn, template.lifecycle);
      target.recoveryPointArn = copy.point().recoveryPointArn();
      targets.add(target);
    }
    spec.copies = targets.isEmpty() ? null : targets;
    try {
      context.created(DynamoBackup.class, context.client().resource(child).create());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false; // adopted a moment ago, or a child of that name exists
      }
      throw e;
    }
  }

  /** The source point a copy's catalog record names, for the producer {@code uid}. */
  private static Optional<String> sourceOfCopies(RecoveryCatalog catalog, List<Found> copies, String uid) {
    if (!catalog.enabled()) {
      return Optional.empty();
    }
    for (Found copy : copies) {
      try {
        Optional<CatalogRecord> record = catalog.get(copy.point().recoveryPointArn())
            .filter(r -> r.producer() == null || r.producer().uid() == null || uid.equals(r.producer().uid()));
        if (record.isPresent() && record.get().sourceRecoveryPointArn() != null) {
          return Optional.of(record.get().sourceRecoveryPointArn());
        }
      } catch (AwsException e) {
        if (!e.isTransient()) {
          continue; // this copy's catalog is not readable: try another copy
        }
        throw e;
      }
    }
    return Optional.empty();
  }

  private static Instant slot(Map<String, String> tags, RecoveryPoint point) {
    try {
      String slot = tags.get(RecoveryPointTags.SCHEDULED_AT);
      return slot != null ? Instant.parse(slot) : point.creationDate();
    } catch (RuntimeException unparseable) {
      return point.creationDate();
    }
  }
}
