package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.backup.BackupJob;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable. */
final class TableOperations {

  JsonNode createTable(Request r) {
    String name = DynamoDbService.nameOf(r, r.requiredText("TableName"));
    RegionState region = r.region();
    if (region.tables.containsKey(name)) {
      throw ApiException.ddbInUse("Table already exists: " + name);
    }
    TableDefinition def = new TableDefinition();
    if (!(r.node("AttributeDefinitions") instanceof ArrayNode attrs) || !(r.node("KeySchema") instanceof ArrayNode keys)) {
      throw ApiException.validation("1 validation error detected: AttributeDefinitions and KeySchema must be specified");
    }
    def.attributeDefinitions = attrs.deepCopy();
    def.setKeySchema(keys.deepCopy());
    def.billingMode = r.text("BillingMode") == null ? "PROVISIONED" : r.text("BillingMode");
    applyBilling(def, def.billingMode, r.node("ProvisionedThroughput"));
    if (r.node("LocalSecondaryIndexes") instanceof ArrayNode lsis) {
      if (def.rangeKey == null) {
        throw ApiException.validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
      }
      lsis.forEach(s -> def.lsis.add(TableIndex.parse(s, false)));
    }
    if (r.node("GlobalSecondaryIndexes") instanceof ArrayNode gsis) {
      for (JsonNode s : gsis) {
        TableIndex i = TableIndex.parse(s, true);
        checkIndexThroughput(def.billingMode, s, i.name);
        def.gsis.add(i);
      }
    }
    def.validate();
    TableRules.attributeDefinitionsUsed(def);
    def.sse = TableRules.sse(r, r.node("SSESpecification"));
    Stream stream = Stream.of(null, r.node("StreamSpecification"), r.now, true);
    TableFeatures.tableSettings(r, null, def, false);
    Map<String, String> tags = new LinkedHashMap<>();
    if (r.node("Tags") instanceof ArrayNode list) {
      list.forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
    }
    TableRules.tags(Map.of(), tags);
    Table t = new Table(r.scope, name, r.now, def);
    if ("PAY_PER_REQUEST".equals(def.billingMode)) {
      t.lastPayPerRequestAt = r.now;
    }
    if (stream != null) {
      stream.applyTo(t);
    }
    t.deletionProtection = Boolean.TRUE.equals(Json.bool(r.body, "DeletionProtectionEnabled"));
    t.tags.putAll(tags);
    TableFeatures.tableSettings(r, t, def, true);
    Duration delay = r.world.options().tableCreationDelay();
    if (!delay.isZero()) {
      t.status = "CREATING";
      t.activeAt = r.now.plus(delay);
      r.world.schedule(t);
    }
    region.tables.put(name, t);
    ObjectNode out = Json.object();
    out.set("TableDescription", TableDescriber.describe(t, r.now));
    return out;
  }

