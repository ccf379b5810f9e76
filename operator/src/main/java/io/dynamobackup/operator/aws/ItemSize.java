package io.dynamobackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The size DynamoDB bills an item by (attribute names plus values, UTF-8; numbers about one byte per two digits), and
 * the write capacity units a write of it costs: one per started KB, at least one.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
public final class ItemSize {
  private ItemSize() {}

  /** Write capacity units of writing {@code item} (DynamoDB JSON) when no larger item is replaced. */
  public static long writeUnits(JsonNode item) {
    return Math.max(1, (bytes(item) + 1023) / 1024);
  }

  /** The item's size in bytes, as DynamoDB computes it (approximately for numbers). */
  public static long bytes(JsonNode item) {
    long size = 0;
    for (Map.Entry<String, JsonNode> attribute : (Iterable<Map.Entry<String, JsonNode>>) item::fields) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + value(attribute.getValue());
    }
    return size;
  }

  private static long value(JsonNode value) {
    if (value == null || !value.isObject() || value.size() != 1) {
      return 0;
    }
    var entry = value.fields().next();
    JsonNode v = entry.getValue();
    return switch (entry.getKey()) {
      case "S" -> v.asText().getBytes(StandardCharsets.UTF_8).length;
      case "N" -> (v.asText().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
      case "B" -> Base64.getDecoder().decode(v.asText()).length;
      case "BOOL", "NULL" -> 1;
      case "SS", "NS", "BS" -> {
        long sum = 0;
        for (JsonNode element : v) {
          sum += value(mapper().createObjectNode().set(entry.getKey().substring(0, 1), element));
        }
        yield sum;
      }
      case "L" -> {
        long sum = 3;
        for (JsonNode element : v) {
          sum += 1 + value(element);
        }
        yield sum;
      }
      case "M" -> 3 + bytes(v) + v.size();
      default -> 0;
    };
  }

  private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
    return MapperHolder.MAPPER;
  }

  private static final class MapperHolder {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }
}
