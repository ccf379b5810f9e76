package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a DynamoRestore whose source is a table's point-in-time recovery: check up front what DynamoDB would
 * refuse (PITR off, a time outside the restorable window, an existing target, a source that is gone), read the source's
 * settings as they are now (or, when the table was deleted, from the newest DynamoBackup of it), record the intent,
 * call RestoreTableToPointInTime with every override, and wait for the table; settings are then applied like for any
 * restore.
 */
final class PointInTimeSteps {
  static final String PATH = "PointInTimeRecovery";
  private static final String FIELD = "spec.source.pointInTimeRecovery";
  /** DynamoDB's refusals that no retry changes: the restore fails with the AWS code. */
  private static final Set<String> REFUSED = Set.of("InvalidRestoreTimeException",
      "PointInTimeRecoveryUnavailableException", "TableNotFoundException", "ValidationException");
  /** After recording the intent, continue almost at once: the write only had to land before the start call. */
  private static final Duration CONTINUE = Duration.ofMillis(100);
  private final ReconcileContext<DynamoRestore> context;
  private final RestoreSteps steps;
  private final TableService tables;
  private final RetrySchedule schedule;

  PointInTimeSteps(ReconcileContext<DynamoRestore> context) {
    this.context = context;
    this.steps = new RestoreSteps(context);
    this.tables = context.aws().tables();
    this.schedule = context.schedule();
  }

  /** The Region the table is restored into: the spec's, else the source table's. */
  static String targetRegion(DynamoRestore restore) {
    return restore.getSpec().target.region != null ? restore.getSpec().target.region
        : TableKey.of(restore.getSpec().source.pointInTimeRecovery.table).region();
  }

  Duration request(DynamoRestore restore, RestoreStatuses status) {
    PointInTimeRecoverySource pitr = restore.getSpec().source.pointInTimeRecovery;
    TableKey source = TableKey.of(pitr.table);
    String target = restore.getSpec().target.tableName;
    if (steps.targetExists(targetRegion(restore), target, status)) {
      return schedule.userErrorRetry();
    }
    Instant requested = pitr.restoreDateTime == null ? null : OffsetDateTime.parse(pitr.restoreDateTime).toInstant();
    // By ARN when given: a name alone could find another account's table of the same name.
    String sourceId = pitr.table.arn != null ? pitr.table.arn : source.name();
    Optional<TableService.TableInfo> live = describe(source.region(), sourceId);
    String what = "table " + source + (requested == null ? " at its latest restorable time" : " as of " + requested)
        + " (point-in-time recovery)";
    if (live.isPresent()) {
      TableService.PointInTimeRecovery window = tables.pointInTimeRecovery(source.region(), sourceId);
      Duration blocked = outsideWindow(window, requested, source, status);
      if (blocked != null) {
        return blocked;
      }
      CapturedTableSettings settings = CapturedSettings.capture(tables, source.region(), live.get(), context.now());
      status.requestedPointInTime(restore, live.get().arn(), describePath(), what, settings, storeLarge(restore, settings),
          "table " + live.get().arn() + " as it was when the restore was requested (" + context.now() + ")");
      return CONTINUE;
    }
    if (pitr.table.arn == null) {
      status.blocked("SourceTableNotFound", FIELD + ".table.name: table " + source.name() + " does not exist in "
          + source.region() + ". A table deleted with point-in-time recovery on stays restorable for its recovery"
          + " period by its ARN: set " + FIELD + ".table.arn");
      return schedule.userErrorRetry();
    }
    Optional<Instant> deleted = tables.deletedWithPointInTimeRecovery(source.region(),
        source.name());
    if (deleted.isEmpty()) {
      status.blocked("SourceTableNotFound", FIELD + ".table.arn: table " + pitr.table.arn + " does not exist, and"
          + " DynamoDB has no system backup of its deletion with point-in-time recovery on (" + source.name()
          + "$DeletedTableBackup), so there is nothing to restore");
      return schedule.userErrorRetry();
    }
    if (requested != null && requested.isAfter(deleted.get())) {
      status.blocked("RestoreTimeOutsideWindow", FIELD + ".restoreDateTime: " + requested + " is after table "
          + source.name() + " was deleted (" + deleted.get() + "), the latest time its point-in-time recovery holds");
      return schedule.userErrorRetry();
    }
    Optional<io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup> backup =
        new SourceResolver(context).newestWithSettings(source);
    Optional<CapturedTableSettings> settings = backup.flatMap(b -> CapturedSettings.load(context.client(), b));
    String from = settings.isPresent() ? "DynamoBackup " + backup.get().getMetadata().getName() + " (completed "
        + backup.get().getStatus().completionTime + "), because table " + source.name() + " was deleted at "
        + deleted.get() : "none: table " + source.name() + " was deleted at " + deleted.get() + " and no DynamoBackup"
        + " in namespace " + restore.getMetadata().getNamespace() + " captured its settings";
    status.requestedPointInTime(restore, pitr.table.arn, describePath(), what, settings.orElse(null),
        settings.map(s -> storeLarge(restore, s)).orElse(null), from);
    if (settings.isEmpty() && !Boolean.FALSE.equals(settingsFromSource(restore))) {
      context.warning("SourceSettingsUnknown", "settings.fromSource: table " + source.name() + " no longer exists and"
          + " no DynamoBackup of it captured its settings; only the explicit spec.settings are applied");
    }
    return CONTINUE;
  }

