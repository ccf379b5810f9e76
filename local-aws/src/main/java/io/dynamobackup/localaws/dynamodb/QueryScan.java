package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.expr.ConditionExpression;
import io.dynamobackup.localaws.http.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Query and Scan, on the table or on a secondary index, with pagination. */
final class QueryScan {

  JsonNode scan(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    TableIndex index = index(r, t);
    return run(r, t, index, null);
  }

  JsonNode query(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    TableIndex index = index(r, t);
    String kce = r.text("KeyConditionExpression");
    if (kce == null) {
      throw ApiException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    ConditionExpression keyCondition = ConditionExpression.parse(kce, r.node("ExpressionAttributeNames"),
        r.node("ExpressionAttributeValues"));
    String hashKey = index == null ? t.def.hashKey : index.hashKey;
    String rangeKey = index == null ? t.def.rangeKey : index.rangeKey;
    if (!keyCondition.attributes().contains(hashKey)) {
      throw ApiException.validation("Query condition missed key schema element: " + hashKey);
    }
    for (String a : keyCondition.attributes()) {
      if (!a.equals(hashKey) && !a.equals(rangeKey)) {
        throw ApiException.validation("Query key condition not supported: " + a + " is not a key attribute");
      }
    }
    return run(r, t, index, keyCondition);
  }

  private static TableIndex index(Request r, Table t) {
    String name = r.text("IndexName");
    if (name == null) {
      return null;
    }
    TableIndex i = t.def.index(name);
    if (i == null) {
      throw ApiException.validation("The table does not have the specified index: " + name);
    }
    return i;
  }

  private JsonNode run(Request r, Table t, TableIndex index, ConditionExpression keyCondition) {
    Comparator<ObjectNode> order = order(t.def, index);
    boolean forward = r.node("ScanIndexForward") == null || r.node("ScanIndexForward").asBoolean(true);
    if (keyCondition != null && !forward) {
      order = order.reversed();
    }
    List<ObjectNode> candidates = new ArrayList<>(index == null ? t.items.values() : t.indexItems(index));
    if (index != null || keyCondition != null) {
      candidates.sort(order);
    }
    JsonNode esk = r.node("ExclusiveStartKey");
    int start = 0;
    if (esk instanceof ObjectNode startKey) {
      t.key(startKey, false);
      while (start < candidates.size() && order.compare(candidates.get(start), startKey) <= 0) {
        start++;
      }
    }
    ConditionExpression filter = r.text("FilterExpression") == null ? null
        : ConditionExpression.parse(r.text("FilterExpression"), r.node("ExpressionAttributeNames"),
            r.node("ExpressionAttributeValues"));
    int limit = r.node("Limit") == null ? Integer.MAX_VALUE : r.node("Limit").asInt();
    if (limit < 1) {
      throw ApiException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
    String select = r.text("Select") == null ? "ALL_ATTRIBUTES" : r.text("Select");
    String projection = r.text("ProjectionExpression");
    ObjectNode out = Json.object();
    ArrayNode items = Json.array();
    int scanned = 0;
    int count = 0;
    ObjectNode last = null;
    for (int i = start; i < candidates.size(); i++) {
      if (scanned == limit) {
        out.set("LastEvaluatedKey", lastKey(last, t.def, index));
        break;
      }
      ObjectNode item = candidates.get(i);
      if (keyCondition != null && !keyCondition.test(item)) {
        continue;
      }
      scanned++;
      last = item;
      if (filter != null && !filter.test(item)) {
        continue;
      }
      count++;
      if (!"COUNT".equals(select)) {
        ObjectNode visible = index == null ? item : Projection.indexProjection(item, t.def, index);
        items.add(Projection.project(visible, projection, r.node("ExpressionAttributeNames")));
      }
    }
    if (!"COUNT".equals(select)) {
      out.set("Items", items);
    }
    out.put("Count", count);
    out.put("ScannedCount", scanned);
    return out;
  }

  private static ObjectNode lastKey(ObjectNode item, TableDefinition def, TableIndex index) {
    ObjectNode key = Json.object();
    Projection.copy(item, key, def.hashKey);
    Projection.copy(item, key, def.rangeKey);
    if (index != null) {
      Projection.copy(item, key, index.hashKey);
      Projection.copy(item, key, index.rangeKey);
    }
    return key;
  }

  /** Order of items: by index key (when on an index), then by table primary key. */
  private static Comparator<ObjectNode> order(TableDefinition def, TableIndex index) {
    Comparator<ObjectNode> tableOrder = (a, b) -> {
      int c = compareAttr(a, b, def.hashKey);
      return c != 0 ? c : compareAttr(a, b, def.rangeKey);
    };
    if (index == null) {
      return tableOrder;
    }
    return (a, b) -> {
      int c = compareAttr(a, b, index.hashKey);
      if (c == 0) {
        c = compareAttr(a, b, index.rangeKey);
      }
      return c != 0 ? c : tableOrder.compare(a, b);
    };
  }

  private static int compareAttr(ObjectNode a, ObjectNode b, String attr) {
    if (attr == null) {
      return 0;
    }
    JsonNode x = a.get(attr);
    JsonNode y = b.get(attr);
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    return AttributeValues.compare(x, y);
  }
}
