package io.dynamobackup.localaws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns flat AWS query parameters ({@code Dimensions.member.1.Name=TableName}) into a JSON tree
 * ({@code {"Dimensions":[{"Name":"TableName"}]}}) so handlers read them like the JSON protocols. Every leaf is text.
 */
public final class QueryParams {
  private QueryParams() {}

  public static ObjectNode toJson(Map<String, String> params) {
    Map<String, Object> root = new TreeMap<>();
    params.forEach((key, value) -> put(root, key.split("\\."), 0, value));
    return (ObjectNode) convert(root);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> node, String[] path, int i, String value) {
    String field = path[i];
    if (i + 2 < path.length && path[i + 1].equals("member") && path[i + 2].matches("\\d+")) {
      TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) node.computeIfAbsent(field + "[]",
          k -> new TreeMap<Integer, Object>());
      int index = Integer.parseInt(path[i + 2]);
      if (i + 3 == path.length) {
        list.put(index, value);
      } else {
        Map<String, Object> element = (Map<String, Object>) list.computeIfAbsent(index, k -> new TreeMap<String, Object>());
        put(element, path, i + 3, value);
      }
    } else if (i + 1 == path.length) {
      node.put(field, value);
    } else {
      put((Map<String, Object>) node.computeIfAbsent(field, k -> new TreeMap<String, Object>()), path, i + 1, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonNode convert(Object value) {
    if (value instanceof String s) {
      return Json.MAPPER.getNodeFactory().textNode(s);
    }
    if (value instanceof TreeMap<?, ?> map && !map.isEmpty() && map.firstKey() instanceof Integer) {
      ArrayNode array = Json.array();
      ((TreeMap<Integer, Object>) map).values().forEach(v -> array.add(convert(v)));
      return array;
    }
    ObjectNode object = Json.object();
    ((Map<String, Object>) value).forEach((k, v) -> object.set(k.endsWith("[]") ? k.substring(0, k.length() - 2) : k,
        convert(v)));
    return object;
  }
}
