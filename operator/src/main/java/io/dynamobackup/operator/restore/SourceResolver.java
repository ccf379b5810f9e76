package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.SourceTableInfo;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.aws.RecoveryCatalog;
import io.dynamobackup.operator.catalog.CatalogRecords;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.LeanItemStore;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.reconcile.SharedCaches;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the recovery point a restore's source names: by ARN, through a DynamoBackup, or a plan's newest point. Reads
 * the DynamoBackups of the restore's namespace from an informer cache, with indexes by plan and by recovery point
 * (its own and its copies'), so resolving costs no API call; a reference to another namespace (allowed by the
 * tenancy policy's readRecoveryPointsOf, and maybe not watched) is read from the API server.
 */
final class SourceResolver {
  static final String PLAN_LABEL = ChildBackups.PLAN_LABEL;
  // Distinct from the backup controller's own index names: these may be added to its cache.
  static final String BY_PLAN = "restoreSourcesByPlan";
  static final String BY_RECOVERY_POINT = "restoreSourcesByRecoveryPoint";
  static final String BY_TABLE = "restoreSourcesByTable";

  /**
   * A recovery point to restore; vault, role and backup are null when the point is not one of this namespace's
   * backups. {@code record}: the recovery catalog's record of the point a restore by ARN names (or null), which
   * knows its vault and source table when no DynamoBackup does.
   */
  record Source(String recoveryPointArn, String region, String backupVaultName, String iamRoleArn, DynamoBackup backup,
      CatalogRecord record) {
    Source(String recoveryPointArn, String region, String backupVaultName, String iamRoleArn, DynamoBackup backup) {
      this(recoveryPointArn, region, backupVaultName, iamRoleArn, backup, null);
    }

    /** The source table at backup time, from the DynamoBackup or the catalog record; null when neither knows it. */
    SourceTableInfo sourceTable() {
      if (backup != null && backup.getStatus() != null && backup.getStatus().sourceTable != null) {
        return backup.getStatus().sourceTable;
      }
      return record == null ? null : CatalogRecords.sourceTable(record);
    }

    /** The ARN of the table the point was taken of, when known. */
    String sourceTableArn() {
      if (backup != null && backup.getStatus() != null && backup.getStatus().tableArn != null) {
        return backup.getStatus().tableArn;
      }
      return record == null ? null : record.resourceArn();
    }
  }

  /**
   * Either a source, or why there is none yet: {@code waiting} problems resolve by themselves soon (look again at the
   * next poll), {@code stalled} ones never without a change of the spec.
   */
  record Resolution(Source source, String reason, String message, boolean waiting, boolean stalled) {
    static Resolution of(Source source) {
      return new Resolution(source, null, null, false, false);
    }

    static Resolution problem(String reason, String message, boolean waiting) {
      return new Resolution(null, reason, message, waiting, false);
    }

    static Resolution stalled(String reason, String message) {
      return new Resolution(null, reason, message, false, true);
    }
  }

  private final ReconcileContext<DynamoRestore> context;

  SourceResolver(ReconcileContext<DynamoRestore> context) {
    this.context = context;
  }

  /**
   * Where the restore controller resolves sources from (no events: restores poll): the backup controller's cache,
   * which it shares, with this class's indexes added; when {@code shared} has none (no backup controller, or a
   * sharded operator whose backup cache holds one shard only), an informer of the restore controller's own.
   */
  static List<EventSource<?, DynamoRestore>> backups(EventSourceContext<DynamoRestore> context, SharedCaches shared) {
    Optional<IndexerResourceCache<DynamoBackup>> cache = shared.of(DynamoBackup.class);
    if (cache.isPresent()) {
      cache.get().addIndexers(indexers());
      return List.of();
    }
    var source = new InformerEventSource<>(InformerEventSourceConfiguration.from(DynamoBackup.class,
        DynamoRestore.class).withSecondaryToPrimaryMapper(backup -> Set.of())
        // Restores find their sources here; the settings a backup captured are read from the API server when a
        // restore applies them (CapturedSettings.load), not kept a second time for every backup of the cluster.
        .withItemStore(new LeanItemStore<DynamoBackup>(backup -> {
          if (backup.getStatus() != null) {
            // a shared marker: whether a backup captured settings still shows (newestWithSettings)
            backup.getStatus().capturedSettings = backup.getStatus().capturedSettings == null ? null
                : CapturedSettings.KEPT_ELSEWHERE;
          }
        }))
        .withInformerListLimit(LeanItemStore.LIST_LIMIT).build(), context);
    source.addIndexers(indexers());
    return List.of(source);
  }

  private static Map<String, Function<DynamoBackup, List<String>>> indexers() {
    return Map.of(
        BY_PLAN, backup -> Optional.ofNullable(backup.getMetadata().getLabels()).map(l -> l.get(PLAN_LABEL))
            .map(plan -> List.of(key(backup.getMetadata().getNamespace(), plan))).orElse(List.of()),
        BY_RECOVERY_POINT, SourceResolver::recoveryPoints,
        BY_TABLE, backup -> ChildBackups.tableOf(backup)
            .map(table -> List.of(key(backup.getMetadata().getNamespace(), table.toString()))).orElse(List.of()));
  }

  /**
   * The newest completed DynamoBackup of this namespace that captured the settings of table {@code table}: where a
   * point-in-time restore of a deleted table takes the settings to re-apply. No API call (informer cache).
   */
  Optional<DynamoBackup> newestWithSettings(TableKey table) {
    return context.indexed(DynamoBackup.class, BY_TABLE, key(context.resource().getMetadata().getNamespace(),
            table.toString())).stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed
            && b.getStatus().completionTime != null
            && (b.getStatus().capturedSettings != null || b.getStatus().capturedSettingsConfigMap != null))
        .max(Comparator.comparing(b -> Instant.parse(b.getStatus().completionTime)));
  }

  private static List<String> recoveryPoints(DynamoBackup backup) {
    List<String> keys = new ArrayList<>();
    var status = backup.getStatus();
    if (status != null && status.recoveryPointArn != null) {
      keys.add(key(backup.getMetadata().getNamespace(), status.recoveryPointArn));
    }
    if (status != null && status.copies != null) {
      status.copies.stream().filter(c -> c.destinationRecoveryPointArn != null)
          .forEach(c -> keys.add(key(backup.getMetadata().getNamespace(), c.destinationRecoveryPointArn)));
    }
    return keys;
  }

  private static String key(String namespace, String value) {
    return namespace + "/" + value;
  }

  Resolution resolve(DynamoRestore restore) {
    var status = restore.getStatus();
    RestoreSource spec = restore.getSpec().source;
    // A reference to another namespace passed validation and the tenancy policy (readRecoveryPointsOf) before.
    RestoreSource.ObjectRef ref = spec.backupRef != null ? spec.backupRef : spec.planRef;
    String namespace = ref != null && ref.namespace != null ? ref.namespace : restore.getMetadata().getNamespace();
    if (status != null && status.recoveryPointArn != null) {
      // Resolved before: a plan's newer points must not change what this restore restores.
      DynamoBackup backup = status.sourceBackup == null ? null : backup(namespace, status.sourceBackup);
      Source source = source(status.recoveryPointArn, backup);
      Source resolved = backup != null || spec.recoveryPointArn == null ? source
          : withRecord(source, spec.recoveryPointArn);
      // The vault the request step located (a bare ARN learns it there, and a copy into the target Region needs it).
      return Resolution.of(status.backupVault == null ? resolved : new Source(resolved.recoveryPointArn(),
          resolved.region(), status.backupVault, resolved.iamRoleArn(), resolved.backup(), resolved.record()));
    }
    if (spec.backupRef != null) {
      DynamoBackup backup = backup(namespace, spec.backupRef.name);
      if (backup == null) {
        return Resolution.problem("BackupNotFound", "spec.source.backupRef: DynamoBackup " + namespace + "/"
            + spec.backupRef.name + " does not exist", false);
      }
      return completed(backup);
    }
    if (spec.planRef != null) {
      return newestOfPlan(spec.planRef, namespace);
    }
    DynamoBackup owner = context.indexed(DynamoBackup.class, BY_RECOVERY_POINT, key(namespace, spec.recoveryPointArn))
        .stream().findFirst().orElse(null);
    Source source = source(spec.recoveryPointArn, owner);
    return Resolution.of(owner != null ? source : withRecord(source, spec.recoveryPointArn));
  }

  /**
   * The newest completed backup of the plan (of planRef.table), taken at or before planRef.takenAtOrBefore. A plan that
   * covers several tables needs planRef.table: restoring whichever table's backup is newest would be a guess; a table
   * the plan does not cover is refused too, as it would otherwise wait forever.
   */
  private Resolution newestOfPlan(RestoreSource.PlanRef ref, String namespace) {
    List<DynamoBackup> children = local(namespace)
        ? context.indexed(DynamoBackup.class, BY_PLAN, key(namespace, ChildBackups.planLabel(ref.name)))
        : context.client().resources(DynamoBackup.class).inNamespace(namespace)
            .withLabel(PLAN_LABEL, ChildBackups.planLabel(ref.name)).list().getItems();
    Optional<TableKey> table = Optional.ofNullable(ref.table).map(TableKey::of);
    Set<TableKey> tables = children.stream().flatMap(b -> ChildBackups.tableOf(b).stream())
        .collect(Collectors.toCollection(() -> new TreeSet<>(Comparator.comparing(TableKey::toString))));
    DynamoBackupPlan plan = context.client().resources(DynamoBackupPlan.class).inNamespace(namespace)
        .withName(ref.name).get();
    boolean selector = plan != null && plan.getSpec() != null && plan.getSpec().tableSelector != null;
    if (table.isEmpty() && (selector || tables.size() > 1)) {
      return Resolution.stalled(KindReconciler.INVALID_SPEC, "spec.source.planRef.table: required, because plan "
          + ref.name + " covers several tables (" + (selector ? "it selects tables by tags" : "")
          + (selector && !tables.isEmpty() ? "; " : "") + (tables.isEmpty() ? "" : "it has backups of " + list(tables))
          + "); name the table to restore, e.g. {name: " + tables.stream().findFirst().map(TableKey::name)
          .orElse("orders") + ", region: " + tables.stream().findFirst().map(TableKey::region).orElse("eu-west-1")
          + "}");
    }
    Optional<String> uncovered = table.flatMap(t -> uncovered(plan, t, tables));
    if (uncovered.isPresent()) {
      return Resolution.stalled(KindReconciler.INVALID_SPEC, uncovered.get());
    }
    Instant takenAtOrBefore = ref.takenAtOrBefore == null ? null
        : OffsetDateTime.parse(ref.takenAtOrBefore).toInstant();
    return children.stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed
            && b.getStatus().recoveryPointArn != null && taken(b) != null)
        .filter(b -> table.isEmpty() || ChildBackups.tableOf(b).filter(table.get()::equals).isPresent())
        .filter(b -> takenAtOrBefore == null || !taken(b).isAfter(takenAtOrBefore))
        .max(Comparator.comparing(SourceResolver::taken))
        .map(b -> Resolution.of(source(b.getStatus().recoveryPointArn, b)))
        .orElseGet(() -> children.isEmpty() && plan == null
            ? Resolution.problem("PlanNotFound", "spec.source.planRef: DynamoBackupPlan " + namespace + "/" + ref.name
                + " not found", false)
            : adopting(plan, children)
            // A plan re-applied in a rebuilt cluster finds its old points first: waiting for that is normal.
            ? Resolution.problem("WaitingForPlanHistory", "spec.source.planRef: plan " + ref.name + " is still"
                + " searching its vaults for the recovery points it made before (or reading those it adopted)", true)
            // Waiting, not stuck: the plan's next backup brings one.
            : Resolution.problem("NoRecoveryPoint", "spec.source.planRef: plan " + ref.name
                + " has no completed recovery point" + table.map(t -> " of table " + t).orElse("")
                + (takenAtOrBefore == null ? "" : " taken at or before " + ref.takenAtOrBefore) + " yet", true));
  }

  /**
   * Why {@code table} is not one the plan backs up, or empty when it is (or may be): the plan's spec.table, the
   * tables its selector selected (status), and the tables it has backups of are covered.
   */
  private static Optional<String> uncovered(DynamoBackupPlan plan, TableKey table, Set<TableKey> withBackups) {
    if (plan == null || plan.getSpec() == null || withBackups.contains(table)) {
      return Optional.empty();
    }
    Set<TableKey> covered = new TreeSet<>(Comparator.comparing(TableKey::toString));
    covered.addAll(withBackups);
    String how;
    if (plan.getSpec().table != null) {
      covered.add(TableKey.of(plan.getSpec().table));
      how = "its spec.table";
    } else if (plan.getSpec().tableSelector != null) {
      var selector = plan.getSpec().tableSelector;
      if (plan.getStatus() != null && plan.getStatus().selectedTables != null) {
        plan.getStatus().selectedTables.forEach(t -> covered.add(new TableKey(t.substring(0, t.indexOf('/')),
            t.substring(t.indexOf('/') + 1))));
      }
      if (table.region().equals(selector.region) && covered.isEmpty()) {
        return Optional.empty(); // nothing selected yet: the selection may still include it
      }
      how = "the tables its tableSelector selects in " + selector.region + " (tags " + selector.matchTags + ")";
    } else {
      return Optional.empty();
    }
    if (covered.contains(table)) {
      return Optional.empty();
    }
    return Optional.of("spec.source.planRef.table: plan " + plan.getMetadata().getName() + " does not back up table "
        + table + "; it backs up " + how + ": " + (covered.isEmpty() ? "none so far" : list(covered)));
  }

  /** Whether the plan has not searched its vaults for earlier points yet, or has adopted points not read yet. */
  private static boolean adopting(DynamoBackupPlan plan, List<DynamoBackup> children) {
    return plan != null && (plan.getStatus() == null || plan.getStatus().history == null)
        || !ChildBackups.adoptedUnread(children).isEmpty();
  }

  private static String list(Set<TableKey> tables) {
    return tables.stream().map(TableKey::toString).collect(Collectors.joining(", "));
  }

  /** When a backup's data is from: its job's creation (AWS Backup's time marker), else its completion. */
  private static Instant taken(DynamoBackup backup) {
    var status = backup.getStatus();
    String time = status.creationTime != null ? status.creationTime : status.completionTime;
    return time == null ? null : Instant.parse(time);
  }

  /**
   * The source with what the recovery catalog knows about {@code arn}: its vault (so a restore into another Region
   * can copy it first) and its source table. Only for points no DynamoBackup here knows.
   */
  private Source withRecord(Source source, String arn) {
    RecoveryCatalog catalog = context.aws().catalog();
    if (!catalog.enabled()) {
      return source;
    }
    Optional<CatalogRecord> record;
    try {
      record = catalog.get(arn);
    } catch (io.dynamobackup.operator.aws.AwsException e) {
      if (e.isTransient()) {
        throw e;
      }
      return source; // not readable with this namespace's identity: resolve as without a catalog
    }
    return record.map(r -> new Source(source.recoveryPointArn(), source.region(),
        source.recoveryPointArn().equals(r.recoveryPointArn()) ? r.backupVaultName() : null,
        source.iamRoleArn(), null, r)).orElse(source);
  }

  private Resolution completed(DynamoBackup backup) {
    var status = backup.getStatus();
    String name = backup.getMetadata().getName();
    if (status != null && (status.phase == BackupPhase.Failed || status.phase == BackupPhase.Expired)
        && status.recoveryPointArn == null) {
      return Resolution.stalled("SourceBackupFailed", "spec.source.backupRef: DynamoBackup " + name + " is "
          + status.phase + (status.failure == null ? "" : ": " + status.failure.message));
    }
    if (status == null || status.recoveryPointArn == null || status.completionTime == null) {
      return Resolution.problem("WaitingForBackup", "DynamoBackup " + name + " has no recovery point yet", true);
    }
    return Resolution.of(source(status.recoveryPointArn, backup));
  }

  private static Source source(String recoveryPointArn, DynamoBackup backup) {
    String region = Arn.parse(recoveryPointArn).region();
    if (backup == null) {
      return new Source(recoveryPointArn, region, null, null, null);
    }
    String vault = copyOf(backup, recoveryPointArn).map(c -> Arn.parse(c.destinationBackupVaultArn).resourceName())
        .orElse(backup.getSpec().backupVault);
    return new Source(recoveryPointArn, region, vault, backup.getSpec().iamRoleArn, backup);
  }

  /** A completed copy of {@code backup} in {@code region}, if there is one. */
  static Optional<CopyStatus> copyIn(DynamoBackup backup, String region) {
    return backup.getStatus().copies == null ? Optional.empty() : backup.getStatus().copies.stream()
        .filter(c -> "COMPLETED".equals(c.state) && c.destinationRecoveryPointArn != null
            && Arn.parse(c.destinationRecoveryPointArn).region().equals(region))
        .findFirst();
  }

  private static Optional<CopyStatus> copyOf(DynamoBackup backup, String recoveryPointArn) {
    return backup.getStatus().copies == null ? Optional.empty() : backup.getStatus().copies.stream()
        .filter(c -> recoveryPointArn.equals(c.destinationRecoveryPointArn)).findFirst();
  }

  private DynamoBackup backup(String namespace, String name) {
    // Not in the cache (another namespace, or created a moment ago): ask the API server.
    return context.cached(DynamoBackup.class, name).filter(b -> local(namespace)).orElseGet(() ->
        context.client().resources(DynamoBackup.class).inNamespace(namespace).withName(name).get());
  }

  /** Whether {@code namespace} is the restore's own, whose DynamoBackups the informer caches. */
  private boolean local(String namespace) {
    return namespace.equals(context.resource().getMetadata().getNamespace());
  }
}
