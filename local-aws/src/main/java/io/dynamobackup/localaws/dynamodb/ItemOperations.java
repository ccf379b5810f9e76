package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.expr.ConditionExpression;
import io.dynamobackup.localaws.dynamodb.expr.UpdateExpression;
import io.dynamobackup.localaws.http.Request;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** PutItem, GetItem, DeleteItem, UpdateItem, BatchWriteItem, BatchGetItem. */
final class ItemOperations {

  JsonNode putItem(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    if (!(r.node("Item") instanceof ObjectNode item)) {
      throw ApiException.validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
    }
    ObjectNode copy = item.deepCopy();
    t.validateItem(copy);
    ItemKey key = t.key(copy, false);
    ObjectNode old = t.items.get(key);
    WriteCapacity.Cost cost = WriteCapacity.cost(t, old, copy);
    write(r, t, cost, old, () -> t.put(key, copy, r.now));
    return consumed(r, returnOld(r, old), cost);
  }

  JsonNode getItem(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    ObjectNode item = t.items.get(t.key(r.node("Key"), true));
    ObjectNode out = Json.object();
    if (item != null) {
      out.set("Item", Projection.project(item, r.text("ProjectionExpression"), r.node("ExpressionAttributeNames")));
    }
    return out;
  }

  JsonNode deleteItem(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    ItemKey key = t.key(r.node("Key"), true);
    ObjectNode old = t.items.get(key);
    WriteCapacity.Cost cost = WriteCapacity.cost(t, old, null);
    write(r, t, cost, old, () -> t.remove(key, r.now));
    return consumed(r, returnOld(r, old), cost);
  }

