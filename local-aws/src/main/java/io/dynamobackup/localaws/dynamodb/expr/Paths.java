package io.dynamobackup.localaws.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.List;

/** Reads and writes document paths in an item. */
final class Paths {
  private Paths() {}

  /** The attribute value at {@code path}, or null. */
  static JsonNode get(ObjectNode item, List<Object> path) {
    JsonNode current = item.get((String) path.get(0));
    for (int i = 1; i < path.size() && current != null; i++) {
      Object seg = path.get(i);
      if (seg instanceof Integer idx) {
        JsonNode list = current.get("L");
        current = list == null || idx >= list.size() ? null : list.get(idx);
      } else {
        JsonNode map = current.get("M");
        current = map == null ? null : map.get((String) seg);
      }
    }
    return current;
  }

  static void set(ObjectNode item, List<Object> path, JsonNode value) {
    if (path.size() == 1) {
      item.set((String) path.get(0), value);
      return;
    }
    JsonNode parent = get(item, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent == null) {
      throw ApiException.validation("The document path provided in the update expression is invalid for update");
    }
    if (last instanceof Integer idx) {
      ArrayNode list = (ArrayNode) parent.get("L");
      if (list == null) {
        throw ApiException.validation("The document path provided in the update expression is invalid for update");
      }
      if (idx >= list.size()) {
        list.add(value);
      } else {
        list.set(idx, value);
      }
    } else {
      ObjectNode map = (ObjectNode) parent.get("M");
      if (map == null) {
        throw ApiException.validation("The document path provided in the update expression is invalid for update");
      }
      map.set((String) last, value);
    }
  }

  static void remove(ObjectNode item, List<Object> path) {
    if (path.size() == 1) {
      item.remove((String) path.get(0));
      return;
    }
    JsonNode parent = get(item, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent == null) {
      return;
    }
    if (last instanceof Integer idx && parent.get("L") instanceof ArrayNode list) {
      if (idx < list.size()) {
        list.remove(idx.intValue());
      }
    } else if (last instanceof String key && parent.get("M") instanceof ObjectNode map) {
      map.remove(key);
    }
  }
}
