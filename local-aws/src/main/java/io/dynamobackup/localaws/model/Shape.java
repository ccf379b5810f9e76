package io.dynamobackup.localaws.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One shape of an AWS service model (botocore {@code service-2.json}): its type and the constraints a request value
 * must satisfy ({@code min}/{@code max} for lengths, sizes and numeric ranges, {@code pattern}, {@code enum},
 * {@code required} members).
 */
public final class Shape {
  /** A structure member: its name on the wire, the shape it refers to and where REST binds it. */
  public record Member(String name, String shape, String location, String locationName) {}

  public final String name;
  public final String type;
  public final BigDecimal min;
  public final BigDecimal max;
  public final String pattern;
  public final List<String> enumValues;
  public final Set<String> required;
  public final Map<String, Member> members;
  public final String memberShape;
  public final String keyShape;
  public final String valueShape;
  public final boolean sensitive;
  private final Pattern compiled;

  Shape(String name, JsonNode node) {
    this.name = name;
    this.type = node.path("type").asText();
    this.min = node.has("min") ? node.get("min").decimalValue() : null;
    this.max = node.has("max") ? node.get("max").decimalValue() : null;
    this.pattern = node.has("pattern") ? node.get("pattern").asText() : null;
    List<String> values = new ArrayList<>();
    node.path("enum").forEach(v -> values.add(v.asText()));
    this.enumValues = Collections.unmodifiableList(values);
    Set<String> req = new LinkedHashSet<>();
    node.path("required").forEach(v -> req.add(v.asText()));
    this.required = Collections.unmodifiableSet(req);
    Map<String, Member> m = new LinkedHashMap<>();
    node.path("members").fields().forEachRemaining(e -> m.put(e.getKey(), new Member(e.getKey(),
        e.getValue().path("shape").asText(), e.getValue().path("location").asText(null),
        e.getValue().path("locationName").asText(e.getKey()))));
    this.members = Collections.unmodifiableMap(m);
    this.memberShape = node.path("member").path("shape").asText(null);
    this.keyShape = node.path("key").path("shape").asText(null);
    this.valueShape = node.path("value").path("shape").asText(null);
    this.sensitive = node.path("sensitive").asBoolean(false);
    this.compiled = compile(pattern);
  }

  private static Pattern compile(String pattern) {
    if (pattern == null) {
      return null;
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return null; // a pattern Java cannot read is not checked rather than refusing every value
    }
  }

  public boolean isNumeric() {
    return switch (type) {
      case "integer", "long", "double", "float" -> true;
      default -> false;
    };
  }

  /** Whether the whole value matches the model's pattern (AWS's Coral validation anchors it at both ends). */
  public boolean matchesPattern(String value) {
    return compiled == null || compiled.matcher(value).matches();
  }

  /** A bound as AWS writes it in a message: integers plain, decimals of double shapes with a fraction. */
  public String bound(BigDecimal bound) {
    if ("double".equals(type) || "float".equals(type)) {
      return Double.toString(bound.doubleValue());
    }
    return bound.toBigInteger().toString();
  }
}