  JsonNode updateItem(Request r) {
    Table t = DynamoDbService.dataTable(r, r.requiredText("TableName"));
    JsonNode keyNode = r.node("Key");
    ItemKey key = t.key(keyNode, true);
    ObjectNode old = t.items.get(key);
    ConditionExpression condition = condition(r);
    ObjectNode updated = old == null ? ((ObjectNode) keyNode).deepCopy() : old.deepCopy();
    String expression = r.text("UpdateExpression");
    if (expression != null) {
      UpdateExpression update = UpdateExpression.parse(expression, r.node("ExpressionAttributeNames"),
          r.node("ExpressionAttributeValues"));
      for (String attr : update.touchedAttributes()) {
        if (attr.equals(t.def.hashKey) || attr.equals(t.def.rangeKey)) {
          throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute " + attr
              + ". This attribute is part of the key");
        }
      }
      update.apply(updated);
    } else if (r.node("AttributeUpdates") instanceof ObjectNode legacy) {
      applyAttributeUpdates(t, updated, legacy);
    }
    t.validateItem(updated);
    WriteCapacity.Cost cost = WriteCapacity.cost(t, old, updated);
    write(r, t, cost, condition, old, () -> t.put(key, updated, r.now));
    String rv = r.text("ReturnValues") == null ? "NONE" : r.text("ReturnValues");
    ObjectNode out = Json.object();
    switch (rv) {
      case "NONE":
        break;
      case "ALL_OLD":
        if (old != null) {
          out.set("Attributes", old.deepCopy());
        }
        break;
      case "ALL_NEW":
        out.set("Attributes", updated.deepCopy());
        break;
      case "UPDATED_OLD":
      case "UPDATED_NEW":
        ObjectNode source = rv.equals("UPDATED_OLD") ? old : updated;
        ObjectNode changed = Json.object();
        if (source != null) {
          Iterator<Map.Entry<String, JsonNode>> it = source.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode before = old == null ? null : old.get(e.getKey());
            JsonNode after = updated.get(e.getKey());
            boolean isKey = e.getKey().equals(t.def.hashKey) || e.getKey().equals(t.def.rangeKey);
            if (!isKey && (before == null || after == null || !before.equals(after))) {
              changed.set(e.getKey(), e.getValue().deepCopy());
            }
          }
        }
        out.set("Attributes", changed);
        break;
      default:
        throw ApiException.validation("1 validation error detected: Value '" + rv + "' at 'returnValues' failed to satisfy constraint");
    }
    return consumed(r, out, cost);
  }

  private static void applyAttributeUpdates(Table t, ObjectNode item, ObjectNode updates) {
    updates.fields().forEachRemaining(e -> {
      String action = e.getValue().path("Action").asText("PUT");
      JsonNode value = e.getValue().get("Value");
      if (e.getKey().equals(t.def.hashKey) || e.getKey().equals(t.def.rangeKey)) {
        throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute " + e.getKey()
            + ". This attribute is part of the key");
      }
      if ("DELETE".equals(action) && value == null) {
        item.remove(e.getKey());
      } else if ("PUT".equals(action) && value != null) {
        item.set(e.getKey(), value.deepCopy());
      } else {
        throw ApiException.validation("AttributeUpdates action " + action + " is not supported by local-aws; use UpdateExpression");
      }
    });
  }

  JsonNode batchWriteItem(Request r) {
    if (!(r.node("RequestItems") instanceof ObjectNode requests) || requests.isEmpty()) {
      throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
    }
    int count = 0;
    for (JsonNode list : requests) {
      count += list.size();
    }
    if (count > 25) {
      throw ApiException.validation("Too many items requested for the BatchWriteItem call");
    }
    // validate everything first: BatchWriteItem rejects the whole batch on a validation error
    requests.fields().forEachRemaining(e -> {
      Table t = DynamoDbService.dataTable(r, e.getKey());
      Set<ItemKey> seen = new HashSet<>();
      for (JsonNode req : e.getValue()) {
        if (req.has("PutRequest")) {
          ObjectNode item = (ObjectNode) req.get("PutRequest").get("Item");
          t.validateItem(item);
          TableRules.distinctKeys(seen, t.key(item, false));
        } else if (req.has("DeleteRequest")) {
          TableRules.distinctKeys(seen, t.key(req.get("DeleteRequest").get("Key"), true));
        } else {
          throw ApiException.validation("Supplied AttributeValue has neither PutRequest nor DeleteRequest");
        }
      }
    });
    // Each request is paid for on its own: what the tables' capacity cannot pay now is returned unprocessed, and only
    // when nothing at all could be written is the call refused.
    ObjectNode out = Json.object();
    ObjectNode unprocessed = out.putObject("UnprocessedItems");
    Map<String, WriteCapacity.Cost> consumed = new LinkedHashMap<>();
    int[] written = {0};
    requests.fields().forEachRemaining(e -> {
      Table t = DynamoDbService.dataTable(r, e.getKey());
      for (JsonNode req : e.getValue()) {
        boolean put = req.has("PutRequest");
        ItemKey key = put ? t.key(req.get("PutRequest").get("Item"), false)
            : t.key(req.get("DeleteRequest").get("Key"), true);
        ObjectNode item = put ? ((ObjectNode) req.get("PutRequest").get("Item")).deepCopy() : null;
        WriteCapacity.Cost cost = WriteCapacity.cost(t, t.items.get(key), item);
        if (!t.capacity.canAdmit(t, cost, r.now)) {
          ArrayNode left = unprocessed.has(e.getKey()) ? (ArrayNode) unprocessed.get(e.getKey())
              : unprocessed.putArray(e.getKey());
          left.add(req.deepCopy());
          continue;
        }
        t.capacity.consume(t, cost, r.now);
        consumed.merge(e.getKey(), cost, ItemOperations::sum);
        written[0]++;
        if (put) {
          t.put(key, item, r.now);
        } else {
          t.remove(key, r.now);
        }
      }
    });
    if (written[0] == 0) {
      throw WriteCapacity.exceeded(WriteCapacity.TABLE_EXCEEDED);
    }
    String mode = WriteCapacity.requested(r.body);
    if (!"NONE".equals(mode)) {
      ArrayNode list = out.putArray("ConsumedCapacity");
      consumed.values().forEach(cost -> list.add(cost.render(mode)));
    }
    return out;
  }

  private static WriteCapacity.Cost sum(WriteCapacity.Cost a, WriteCapacity.Cost b) {
    Map<String, Long> indexes = new LinkedHashMap<>(a.indexes());
    b.indexes().forEach((name, units) -> indexes.merge(name, units, Long::sum));
    return new WriteCapacity.Cost(a.tableName(), a.table() + b.table(), indexes);
  }

  JsonNode batchGetItem(Request r) {
    if (!(r.node("RequestItems") instanceof ObjectNode requests) || requests.isEmpty()) {
      throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
    }
    requests.fields().forEachRemaining(e -> {
      Table t = DynamoDbService.dataTable(r, e.getKey());
      Set<ItemKey> seen = new HashSet<>();
      e.getValue().path("Keys").forEach(key -> TableRules.distinctKeys(seen, t.key(key, true)));
    });
    ObjectNode out = Json.object();
    ObjectNode responses = out.putObject("Responses");
    requests.fields().forEachRemaining(e -> {
      Table t = DynamoDbService.dataTable(r, e.getKey());
      ArrayNode items = responses.putArray(e.getKey());
      for (JsonNode key : e.getValue().path("Keys")) {
        ObjectNode item = t.items.get(t.key(key, true));
        if (item != null) {
          items.add(Projection.project(item, e.getValue().path("ProjectionExpression").asText(null),
              e.getValue().get("ExpressionAttributeNames")));
        }
      }
    });
    out.putObject("UnprocessedKeys");
    return out;
  }

  private static void write(Request r, Table t, WriteCapacity.Cost cost, ObjectNode existing, Runnable apply) {
    write(r, t, cost, condition(r), existing, apply);
  }

  /**
   * Admits a write against the table's provisioned capacity (refused writes cost nothing), then checks its condition:
   * a failed condition still consumes the table's write capacity, as in DynamoDB; then applies it.
   */
  private static void write(Request r, Table t, WriteCapacity.Cost cost, ConditionExpression condition,
      ObjectNode existing, Runnable apply) {
    t.capacity.admit(t, cost, r.now);
    if (condition != null && !condition.test(existing)) {
      t.capacity.consume(t, cost.tableOnly(), r.now);
      throw new ApiException(400, "ConditionalCheckFailedException", "The conditional request failed");
    }
    t.capacity.consume(t, cost, r.now);
    apply.run();
  }

  private static ConditionExpression condition(Request r) {
    String condition = r.text("ConditionExpression");
    return condition == null ? null : ConditionExpression.parse(condition, r.node("ExpressionAttributeNames"),
        r.node("ExpressionAttributeValues"));
  }

  private static ObjectNode consumed(Request r, ObjectNode out, WriteCapacity.Cost cost) {
    String mode = WriteCapacity.requested(r.body);
    if (!"NONE".equals(mode)) {
      out.set("ConsumedCapacity", cost.render(mode));
    }
    return out;
  }

  private static ObjectNode returnOld(Request r, ObjectNode old) {
    ObjectNode out = Json.object();
    if ("ALL_OLD".equals(r.text("ReturnValues")) && old != null) {
      out.set("Attributes", old.deepCopy());
    }
    return out;
  }
}
