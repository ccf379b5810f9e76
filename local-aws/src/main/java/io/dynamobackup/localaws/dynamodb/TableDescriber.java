package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Renders TableDescription and related DynamoDB shapes. */
public final class TableDescriber {
  private TableDescriber() {}

  public static ObjectNode describe(Table t, java.time.Instant now) {
    ObjectNode d = Json.object();
    TableDefinition def = t.def;
    d.set("AttributeDefinitions", def.attributeDefinitions.deepCopy());
    d.put("TableName", t.name);
    d.set("KeySchema", def.keySchema.deepCopy());
    d.put("TableStatus", t.status);
    Json.putTime(d, "CreationDateTime", t.createdAt);
    d.set("ProvisionedThroughput", throughput(def.rcu, def.wcu));
    long size = t.sizeBytes();
    d.put("TableSizeBytes", size);
    d.put("ItemCount", t.items.size());
    d.put("TableArn", t.arn);
    d.put("TableId", t.id);
    ObjectNode billing = d.putObject("BillingModeSummary");
    billing.put("BillingMode", def.billingMode);
    Json.putTime(billing, "LastUpdateToPayPerRequestDateTime", t.lastPayPerRequestAt);
    if (!def.lsis.isEmpty()) {
      ArrayNode lsis = d.putArray("LocalSecondaryIndexes");
      for (TableIndex i : def.lsis) {
        lsis.add(index(t, i));
      }
    }
    if (!def.gsis.isEmpty()) {
      ArrayNode gsis = d.putArray("GlobalSecondaryIndexes");
      for (TableIndex i : def.gsis) {
        gsis.add(index(t, i));
      }
    }
    if (t.streamEnabled) {
      ObjectNode s = d.putObject("StreamSpecification");
      s.put("StreamEnabled", true);
      s.put("StreamViewType", t.streamViewType);
    }
    if (t.streamLabel != null) {
      d.put("LatestStreamLabel", t.streamLabel);
      d.put("LatestStreamArn", t.arn + "/stream/" + t.streamLabel);
    }
    if (t.restoreSummary != null) {
      d.set("RestoreSummary", t.restoreSummary.deepCopy());
    }
    if (def.sse != null) {
      d.set("SSEDescription", sse(def.sse));
    }
    d.put("DeletionProtectionEnabled", t.deletionProtection);
    TableFeatures.describe(t, d, now);
    return d;
  }

  public static ObjectNode sse(TableDefinition.Sse sse) {
    ObjectNode s = Json.object();
    s.put("Status", "ENABLED");
    s.put("SSEType", "KMS");
    s.put("KMSMasterKeyArn", sse.kmsKeyArn());
    return s;
  }

  static ObjectNode throughput(long rcu, long wcu) {
    ObjectNode pt = Json.object();
    pt.put("NumberOfDecreasesToday", 0);
    pt.put("ReadCapacityUnits", rcu);
    pt.put("WriteCapacityUnits", wcu);
    return pt;
  }

  static ObjectNode index(Table t, TableIndex i) {
    ObjectNode n = Json.object();
    n.put("IndexName", i.name);
    n.set("KeySchema", i.keySchema.deepCopy());
    n.set("Projection", i.projection.deepCopy());
    if (i.global) {
      n.put("IndexStatus", "ACTIVE");
      n.set("ProvisionedThroughput", throughput(i.rcu, i.wcu));
      TableFeatures.describe(t, i, n);
    }
    List<ObjectNode> items = t.indexItems(i);
    long size = 0;
    for (ObjectNode item : items) {
      size += AttributeValues.itemSize(item);
    }
    n.put("IndexSizeBytes", size);
    n.put("ItemCount", items.size());
    n.put("IndexArn", t.arn + "/index/" + i.name);
    return n;
  }

  /** Index definitions as in a snapshot (no sizes), for DescribeBackup. */
  static ArrayNode indexDefinitions(List<TableIndex> indexes) {
    ArrayNode arr = Json.array();
    for (TableIndex i : indexes) {
      ObjectNode n = arr.addObject();
      n.put("IndexName", i.name);
      n.set("KeySchema", i.keySchema.deepCopy());
      n.set("Projection", i.projection.deepCopy());
      if (i.global) {
        ObjectNode pt = n.putObject("ProvisionedThroughput");
        pt.put("ReadCapacityUnits", i.rcu);
        pt.put("WriteCapacityUnits", i.wcu);
      }
    }
    return arr;
  }

  public static ArrayNode tags(Map<String, String> tags) {
    ArrayNode arr = Json.array();
    tags.forEach((k, v) -> arr.addObject().put("Key", k).put("Value", v));
    return arr;
  }

  public static String streamLabel(Instant at) {
    return at.toString().replace("Z", "").replaceFirst("(\\.\\d{3})\\d*$", "$1")
        + (at.getNano() == 0 ? ".000" : "");
  }
}