  Duration restore(DynamoRestore restore, RestoreStatuses status) {
    var current = status.status();
    String region = targetRegion(restore);
    String target = restore.getSpec().target.tableName;
    if (current.restoreStartedTime == null) {
      PointInTimeRecoverySource pitr = restore.getSpec().source.pointInTimeRecovery;
      Instant requested = pitr.restoreDateTime == null ? null : OffsetDateTime.parse(pitr.restoreDateTime).toInstant();
      Instant asOf = null;
      try {
        asOf = tables.restoreToPointInTime(region, new TableService.PointInTimeRestore(current.sourceTableArn,
            requested, RestoreRun.overrides(restore.getSpec().target)));
      } catch (AwsException e) {
        if (REFUSED.contains(e.code())) {
          // The table, its PITR or the window changed between the check and the call.
          status.failed(e.code(), "RestoreTableToPointInTime: " + e.getMessage());
          return null;
        }
        // No idempotency token: after a crash the table it created is ours (its absence was checked before the
        // intent was recorded); its RestoreSummary tells the time once it is ACTIVE.
        if (!e.code().equals("TableAlreadyExistsException")) {
          throw e;
        }
      }
      status.pointInTimeRestoreStarted(asOf);
      return schedule.firstPoll();
    }
    TableService.TableInfo table = tables.describeTable(region, target);
    Instant started = Instant.parse(current.restoreStartedTime);
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return schedule.nextPoll(started, Optional.empty(), context.now());
    }
    status.tableActive(table);
    status.restoredAsOf(table.restoreDateTime());
    status.applyingSettings("table is ACTIVE; applying its settings");
    return CONTINUE;
  }

  Duration applySettings(DynamoRestore restore, RestoreStatuses status) {
    var current = status.status();
    Optional<CapturedTableSettings> captured = current.sourceSettingsConfigMap == null
        ? Optional.ofNullable(current.sourceSettings)
        : CapturedSettings.loadLarge(context.client(), restore.getMetadata().getNamespace(),
            current.sourceSettingsConfigMap);
    return new SettingsStep(context).apply(restore, targetRegion(restore), restore.getSpec().target.tableName,
        () -> captured, status);
  }

  /**
   * Refuses what RestoreTableToPointInTime would: PITR off, a time before the window (stalled: it never becomes
   * restorable), or a time after it (waiting: it becomes restorable about five minutes after it). Null when fine.
   */
  private Duration outsideWindow(TableService.PointInTimeRecovery window, Instant requested, TableKey source,
      RestoreStatuses status) {
    if (!window.enabled()) {
      status.blocked("PointInTimeRecoveryUnavailable", FIELD + ".table: point-in-time recovery is not enabled on"
          + " table " + source.name() + " in " + source.region() + ". Enabling it starts a new restorable window; to"
          + " restore an earlier state, restore a recovery point instead");
      return schedule.userErrorRetry();
    }
    if (requested != null && requested.isBefore(window.earliestRestorableDateTime())) {
      status.blocked("RestoreTimeOutsideWindow", FIELD + ".restoreDateTime: " + requested + " is before"
          + " EarliestRestorableDateTime " + window.earliestRestorableDateTime() + " of table " + source.name()
          + " (point-in-time recovery keeps " + window.recoveryPeriodInDays() + " days, from when it was enabled)");
      return schedule.userErrorRetry();
    }
    if (requested != null && requested.isAfter(window.latestRestorableDateTime())) {
      status.pending("WaitingForRestorableTime", FIELD + ".restoreDateTime: " + requested + " is after"
          + " LatestRestorableDateTime " + window.latestRestorableDateTime() + " of table " + source.name()
          + "; DynamoDB can restore it about five minutes after it");
      return schedule.waitAtMost(Duration.between(context.now(),
          requested.plus(Duration.between(window.latestRestorableDateTime(), context.now()))));
    }
    return null;
  }

  /** Settings too large for the status go into a ConfigMap the restore owns (as a DynamoBackup's do): its name. */
  private String storeLarge(DynamoRestore restore, CapturedTableSettings settings) {
    return CapturedSettings.storeLarge(context.client(), restore, "-source-settings", "dynamobackup.io/restore",
        settings).orElse(null);
  }

  private Optional<TableService.TableInfo> describe(String region, String table) {
    try {
      return Optional.of(tables.describeTable(region, table));
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Boolean settingsFromSource(DynamoRestore restore) {
    return restore.getSpec().settings == null ? Boolean.TRUE : restore.getSpec().settings.fromSource;
  }

  private static String describePath() {
    return PATH + ": DynamoDB RestoreTableToPointInTime, with billing, capacity, index and SSE overrides in the call";
  }
}
