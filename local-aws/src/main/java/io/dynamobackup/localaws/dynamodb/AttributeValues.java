package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Operations on DynamoDB AttributeValue JSON ({@code {"S":"x"}}, {@code {"N":"1"}}, ...). */
public final class AttributeValues {
  private AttributeValues() {}

  /** The type tag of an attribute value: S, N, B, BOOL, NULL, SS, NS, BS, L, M. */
  public static String type(JsonNode av) {
    if (av == null || !av.isObject() || av.size() != 1) {
      throw ApiException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    return av.fieldNames().next();
  }

  /** Compares two scalar values of the same key type (S, N or B) in DynamoDB order. */
  public static int compare(JsonNode a, JsonNode b) {
    String ta = type(a);
    String tb = type(b);
    if (!ta.equals(tb)) {
      return ta.compareTo(tb);
    }
    switch (ta) {
      case "N":
        return new BigDecimal(a.get("N").asText()).compareTo(new BigDecimal(b.get("N").asText()));
      case "B":
        return compareBytes(bytes(a.get("B").asText()), bytes(b.get("B").asText()));
      case "S":
        return compareBytes(
            a.get("S").asText().getBytes(StandardCharsets.UTF_8),
            b.get("S").asText().getBytes(StandardCharsets.UTF_8));
      default:
        return a.toString().compareTo(b.toString());
    }
  }

  /** Value equality with DynamoDB semantics (numbers numerically, sets unordered). */
  public static boolean valueEquals(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    String ta = type(a);
    if (!ta.equals(type(b))) {
      return false;
    }
    switch (ta) {
      case "S":
      case "N":
      case "B":
        return compare(a, b) == 0;
      case "SS":
      case "BS":
        return asSet(a.get(ta), false).equals(asSet(b.get(ta), false));
      case "NS":
        return asSet(a.get(ta), true).equals(asSet(b.get(ta), true));
      case "L": {
        JsonNode la = a.get("L");
        JsonNode lb = b.get("L");
        if (la.size() != lb.size()) {
          return false;
        }
        for (int i = 0; i < la.size(); i++) {
          if (!valueEquals(la.get(i), lb.get(i))) {
            return false;
          }
        }
        return true;
      }
      case "M": {
        JsonNode ma = a.get("M");
        JsonNode mb = b.get("M");
        if (ma.size() != mb.size()) {
          return false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = ma.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!valueEquals(e.getValue(), mb.get(e.getKey()))) {
            return false;
          }
        }
        return true;
      }
      default:
        return a.equals(b);
    }
  }

  static Set<String> asSet(JsonNode arr, boolean numeric) {
    Set<String> s = new HashSet<>();
    arr.forEach(v -> s.add(numeric ? new BigDecimal(v.asText()).stripTrailingZeros().toPlainString() : v.asText()));
    return s;
  }

  /**
   * A DynamoDB number: up to 38 significant digits, magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125
   * (or zero). https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
   */
  static void checkNumber(String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw ApiException.validation("A value provided cannot be converted into a number");
    }
    if (number.signum() == 0) {
      return;
    }
    if (number.stripTrailingZeros().precision() > 38) {
      throw ApiException.validation("Attempting to store more than 38 significant digits in a Number");
    }
    if (number.abs().compareTo(new BigDecimal("1E126")) >= 0) {
      throw ApiException.validation("Number overflow. Attempting to store a number with magnitude larger than supported"
          + " range");
    }
    if (number.abs().compareTo(new BigDecimal("1E-130")) < 0) {
      throw ApiException.validation("Number underflow. Attempting to store a number with magnitude smaller than"
          + " supported range");
    }
  }

  static byte[] bytes(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static int compareBytes(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /** Approximate DynamoDB item size in bytes (attribute names + values). */
  public static long itemSize(ObjectNode item) {
    long size = 0;
    Iterator<Map.Entry<String, JsonNode>> it = item.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(e.getValue());
    }
    return size;
  }

  static long valueSize(JsonNode av) {
    String t = type(av);
    JsonNode v = av.get(t);
    switch (t) {
      case "S":
        return v.asText().getBytes(StandardCharsets.UTF_8).length;
      case "N":
        return numberSize(v.asText());
      case "B":
        return bytes(v.asText()).length;
      case "BOOL":
      case "NULL":
        return 1;
      case "SS": {
        long s = 0;
        for (JsonNode x : v) {
          s += x.asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return s;
      }
      case "NS": {
        long s = 0;
        for (JsonNode x : v) {
          s += numberSize(x.asText());
        }
        return s;
      }
      case "BS": {
        long s = 0;
        for (JsonNode x : v) {
          s += bytes(x.asText()).length;
        }
        return s;
      }
      case "L": {
        long s = 3;
        for (JsonNode x : v) {
          s += 1 + valueSize(x);
        }
        return s;
      }
      case "M": {
        long s = 3;
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          s += 1 + e.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(e.getValue());
        }
        return s;
      }
      default:
        return v.toString().length();
    }
  }

  private static long numberSize(String n) {
    String digits = n.replace("-", "").replace(".", "");
    return 1 + (digits.length() + 1) / 2;
  }
}
