package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table settings of DynamoDB's 2024–25 API beyond the original ones: table class, maximum on-demand throughput
 * (OnDemandThroughput) and warm throughput (WarmThroughput) of the table and its GSIs, and global table replicas
 * (version 2019.11.21) — validated with the rest of an UpdateTable (or CreateTable) before anything changes, and
 * rendered into DescribeTable.
 */
final class TableFeatures {
  /** The warm throughput DynamoDB reports for a new table or index, in units per second. */
  static final long DEFAULT_WARM_READS = 12_000;
  static final long DEFAULT_WARM_WRITES = 4_000;

  /** A Kinesis Data Streams destination of a table. */
  static final class KinesisDestination {
    final String streamArn;
    String status;
    String precision;

    KinesisDestination(String streamArn, String status, String precision) {
      this.streamArn = streamArn;
      this.status = status;
      this.precision = precision;
    }
  }

  /** A replica of a global table in another Region: CREATING until {@code activeAt}, then ACTIVE. */
  static final class Replica {
    final String region;
    final String kmsMasterKeyId;
    final String tableClassOverride;
    final Instant activeAt;

    Replica(String region, String kmsMasterKeyId, String tableClassOverride, Instant activeAt) {
      this.region = region;
      this.kmsMasterKeyId = kmsMasterKeyId;
      this.tableClassOverride = tableClassOverride;
      this.activeAt = activeAt;
    }

    String status(Instant now) {
      return now.isBefore(activeAt) ? "CREATING" : "ACTIVE";
    }
  }

  private TableFeatures() {}

  /**
   * Table class, OnDemandThroughput and WarmThroughput of an UpdateTable or CreateTable, checked on {@code def} (the
   * table's definition after the update) and applied to {@code t} only when {@code apply}.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html
   */
  static void tableSettings(Request r, Table t, TableDefinition def, boolean apply) {
    JsonNode onDemand = r.node("OnDemandThroughput");
    if (onDemand != null) {
      onDemand(onDemand, def.billingMode, "the table");
    }
    JsonNode warm = r.node("WarmThroughput");
    if (warm != null) {
      warm(warm, t == null ? DEFAULT_WARM_READS : t.warmReads, t == null ? DEFAULT_WARM_WRITES : t.warmWrites,
          "the table");
    }
    if (!apply) {
      return;
    }
    String tableClass = r.text("TableClass");
    if (tableClass != null && !tableClass.equals(t.tableClass)) {
      t.tableClass = tableClass;
      t.tableClassUpdatedAt = r.now;
    }
    if (onDemand != null) {
      t.maxReadRequestUnits = onDemand.path("MaxReadRequestUnits").asLong(t.maxReadRequestUnits);
      t.maxWriteRequestUnits = onDemand.path("MaxWriteRequestUnits").asLong(t.maxWriteRequestUnits);
    }
    if (!"PAY_PER_REQUEST".equals(def.billingMode)) {
      t.maxReadRequestUnits = -1; // a maximum only exists in on-demand mode
      t.maxWriteRequestUnits = -1;
    }
    if (warm != null) {
      t.warmReads = Math.max(t.warmReads, warm.path("ReadUnitsPerSecond").asLong(0));
      t.warmWrites = Math.max(t.warmWrites, warm.path("WriteUnitsPerSecond").asLong(0));
    }
  }

  /** A GSI Update's OnDemandThroughput and WarmThroughput, applied to the index of the copied definition. */
  static void indexSettings(JsonNode update, TableIndex index, String billingMode) {
    JsonNode onDemand = update.get("OnDemandThroughput");
    if (onDemand != null) {
      onDemand(onDemand, billingMode, "index " + index.name);
      index.maxReadRequestUnits = onDemand.path("MaxReadRequestUnits").asLong(index.maxReadRequestUnits);
      index.maxWriteRequestUnits = onDemand.path("MaxWriteRequestUnits").asLong(index.maxWriteRequestUnits);
    }
    JsonNode warm = update.get("WarmThroughput");
    if (warm != null) {
      warm(warm, index.warmReads, index.warmWrites, "index " + index.name);
      index.warmReads = Math.max(index.warmReads, warm.path("ReadUnitsPerSecond").asLong(0));
      index.warmWrites = Math.max(index.warmWrites, warm.path("WriteUnitsPerSecond").asLong(0));
    }
  }

  /** A maximum is for on-demand tables only, and is at least 1 request unit, or -1 for none. */
  private static void onDemand(JsonNode onDemand, String billingMode, String of) {
    if (!"PAY_PER_REQUEST".equals(billingMode)) {
      throw TableRules.invalid("OnDemandThroughput of " + of + " can only be set when BillingMode is PAY_PER_REQUEST");
    }
    for (String field : List.of("MaxReadRequestUnits", "MaxWriteRequestUnits")) {
      long units = onDemand.path(field).asLong(-1);
      if (units != -1 && units < 1) {
        throw TableRules.invalid(field + " of " + of + " must be at least 1, or -1 for no maximum (was " + units + ")");
      }
    }
  }

  /** Warm throughput can only be raised, never lowered. */
  private static void warm(JsonNode warm, long reads, long writes, String of) {
    long wantReads = warm.path("ReadUnitsPerSecond").asLong(reads);
    long wantWrites = warm.path("WriteUnitsPerSecond").asLong(writes);
    if (wantReads < reads || wantWrites < writes) {
      throw TableRules.invalid("The warm throughput of " + of + " cannot be decreased (it is " + reads
          + " read units/s and " + writes + " write units/s; requested " + wantReads + " and " + wantWrites + ")");
    }
  }

