package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import java.time.Duration;
import java.time.Instant;

/**
 * Creates a new table from a snapshot, as both AWS Backup StartRestoreJob and DynamoDB
 * RestoreTableFromBackup do. Like AWS, only the definition (keys, indexes, billing mode,
 * capacity, encryption) and the items come back: tags, TTL, streams, PITR, deletion protection
 * and resource policies are not restored.
 */
public final class Restorer {
  private Restorer() {}

  /** Optional overrides (null fields keep what the snapshot had). */
  public static final class Overrides {
    public String billingMode;
    public JsonNode provisionedThroughput;
    public ArrayNode globalSecondaryIndexes;
    public ArrayNode localSecondaryIndexes;
    public boolean overrideSse;
    public TableDefinition.Sse sse;
  }

  public static Duration duration(World world, TableSnapshot snapshot) {
    return world.options().restoreBaseDuration()
        .plus(world.options().restorePerItem().multipliedBy(snapshot.itemCount()));
  }

  /** Builds and validates the restored definition without creating anything. */
  public static TableDefinition definition(TableSnapshot snapshot, Overrides o) {
    TableDefinition def = snapshot.definition().copy();
    if (o == null) {
      return def;
    }
    if (o.globalSecondaryIndexes != null) {
      def.gsis.clear();
      o.globalSecondaryIndexes.forEach(s -> def.gsis.add(TableIndex.parse(s, true)));
    }
    if (o.localSecondaryIndexes != null) {
      def.lsis.clear();
      o.localSecondaryIndexes.forEach(s -> def.lsis.add(TableIndex.parse(s, false)));
    }
    String mode = o.billingMode != null ? o.billingMode : def.billingMode;
    if (o.billingMode != null || o.provisionedThroughput != null) {
      JsonNode pt = o.provisionedThroughput;
      if ("PROVISIONED".equals(mode) && pt == null) {
        if (def.rcu < 1) {
          throw ApiException.validation("One or more parameter values were invalid: ProvisionedThroughputOverride must be specified when BillingModeOverride is PROVISIONED");
        }
        pt = Json.object().put("ReadCapacityUnits", def.rcu).put("WriteCapacityUnits", def.wcu);
      }
      TableOperations.applyBilling(def, mode, pt);
      def.billingMode = mode;
      for (TableIndex i : def.gsis) {
        if ("PAY_PER_REQUEST".equals(mode)) {
          i.rcu = 0;
          i.wcu = 0;
        } else if (i.rcu < 1) {
          i.rcu = def.rcu;
          i.wcu = def.wcu;
        }
      }
    }
    if (o.overrideSse) {
      def.sse = o.sse;
    }
    def.validate();
    def.pruneAttributeDefinitions();
    return def;
  }

  /** The overrides a RestoreTableFromBackup or RestoreTableToPointInTime request names. */
  static Overrides overrides(io.dynamobackup.localaws.http.Request r) {
    Overrides o = new Overrides();
    o.billingMode = r.text("BillingModeOverride");
    o.provisionedThroughput = r.node("ProvisionedThroughputOverride");
    o.globalSecondaryIndexes = (ArrayNode) r.node("GlobalSecondaryIndexOverride");
    o.localSecondaryIndexes = (ArrayNode) r.node("LocalSecondaryIndexOverride");
    if (r.node("SSESpecificationOverride") != null) {
      o.overrideSse = true;
      o.sse = TableRules.sse(r, r.node("SSESpecificationOverride"));
    }
    return o;
  }

  /** Registers a CREATING table that becomes ACTIVE at {@code activeAt}. */
  public static Table create(World world, Scope scope, String targetName, TableSnapshot snapshot,
      TableDefinition def, String sourceBackupArn, Instant now, Instant activeAt) {
    return create(world, scope, targetName, snapshot, def, sourceBackupArn, now, now, activeAt);
  }

  /**
   * Registers a CREATING table that becomes ACTIVE at {@code activeAt}; {@code restoreDateTime} is the time the data
   * is from (RestoreSummary), {@code sourceBackupArn} null for a point-in-time restore.
   */
  public static Table create(World world, Scope scope, String targetName, TableSnapshot snapshot,
      TableDefinition def, String sourceBackupArn, Instant restoreDateTime, Instant now, Instant activeAt) {
    RegionState region = world.region(scope);
    if (region.tables.containsKey(targetName)) {
      throw new ApiException(400, "TableAlreadyExistsException", "Table already exists: " + targetName);
    }
    Table t = new Table(scope, targetName, now, def);
    t.status = "CREATING";
    t.activeAt = activeAt;
    if ("PAY_PER_REQUEST".equals(def.billingMode)) {
      t.lastPayPerRequestAt = now;
    }
    t.restoreSummary = Json.object();
    Json.putIfNotNull(t.restoreSummary, "SourceBackupArn", sourceBackupArn);
    t.restoreSummary.put("SourceTableArn", snapshot.tableArn());
    Json.putTime(t.restoreSummary, "RestoreDateTime", restoreDateTime);
    t.restoreSummary.put("RestoreInProgress", true);
    for (var item : snapshot.items()) {
      t.items.put(t.key(item, false), item);
    }
    region.tables.put(targetName, t);
    world.schedule(t);
    return t;
  }
}
