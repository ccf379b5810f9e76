package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;

/**
 * Point-in-time recovery: the restorable window of a table, and RestoreTableToPointInTime, which rebuilds the exact
 * item set of any instant in that window from the table's {@link ItemHistory} into a new table — also of a table
 * deleted within its recovery period (named by its ARN), and into another Region of the same account and partition.
 *
 * <p>The window ({@link #window}): EarliestRestorableDateTime is when PITR was enabled or the start of the recovery
 * period, whichever is later; LatestRestorableDateTime is five minutes before now, or when the table was deleted.
 * Reported in whole seconds: the earliest rounded up, the latest down, so every reported time can be restored.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html
 */
final class PointInTimeRecovery {
  /** How far behind now LatestRestorableDateTime is ("typically 5 minutes before the current time"). */
  static final Duration LATEST_LAG = Duration.ofMinutes(5);

  /** Instants a restore may ask for: [earliest, latest]. */
  record Window(Instant earliest, Instant latest) {
    boolean contains(Instant at) {
      return !at.isBefore(earliest) && !at.isAfter(latest);
    }
  }

  /** The restorable window of a table with PITR (live, or deleted: null once its recovery period has passed). */
  static Window window(Table t, Instant now) {
    Instant from = t.pitrHorizon(now).isAfter(t.pitrEnabledAt) ? t.pitrHorizon(now) : t.pitrEnabledAt;
    Instant earliest = ceilSecond(from);
    if (t.deletedAt != null) {
      Instant latest = t.deletedAt.truncatedTo(ChronoUnit.SECONDS);
      return latest.isBefore(earliest) ? null : new Window(earliest, latest);
    }
    Instant latest = now.minus(LATEST_LAG).truncatedTo(ChronoUnit.SECONDS);
    return new Window(earliest, latest.isBefore(earliest) ? earliest : latest);
  }

  /** The PointInTimeRecoveryDescription of DescribeContinuousBackups and UpdateContinuousBackups. */
  static ObjectNode describe(Table t, Instant now) {
    ObjectNode p = Json.object();
    p.put("PointInTimeRecoveryStatus", t.pitrEnabled ? "ENABLED" : "DISABLED");
    if (t.pitrEnabled) {
      Window w = window(t, now);
      p.put("RecoveryPeriodInDays", t.pitrRecoveryPeriodDays);
      Json.putTime(p, "EarliestRestorableDateTime", w.earliest());
      Json.putTime(p, "LatestRestorableDateTime", w.latest());
    }
    return p;
  }

  JsonNode restoreTableToPointInTime(Request r) {
    String sourceArn = r.text("SourceTableArn");
    String sourceName = r.text("SourceTableName");
    if ((sourceArn == null) == (sourceName == null)) {
      throw ApiException.validation("One or more parameter values were invalid: specify exactly one of"
          + " SourceTableArn and SourceTableName");
    }
    boolean latest = Boolean.TRUE.equals(Json.bool(r.body, "UseLatestRestorableTime"));
    JsonNode requestedTime = r.node("RestoreDateTime");
    if (latest == (requestedTime != null)) {
      throw ApiException.validation("One or more parameter values were invalid: specify exactly one of"
          + " RestoreDateTime and UseLatestRestorableTime");
    }
    String target = r.requiredText("TargetTableName");
    Table source = sourceArn != null ? byArn(r, sourceArn) : byName(r, sourceName);
    if (!source.pitrEnabled || source.pitrHistory == null) {
      throw new ApiException(400, "PointInTimeRecoveryUnavailableException",
          "Point in time recovery is not enabled for table '" + source.name + "'");
    }
    RegionState region = r.region();
    if (region.tables.containsKey(target)) {
      throw new ApiException(400, "TableAlreadyExistsException", "Table already exists: " + target);
    }
    Window window = window(source, r.now);
    Instant at = latest ? window.latest() : Instant.ofEpochMilli(requestedTime.decimalValue().movePointRight(3)
        .longValue());
    if (!window.contains(at)) {
      throw new ApiException(400, "InvalidRestoreTimeException", "Restore time " + at + " is not within the"
          + " restorable window of table " + source.name + ": RestoreDateTime must be between"
          + " EarliestRestorableDateTime " + window.earliest() + " and LatestRestorableDateTime " + window.latest());
    }
    if (region.restoresInProgress() >= r.world.options().maxConcurrentRestores()) {
      throw ApiException.limitExceeded("Subscriber limit exceeded: There is a limit of "
          + r.world.options().maxConcurrentRestores() + " concurrent restores per account");
    }
    var items = source.pitrHistory.itemsAt(at);
    long size = items.stream().mapToLong(AttributeValues::itemSize).sum();
    TableSnapshot snapshot = new TableSnapshot(source.scope, source.name, source.arn, source.id, source.def.copy(),
        items, size, new LinkedHashMap<>(), at);
    TableDefinition def = Restorer.definition(snapshot, Restorer.overrides(r));
    Table restored = Restorer.create(r.world, r.scope, target, snapshot, def, null, at, r.now,
        r.now.plus(Restorer.duration(r.world, snapshot)));
    ObjectNode out = Json.object();
    out.set("TableDescription", TableDescriber.describe(restored, r.now));
    return out;
  }

  /** A live table of the caller's Region. */
  private static Table byName(Request r, String name) {
    Table t = r.region().tables.get(name);
    if (t == null) {
      throw tableNotFound(name);
    }
    return t;
  }

  /**
   * A table by ARN: of the caller's account and partition, in any Region (a cross-Region restore); a live table, else
   * a table deleted with PITR on whose recovery period has not passed.
   */
  private static Table byArn(Request r, String arn) {
    Arns.Arn parsed = Arns.parse(arn);
    String name = Arns.tableName(arn);
    if (parsed == null || name == null || !parsed.resource().equals("table/" + name)) {
      throw ApiException.validation("Invalid table ARN: " + arn);
    }
    if (!parsed.partition().equals(r.scope.partition())) {
      throw ApiException.validation("Invalid table ARN " + arn + ": the table is in partition "
          + parsed.partition() + ", but this request was sent to Region " + r.scope.region() + " (partition "
          + r.scope.partition() + ")");
    }
    RegionState region = parsed.accountId().equals(r.scope.accountId())
        ? r.world.existingRegion(new Scope(parsed.accountId(), parsed.region())) : null;
    Table live = region == null ? null : region.tables.get(name);
    if (live != null) {
      return live;
    }
    Table deleted = region == null ? null : region.deletedTables.get(arn);
    if (deleted != null && window(deleted, r.now) == null) {
      region.deletedTables.remove(arn); // its recovery period has passed: nothing is left to restore
      deleted = null;
    }
    if (deleted == null) {
      throw tableNotFound(arn);
    }
    return deleted;
  }

  private static ApiException tableNotFound(String table) {
    return new ApiException(400, "TableNotFoundException", "Table not found: " + table);
  }

  private static Instant ceilSecond(Instant at) {
    Instant floor = at.truncatedTo(ChronoUnit.SECONDS);
    return floor.equals(at) ? at : floor.plusSeconds(1);
  }
}
