package io.dynamobackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON (the wire format of an item: {@code {"name": {"S": "x"}, "n": {"N": "1"}}}) to and from the SDK's
 * AttributeValue. Binary values are base64, numbers strings, as on the wire.
 */
final class DynamoJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DynamoJson() {}

  static Map<String, AttributeValue> item(JsonNode item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue(), e.getKey())));
    return out;
  }

  static ObjectNode json(Map<String, AttributeValue> item) {
    ObjectNode out = JSON.createObjectNode();
    item.forEach((name, value) -> out.set(name, json(value)));
    return out;
  }

  static AttributeValue value(JsonNode node, String name) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(name + ": not a DynamoDB JSON value (one of S, N, B, BOOL, NULL, SS, NS, BS,"
          + " L, M): " + node);
    }
    var entry = node.fields().next();
    JsonNode v = entry.getValue();
    return switch (entry.getKey()) {
      case "S" -> AttributeValue.fromS(v.asText());
      case "N" -> AttributeValue.fromN(v.asText());
      case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
      case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "SS" -> AttributeValue.fromSs(strings(v));
      case "NS" -> AttributeValue.fromNs(strings(v));
      case "BS" -> AttributeValue.fromBs(strings(v).stream()
          .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        v.forEach(element -> list.add(value(element, name + "[]")));
        yield AttributeValue.fromL(list);
      }
      case "M" -> AttributeValue.fromM(item(v));
      default -> throw new IllegalArgumentException(name + ": unknown DynamoDB JSON type " + entry.getKey());
    };
  }

  static JsonNode json(AttributeValue value) {
    ObjectNode out = JSON.createObjectNode();
    switch (value.type()) {
      case S -> out.put("S", value.s());
      case N -> out.put("N", value.n());
      case B -> out.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
      case BOOL -> out.put("BOOL", value.bool());
      case NUL -> out.put("NULL", true);
      case SS -> value.ss().forEach(out.putArray("SS")::add);
      case NS -> value.ns().forEach(out.putArray("NS")::add);
      case BS -> {
        ArrayNode array = out.putArray("BS");
        value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
      }
      case L -> {
        ArrayNode array = out.putArray("L");
        value.l().forEach(element -> array.add(json(element)));
      }
      case M -> out.set("M", json(value.m()));
      default -> throw new IllegalArgumentException("unsupported AttributeValue " + value);
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(element -> out.add(element.asText()));
    return out;
  }
}