  /**
   * ReplicaUpdates (global tables version 2019.11.21), validated: a replica goes to another Region of the partition,
   * where no table of that name exists, one replica change per request, on a table whose stream has new and old
   * images. Returns what to do once the whole UpdateTable is valid.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicationGroupUpdate.html
   */
  static Runnable replicaUpdates(Request r, Table t, boolean streamWithImages) {
    JsonNode updates = r.node("ReplicaUpdates");
    if (!(updates instanceof ArrayNode list) || list.isEmpty()) {
      return () -> {};
    }
    if (list.size() > 1) {
      throw TableRules.invalid("Only one replica can be created or deleted per UpdateTable request");
    }
    JsonNode update = list.get(0);
    if (update.has("Create")) {
      String region = update.get("Create").path("RegionName").asText();
      Scope there = new Scope(t.scope.accountId(), region);
      if (region.equals(t.scope.region()) || !there.partition().equals(t.scope.partition())) {
        throw TableRules.invalid("Cannot create a replica of table " + t.name + " in Region " + region
            + ": a replica goes to another Region of the same partition");
      }
      if (t.replicas.containsKey(region)) {
        throw TableRules.invalid("Table " + t.name + " already has a replica in Region " + region);
      }
      RegionState state = r.world.region(there);
      if (state.tables.containsKey(t.name)) {
        throw TableRules.invalid("Cannot create a replica in Region " + region + ": table " + t.name
            + " already exists there");
      }
      if (!streamWithImages) {
        throw TableRules.invalid("Table " + t.name + " must have DynamoDB Streams enabled with StreamViewType"
            + " NEW_AND_OLD_IMAGES to have replicas");
      }
      String key = update.get("Create").path("KMSMasterKeyId").asText(null);
      String tableClass = update.get("Create").path("TableClassOverride").asText(null);
      return () -> createReplica(r, t, state, new Replica(region, key, tableClass,
          r.now.plus(r.world.options().restoreBaseDuration())));
    }
    if (update.has("Delete")) {
      String region = update.get("Delete").path("RegionName").asText();
      if (!t.replicas.containsKey(region)) {
        throw ApiException.ddbNotFound("Requested resource not found: table " + t.name + " has no replica in "
            + region);
      }
      return () -> {
        t.replicas.remove(region);
        r.world.region(new Scope(t.scope.accountId(), region)).tables.remove(t.name);
      };
    }
    throw TableRules.invalid("local-aws supports Create and Delete replica updates, not Update");
  }

  /** The replica is a table of the same name in its Region, with the items as of now (later writes are not copied). */
  private static void createReplica(Request r, Table t, RegionState state, Replica replica) {
    Table copy = new Table(state.scope, t.name, r.now, t.def.copy());
    copy.status = "CREATING";
    copy.activeAt = replica.activeAt;
    copy.streamEnabled = true;
    copy.streamViewType = "NEW_AND_OLD_IMAGES";
    copy.streamLabel = TableDescriber.streamLabel(r.now);
    copy.tableClass = replica.tableClassOverride != null ? replica.tableClassOverride : t.tableClass;
    copy.items.putAll(t.items);
    copy.replicas.put(t.scope.region(), new Replica(t.scope.region(), null, null, r.now));
    state.tables.put(t.name, copy);
    r.world.schedule(copy);
    t.replicas.put(replica.region, replica);
  }

  /** TableClassSummary, OnDemandThroughput, WarmThroughput, Replicas and GlobalTableVersion of a DescribeTable. */
  static void describe(Table t, ObjectNode d, Instant now) {
    ObjectNode tableClass = d.putObject("TableClassSummary");
    tableClass.put("TableClass", t.tableClass);
    Json.putTime(tableClass, "LastUpdateDateTime", t.tableClassUpdatedAt);
    if ("PAY_PER_REQUEST".equals(t.def.billingMode)) {
      d.set("OnDemandThroughput", onDemand(t.maxReadRequestUnits, t.maxWriteRequestUnits));
    }
    d.set("WarmThroughput", warm(t.warmReads, t.warmWrites, t.status));
    if (!t.replicas.isEmpty()) {
      d.put("GlobalTableVersion", "2019.11.21");
      ArrayNode replicas = d.putArray("Replicas");
      for (Replica replica : t.replicas.values()) {
        ObjectNode n = replicas.addObject();
        n.put("RegionName", replica.region);
        n.put("ReplicaStatus", replica.status(now));
        Json.putIfNotNull(n, "KMSMasterKeyId", replica.kmsMasterKeyId);
        if (replica.tableClassOverride != null) {
          n.putObject("ReplicaTableClassSummary").put("TableClass", replica.tableClassOverride);
        }
      }
    }
  }

  /** OnDemandThroughput and WarmThroughput of a GSI description. */
  static void describe(Table t, TableIndex i, ObjectNode n) {
    if ("PAY_PER_REQUEST".equals(t.def.billingMode)) {
      n.set("OnDemandThroughput", onDemand(i.maxReadRequestUnits, i.maxWriteRequestUnits));
    }
    n.set("WarmThroughput", warm(i.warmReads, i.warmWrites, "ACTIVE"));
  }

  private static ObjectNode onDemand(long reads, long writes) {
    return Json.object().put("MaxReadRequestUnits", reads).put("MaxWriteRequestUnits", writes);
  }

  private static ObjectNode warm(long reads, long writes, String status) {
    return Json.object().put("ReadUnitsPerSecond", reads).put("WriteUnitsPerSecond", writes).put("Status", status);
  }

  /** The regions of the table's replicas, for describing the group from any member. */
  static List<String> replicaRegions(Table t) {
    return new ArrayList<>(t.replicas.keySet());
  }
}
