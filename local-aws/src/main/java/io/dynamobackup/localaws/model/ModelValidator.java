package io.dynamobackup.localaws.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dynamobackup.localaws.core.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Checks a request against the constraints of its service model, for every operation alike: required members,
 * string lengths, patterns and enums, numeric ranges and list/map sizes, down through nested structures, lists and
 * maps. Values of the query protocol arrive as text and are read as the numbers or booleans their shapes declare.
 * Collects every violation (AWS lists up to ten) instead of stopping at the first.
 */
public final class ModelValidator {
  /** AWS's request validation reports at most this many violations in one message. */
  static final int MAX_REPORTED = 10;

  /** A value that cannot be read as its shape's type (a JSON list where a string belongs, "abc" for an integer). */
  public static final class TypeMismatch extends RuntimeException {
    public final String path;
    public final String expectedType;
    public final JsonNode value;

    TypeMismatch(String path, String expectedType, JsonNode value) {
      super("Value '" + Violation.text(value) + "' at '" + path + "' is not of type " + expectedType, null, false,
          false);
      this.path = path;
      this.expectedType = expectedType;
      this.value = value;
    }
  }

  private final ServiceModel model;
  /** (shape, value) → the shape to check the value against; lets a service validate one value by another shape. */
  private final BiFunction<Shape, JsonNode, Shape> substitution;

  public ModelValidator(ServiceModel model, BiFunction<Shape, JsonNode, Shape> substitution) {
    this.model = model;
    this.substitution = substitution;
  }

  public ModelValidator(ServiceModel model) {
    this(model, (shape, value) -> shape);
  }

  /**
   * The violations of {@code input} (the operation's input structure as JSON) against the operation's input shape;
   * empty when it satisfies the model or the operation is not modelled.
   *
   * @throws TypeMismatch when a value cannot be read as its shape's type
   */
  public List<Violation> validate(String operation, JsonNode input) {
    Shape shape = model.input(operation);
    List<Violation> out = new ArrayList<>();
    if (shape != null) {
      structure(shape, input == null ? Json.object() : input, "", out);
    }
    return out.size() > MAX_REPORTED ? List.copyOf(out.subList(0, MAX_REPORTED)) : out;
  }

  /**
   * The violations of one scalar value (a string or number found outside the model, e.g. in a free-form map) against
   * a shape of the model, worded as if the value were the member at {@code path}.
   */
  public static List<Violation> check(Shape shape, String path, JsonNode value) {
    List<Violation> out = new ArrayList<>();
    for (String c : ownConstraints(shape, value, path)) {
      out.add(new Violation(path, value, c, shape.sensitive));
    }
    return out;
  }

  /**
   * The input structure of a REST operation from its three sources, by the model's bindings: path parameters
   * ({@code location: uri}), query parameters ({@code querystring}) and the JSON body (everything else).
   */
  public static ObjectNode restInput(Shape input, JsonNode body, Map<String, String> path, Map<String, String> query) {
    ObjectNode out = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : Json.object();
    if (input == null) {
      return out;
    }
    for (Shape.Member m : input.members.values()) {
      String raw = "uri".equals(m.location()) ? path.get(m.locationName())
          : "querystring".equals(m.location()) ? query.get(m.locationName()) : null;
      if (m.location() != null) {
        out.remove(m.name());
        if (raw != null) {
          out.put(m.name(), raw);
        }
      }
    }
    return out;
  }

  private void structure(Shape shape, JsonNode node, String path, List<Violation> out) {
    if (!node.isObject()) {
      throw new TypeMismatch(path, "structure", node);
    }
    for (Shape.Member m : shape.members.values()) {
      JsonNode value = node.get(m.name());
      String memberPath = (path.isEmpty() ? "" : path + ".") + lowerFirst(m.name());
      if (value == null || value.isNull()) {
        if (shape.required.contains(m.name())) {
          out.add(new Violation(memberPath, null, "Member must not be null", false));
        }
        continue;
      }
      value(model.shape(m.shape()), value, memberPath, out);
    }
  }

  private void value(Shape declared, JsonNode value, String path, List<Violation> out) {
    Shape shape = substitution.apply(declared, value);
    for (String c : ownConstraints(shape, value, path)) {
      out.add(new Violation(path, value, c, shape.sensitive));
    }
    contents(shape, value, path, out);
  }

  /** The members, elements or entries of a value (its own constraints are checked by the caller). */
  private void contents(Shape shape, JsonNode value, String path, List<Violation> out) {
    switch (shape.type) {
      case "structure" -> structure(shape, value, path, out);
      case "list" -> {
        JsonNode list = listOf(value, path);
        Shape member = model.shape(shape.memberShape);
        for (int i = 0; i < list.size(); i++) {
          value(member, list.get(i), path + "." + (i + 1) + ".member", out);
        }
      }
      case "map" -> map(shape, value, path, out);
      default -> { }
    }
  }