  static void applyBilling(TableDefinition def, String mode, JsonNode pt) {
    if ("PAY_PER_REQUEST".equals(mode)) {
      if (pt != null && (pt.path("ReadCapacityUnits").asLong(0) > 0 || pt.path("WriteCapacityUnits").asLong(0) > 0)) {
        throw ApiException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      }
      def.rcu = 0;
      def.wcu = 0;
    } else if ("PROVISIONED".equals(mode)) {
      if (pt == null || !pt.has("ReadCapacityUnits") || !pt.has("WriteCapacityUnits")) {
        throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
      }
      def.rcu = pt.get("ReadCapacityUnits").asLong();
      def.wcu = pt.get("WriteCapacityUnits").asLong();
      if (def.rcu < 1 || def.wcu < 1) {
        throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must be at least 1");
      }
    } else {
      throw ApiException.validation("1 validation error detected: Value '" + mode
          + "' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }
  }

  private static void checkIndexThroughput(String mode, JsonNode spec, String name) {
    boolean has = spec.has("ProvisionedThroughput");
    if ("PROVISIONED".equals(mode) && !has) {
      throw ApiException.validation("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: " + name);
    }
    if ("PAY_PER_REQUEST".equals(mode) && has) {
      throw ApiException.validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: " + name + " when BillingMode is PAY_PER_REQUEST");
    }
  }

  /** A stream setting to apply to a table once the whole request has been validated. */
  private record Stream(boolean enabled, String viewType, String label) {
    /** The change {@code spec} asks for on table {@code t} (null while creating), or null for none. */
    static Stream of(Table t, JsonNode spec, Instant now, boolean creating) {
      if (spec == null) {
        return null;
      }
      boolean currently = t != null && t.streamEnabled;
      if (spec.path("StreamEnabled").asBoolean(false)) {
        if (currently) {
          throw ApiException.validation("Table already has an enabled stream: " + t.arn);
        }
        String view = spec.path("StreamViewType").asText(null);
        if (view == null) {
          throw ApiException.validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
        }
        return new Stream(true, view, TableDescriber.streamLabel(now));
      }
      if (!currently && !creating) {
        throw ApiException.validation("Table already has stream disabled: " + t.arn);
      }
      return new Stream(false, null, null);
    }

    void applyTo(Table t) {
      t.streamEnabled = enabled;
      t.streamViewType = viewType;
      if (label != null) {
        t.streamLabel = label;
      }
    }
  }

  JsonNode describeTable(Request r) {
    Table t = DynamoDbService.table(r);
    ObjectNode out = Json.object();
    out.set("Table", TableDescriber.describe(t, r.now));
    return out;
  }

  JsonNode listTables(Request r) {
    String start = r.text("ExclusiveStartTableName");
    int limit = r.node("Limit") == null ? 100 : r.node("Limit").asInt();
    ObjectNode out = Json.object();
    ArrayNode names = out.putArray("TableNames");
    Iterator<String> it = r.region().tables.keySet().iterator();
    String last = null;
    while (it.hasNext()) {
      String name = it.next();
      if (start != null && name.compareTo(start) <= 0) {
        continue;
      }
      if (names.size() == limit) {
        out.put("LastEvaluatedTableName", last);
        break;
      }
      names.add(name);
      last = name;
    }
    return out;
  }

  /** Validates the whole update on a copy of the table's definition, then applies it: a refused call changes nothing. */
  JsonNode updateTable(Request r) {
    Table t = DynamoDbService.table(r);
    if (!"ACTIVE".equals(t.status)) {
      throw ApiException.ddbInUse("Attempt to change a resource which is still in use: Table is being "
          + t.status.toLowerCase() + ": " + t.name);
    }
    TableRules.somethingToUpdate(r);
    TableDefinition def = t.def.copyWithSettings();
    if (r.node("AttributeDefinitions") instanceof ArrayNode attrs) {
      for (JsonNode a : attrs) {
        if (def.attributeType(a.path("AttributeName").asText()) == null) {
          def.attributeDefinitions.add(a.deepCopy());
        }
      }
    }
    String mode = r.text("BillingMode");
    JsonNode pt = r.node("ProvisionedThroughput");
    boolean toPayPerRequest = false;
    if (mode != null && !mode.equals(def.billingMode)) {
      applyBilling(def, mode, pt);
      for (TableIndex i : def.gsis) {
        i.rcu = def.rcu;
        i.wcu = def.wcu;
      }
      def.billingMode = mode;
      toPayPerRequest = "PAY_PER_REQUEST".equals(mode);
    } else if (pt != null) {
      applyBilling(def, def.billingMode, pt);
    }
    if (r.node("GlobalSecondaryIndexUpdates") instanceof ArrayNode updates) {
      for (JsonNode u : updates) {
        updateIndex(def, u);
      }
    }
    def.validate();
    def.pruneAttributeDefinitions();
    if (r.node("SSESpecification") != null) {
      def.sse = TableRules.sse(r, r.node("SSESpecification"));
    }
    Stream stream = Stream.of(t, r.node("StreamSpecification"), r.now, false);
    Boolean protection = Json.bool(r.body, "DeletionProtectionEnabled");
    TableFeatures.tableSettings(r, t, def, false);
    boolean imagesAfter = stream != null ? stream.enabled && "NEW_AND_OLD_IMAGES".equals(stream.viewType)
        : t.streamEnabled && "NEW_AND_OLD_IMAGES".equals(t.streamViewType);
    Runnable replicas = TableFeatures.replicaUpdates(r, t, imagesAfter);
    // everything is valid: apply (capacity until now refills at the old rates, from now at the new ones)
    t.capacity.settle(t, r.now);
    t.def = def;
    t.capacity.settle(t, r.now);
    TableFeatures.tableSettings(r, t, def, true);
    replicas.run();
    if (toPayPerRequest) {
      t.lastPayPerRequestAt = r.now;
    }
    if (stream != null) {
      stream.applyTo(t);
    }
    if (protection != null) {
      t.deletionProtection = protection;
    }
    ObjectNode out = Json.object();
    out.set("TableDescription", TableDescriber.describe(t, r.now));
    return out;
  }

  private static void updateIndex(TableDefinition def, JsonNode u) {
    if (u.has("Create")) {
      TableIndex i = TableIndex.parse(u.get("Create"), true);
      if (def.index(i.name) != null) {
        throw ApiException.validation("One or more parameter values were invalid: Index with name: " + i.name + " already exists");
      }
      checkIndexThroughput(def.billingMode, u.get("Create"), i.name);
      def.gsis.add(i);
    } else if (u.has("Delete")) {
      String name = u.get("Delete").path("IndexName").asText();
      if (!def.gsis.removeIf(i -> i.name.equals(name))) {
        throw ApiException.ddbNotFound("Requested resource not found: Index: " + name + " not found");
      }
    } else if (u.has("Update")) {
      String name = u.get("Update").path("IndexName").asText();
      TableIndex i = def.index(name);
      if (i == null || !i.global) {
        throw ApiException.ddbNotFound("Requested resource not found: Index: " + name + " not found");
      }
      JsonNode pt = u.get("Update").path("ProvisionedThroughput");
      i.rcu = pt.path("ReadCapacityUnits").asLong(i.rcu);
      i.wcu = pt.path("WriteCapacityUnits").asLong(i.wcu);
      TableFeatures.indexSettings(u.get("Update"), i, def.billingMode);
    }
  }

  JsonNode deleteTable(Request r) {
    Table t = DynamoDbService.table(r);
    if ("CREATING".equals(t.status)) {
      throw ApiException.ddbInUse("Attempt to change a resource which is still in use: Table is being created: " + t.name);
    }
    if (t.deletionProtection) {
      throw ApiException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
    }
    Object holder = r.world.slot(t.arn).holder();
    if (holder instanceof BackupJob job && job.isRunning()) {
      throw ApiException.ddbInUse("Attempt to change a resource which is still in use: Table is being backed up (backup job "
          + job.id + "): " + t.name);
    }
    for (Map.Entry<String, Table> e : r.region().tables.entrySet()) {
      if (e.getValue() == t) {
        r.region().tables.remove(e.getKey());
        break;
      }
    }
    t.deleted = true;
    t.status = "DELETING";
    if (t.pitrEnabled) {
      // DynamoDB keeps a deleted table's PITR for its recovery period (restorable by the table's ARN) and makes a
      // system backup of it, kept 35 days.
      t.deletedAt = r.now;
      r.region().deletedTables.put(t.arn, t);
      NativeBackup system = NativeBackup.deletedTable(t, r.now);
      r.region().nativeBackups.put(system.arn, system);
    }
    ObjectNode out = Json.object();
    out.set("TableDescription", TableDescriber.describe(t, r.now));
    return out;
  }
}
