package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;

/** A local or global secondary index definition. */
public final class TableIndex {
  public final String name;
  public final boolean global;
  public final ArrayNode keySchema;
  public final String hashKey;
  public final String rangeKey;
  public final ObjectNode projection;
  public long rcu;
  public long wcu;
  public long maxReadRequestUnits = -1;
  public long maxWriteRequestUnits = -1;
  public long warmReads = TableFeatures.DEFAULT_WARM_READS;
  public long warmWrites = TableFeatures.DEFAULT_WARM_WRITES;

  public TableIndex(String name, boolean global, ArrayNode keySchema, ObjectNode projection, long rcu, long wcu) {
    this.name = name;
    this.global = global;
    this.keySchema = keySchema;
    this.projection = projection;
    this.rcu = rcu;
    this.wcu = wcu;
    String h = null;
    String r = null;
    for (JsonNode k : keySchema) {
      if ("HASH".equals(k.path("KeyType").asText())) {
        h = k.path("AttributeName").asText();
      } else if ("RANGE".equals(k.path("KeyType").asText())) {
        r = k.path("AttributeName").asText();
      }
    }
    if (h == null) {
      throw ApiException.validation("No Hash Key specified in schema of index " + name);
    }
    this.hashKey = h;
    this.rangeKey = r;
  }

  /** Parses a LocalSecondaryIndex / GlobalSecondaryIndex request element. */
  public static TableIndex parse(JsonNode spec, boolean global) {
    String name = spec.path("IndexName").asText(null);
    if (name == null || name.isEmpty()) {
      throw ApiException.validation("IndexName must be specified");
    }
    if (!spec.path("KeySchema").isArray()) {
      throw ApiException.validation("KeySchema must be specified for index " + name);
    }
    ObjectNode projection = spec.has("Projection") ? (ObjectNode) spec.get("Projection").deepCopy() : null;
    if (projection == null) {
      throw ApiException.validation("Projection must be specified for index " + name);
    }
    JsonNode pt = spec.path("ProvisionedThroughput");
    return new TableIndex(name, global, (ArrayNode) spec.get("KeySchema").deepCopy(), projection,
        pt.path("ReadCapacityUnits").asLong(0), pt.path("WriteCapacityUnits").asLong(0));
  }

  /** The index's definition as a backup keeps it: keys, projection and capacity (not its throughput settings). */
  public TableIndex copy() {
    return new TableIndex(name, global, keySchema.deepCopy(), projection.deepCopy(), rcu, wcu);
  }

  /** A copy with the same throughput settings too (UpdateTable validates on such a copy). */
  public TableIndex copyWithSettings() {
    TableIndex i = copy();
    i.maxReadRequestUnits = maxReadRequestUnits;
    i.maxWriteRequestUnits = maxWriteRequestUnits;
    i.warmReads = warmReads;
    i.warmWrites = warmWrites;
    return i;
  }

  public String projectionType() {
    return projection.path("ProjectionType").asText("ALL");
  }
}