  private void map(Shape shape, JsonNode map, String path, List<Violation> out) {
    if (!map.isObject()) {
      throw new TypeMismatch(path, "map", map);
    }
    Shape key = model.shape(shape.keyShape);
    Shape valueShape = model.shape(shape.valueShape);
    boolean badKey = false;
    boolean badValue = false;
    Iterator<Map.Entry<String, JsonNode>> entries = map.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      badKey |= !ownConstraints(key, TextNode.valueOf(e.getKey()), path).isEmpty();
      badValue |= e.getValue().isNull() || !ownConstraints(valueShape, e.getValue(), path).isEmpty();
    }
    // AWS reports the map once per side, listing every constraint of the key or value shape
    if (badKey) {
      out.add(new Violation(path, map, "Map keys must satisfy constraint: " + bracket(key), shape.sensitive));
    }
    if (badValue) {
      out.add(new Violation(path, map, "Map value must satisfy constraint: " + bracket(valueShape), shape.sensitive));
    }
    map.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) { // the values' own constraints were reported with the map above
        contents(valueShape, e.getValue(), path + "." + e.getKey(), out);
      }
    });
  }

  private static JsonNode listOf(JsonNode value, String path) {
    if (value.isArray()) {
      return value;
    }
    if (value.isTextual()) { // the query protocol sends an empty list as "Name=", a REST query list as one value
      ArrayNode list = Json.array();
      if (!value.asText().isEmpty()) {
        list.add(value);
      }
      return list;
    }
    throw new TypeMismatch(path, "list", value);
  }

  /** The constraints a value breaks on its own shape (not its members), in AWS's wording. */
  private static List<String> ownConstraints(Shape shape, JsonNode value, String path) {
    List<String> broken = new ArrayList<>();
    switch (shape.type) {
      case "string" -> {
        if (!value.isValueNode() || value.isNumber() || value.isBoolean()) {
          throw new TypeMismatch(path, "string", value);
        }
        String s = value.asText();
        length(shape, s.length(), broken);
        if (shape.pattern != null && !shape.matchesPattern(s)) {
          broken.add("Member must satisfy regular expression pattern: " + shape.pattern);
        }
        if (!shape.enumValues.isEmpty() && !shape.enumValues.contains(s)) {
          broken.add("Member must satisfy enum value set: [" + String.join(", ", shape.enumValues) + "]");
        }
      }
      case "list" -> length(shape, listOf(value, path).size(), broken);
      case "map" -> {
        if (!value.isObject()) {
          throw new TypeMismatch(path, "map", value);
        }
        length(shape, value.size(), broken);
      }
      case "integer", "long", "double", "float" -> {
        BigDecimal n = number(value, shape, path);
        if (shape.min != null && n.compareTo(shape.min) < 0) {
          broken.add("Member must have value greater than or equal to " + shape.bound(shape.min));
        }
        if (shape.max != null && n.compareTo(shape.max) > 0) {
          broken.add("Member must have value less than or equal to " + shape.bound(shape.max));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean() && !(value.isTextual() && value.asText().matches("true|false"))) {
          throw new TypeMismatch(path, "boolean", value);
        }
      }
      default -> { }
    }
    return broken;
  }

  private static void length(Shape shape, int length, List<String> broken) {
    if (shape.min != null && length < shape.min.intValue()) {
      broken.add("Member must have length greater than or equal to " + shape.bound(shape.min));
    }
    if (shape.max != null && length > shape.max.longValue()) {
      broken.add("Member must have length less than or equal to " + shape.bound(shape.max));
    }
  }

  private static BigDecimal number(JsonNode value, Shape shape, String path) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException e) {
        throw new TypeMismatch(path, shape.type, value);
      }
    }
    throw new TypeMismatch(path, shape.type, value);
  }

  /** {@code [Member must have length less than or equal to 128, Member must have length greater ... , ...]}. */
  private static String bracket(Shape shape) {
    List<String> all = new ArrayList<>();
    String unit = shape.isNumeric() ? "value" : "length";
    if (shape.max != null) {
      all.add("Member must have " + unit + " less than or equal to " + shape.bound(shape.max));
    }
    if (shape.min != null) {
      all.add("Member must have " + unit + " greater than or equal to " + shape.bound(shape.min));
    }
    if (shape.pattern != null) {
      all.add("Member must satisfy regular expression pattern: " + shape.pattern);
    }
    if (!shape.enumValues.isEmpty()) {
      all.add("Member must satisfy enum value set: [" + String.join(", ", shape.enumValues) + "]");
    }
    return all.toString();
  }

  static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
