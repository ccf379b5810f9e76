package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Validates a custom resource against its CRD's structural OpenAPI v3 schema as the API server does: unknown fields
 * pruned (reported, so {@code fieldValidation=Strict} can refuse them), defaults filled in, then types, enums,
 * patterns, lengths, bounds, item counts, required fields, {@code nullable}, and every {@code x-kubernetes-validations}
 * rule ({@link CelRules}). On updates, {@code old} feeds transition rules ({@code oldSelf}), and a subtree that did not
 * change is not re-validated (validation ratcheting, on by default since Kubernetes 1.30), so objects stored under an
 * older schema can still get status updates. The one schema validator of the project: the API server uses it on every
 * write, the operator's schema tests call it directly.
 */
public final class SchemaValidator {
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** Errors in the order found; unknown fields as paths (already removed from the object). */
  public record Result(List<FieldError> errors, List<String> unknownFields) {
  }

  private final List<FieldError> errors = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();
  private boolean defaulted;

  private SchemaValidator() {
  }

  /**
   * Validates {@code object} in place against {@code schema} (the CRD version's {@code openAPIV3Schema}).
   *
   * @param old the stored object for an update, null for a create
   */
  public static Result validate(JsonNode schema, ObjectNode object, JsonNode old) {
    if (old instanceof ObjectNode stored) {
      // the API server defaults objects when it reads them from storage too: compare like with like
      old = stored.deepCopy();
      normalize(schema, (ObjectNode) old);
    }
    return validateStored(schema, object, old);
  }

  /** {@link #validate} with {@code old} as the store serves it, already pruned and defaulted ({@link ObjectStore}). */
  static Result validateStored(JsonNode schema, ObjectNode object, JsonNode old) {
    SchemaValidator v = new SchemaValidator();
    v.prune(object, schema, "", true);
    v.value(object, old, schema, "", true);
    return new Result(v.errors, v.unknown);
  }

  /**
   * Prunes and defaults {@code object} in place, as the API server's storage decoder does to every custom resource it
   * reads from etcd: an object stored under an older schema is served with today's defaults, unknown fields dropped.
   *
   * @return whether anything changed
   */
  static boolean normalize(JsonNode schema, ObjectNode object) {
    SchemaValidator v = new SchemaValidator();
    v.prune(object, schema, "", true);
    return v.defaulted || !v.unknown.isEmpty();
  }

  /** {@code unknown field "spec.x", unknown field "spec.y"}: the strict-decoding message. */
  public static String unknownFieldsMessage(List<String> fields) {
    return fields.stream().map(f -> "unknown field \"" + f + "\"").collect(Collectors.joining(", "));
  }

  // ---- pruning and defaulting (every write, before validation)

  private void prune(JsonNode node, JsonNode schema, String path, boolean root) {
    if (node instanceof ObjectNode object && "object".equals(schema.path("type").asText("object"))) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> property = it.next();
        if (property.getValue().has("default") && !object.has(property.getKey())) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
          defaulted = true;
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
          || additional.asBoolean(false);
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        if (root && ROOT_FIELDS.contains(name)) {
          continue;
        }
        if (properties.has(name)) {
          prune(field.getValue(), properties.get(name), child(path, name), false);
        } else if (additional.isObject()) {
          prune(field.getValue(), additional, path + "[" + name + "]", false);
        } else if (!preserve) {
          unknown.add(child(path, name));
          it.remove();
        }
      }
    } else if (node != null && node.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < node.size(); i++) {
        prune(node.get(i), schema.get("items"), path + "[" + i + "]", false);
      }
    }
  }

  // ---- validation

  private void value(JsonNode node, JsonNode old, JsonNode schema, String path, boolean root) {
    if (old != null && !old.isMissingNode() && node.equals(old)) {
      return; // ratcheting: an unchanged value is not validated again
    }
    if (node.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        error(FieldError.Type.TYPE_INVALID, path, "Invalid value: \"null\": " + path + " in body must be of type "
            + schema.path("type").asText("object") + ": \"null\"");
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        error(FieldError.Type.TYPE_INVALID, path, "Invalid value: " + render(node) + ": " + path
            + " in body must be of type int-or-string");
      }
      return;
    }
    if (type.isEmpty() && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (!hasType(node, type)) {
      error(FieldError.Type.TYPE_INVALID, path, "Invalid value: \"" + typeName(node) + "\": " + path
          + " in body must be of type " + type + ": \"" + typeName(node) + "\"");
      return;
    }
    if (schema.has("enum")) {
      enumeration(node, schema.get("enum"), path);
    }
    switch (type) {
      case "object" -> object((ObjectNode) node, old != null && old.isObject() ? old : null, schema, path, root);
      case "array" -> array(node, schema, path);
      case "string" -> string(node.asText(), schema, path);
      case "integer", "number" -> number(node, schema, path);
      default -> {
      }
    }
    if (schema.has("x-kubernetes-validations")) {
      errors.addAll(CelRules.evaluate(schema, node, old == null || old.isMissingNode() ? null : old,
          path, type));
    }
  }

  private void object(ObjectNode node, JsonNode old, JsonNode schema, String path, boolean root) {
    for (JsonNode required : schema.path("required")) {
      if (!node.has(required.asText()) || node.get(required.asText()).isNull()) {
        error(FieldError.Type.REQUIRED, child(path, required.asText()), "Required value");
      }
    }
    if (schema.has("minProperties") && node.size() < schema.get("minProperties").asInt()) {
      error(FieldError.Type.INVALID, path, "Invalid value: " + node.size() + ": " + path
          + " in body should have at least " + schema.get("minProperties").asInt() + " properties");
    }
    if (schema.has("maxProperties") && node.size() > schema.get("maxProperties").asInt()) {
      error(FieldError.Type.TOO_MANY, path, "Too many: " + node.size() + ": must have at most "
          + schema.get("maxProperties").asInt() + " items");
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (root && ROOT_FIELDS.contains(name)) {
        continue;
      }
      JsonNode oldValue = old == null ? null : old.get(name);
      if (properties.has(name)) {
        value(field.getValue(), oldValue, properties.get(name), child(path, name), false);
      } else if (additional.isObject()) {
        value(field.getValue(), oldValue, additional, path + "[" + name + "]", false);
      }
    }
  }

  private void array(JsonNode node, JsonNode schema, String path) {
    if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
      error(FieldError.Type.INVALID, path, "Invalid value: " + node.size() + ": " + path
          + " in body should have at least " + schema.get("minItems").asInt() + " items");
    }
    if (schema.has("maxItems") && node.size() > schema.get("maxItems").asInt()) {
      error(FieldError.Type.TOO_MANY, path, "Too many: " + node.size() + ": must have at most "
          + schema.get("maxItems").asInt() + " items");
    }
    JsonNode items = schema.path("items");
    if (items.isObject()) {
      for (int i = 0; i < node.size(); i++) {
        value(node.get(i), null, items, path + "[" + i + "]", false);
      }
    }
    uniqueness(node, schema, path);
  }

  /** {@code x-kubernetes-list-type}: {@code map} items are unique by their map keys, {@code set} items by value. */
  private void uniqueness(JsonNode node, JsonNode schema, String path) {
    String listType = schema.path("x-kubernetes-list-type").asText("atomic");
    if (!listType.equals("map") && !listType.equals("set")) {
      return;
    }
    java.util.Set<JsonNode> seen = new java.util.HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      JsonNode key = item;
      String shown = render(item);
      if (listType.equals("map")) {
        ObjectNode keys = Json.object();
        List<String> parts = new ArrayList<>();
        for (JsonNode name : schema.path("x-kubernetes-list-map-keys")) {
          keys.set(name.asText(), item.path(name.asText()));
          parts.add(render(TextNode.valueOf(name.asText())) + ":" + render(item.path(name.asText())));
        }
        key = keys;
        shown = "map[string]interface {}{" + String.join(", ", parts) + "}";
      }
      if (!seen.add(key)) {
        error(FieldError.Type.DUPLICATE, path + "[" + i + "]", "Duplicate value: " + shown);
      }
    }
  }

  private void enumeration(JsonNode node, JsonNode allowed, String path) {
    for (JsonNode value : allowed) {
      if (value.equals(node) || (value.isNumber() && node.isNumber()
          && value.decimalValue().compareTo(node.decimalValue()) == 0)) {
        return;
      }
    }
    List<String> values = new ArrayList<>();
    allowed.forEach(e -> values.add(render(e)));
    error(FieldError.Type.NOT_SUPPORTED, path, "Unsupported value: " + render(node) + ": supported values: "
        + String.join(", ", values));
  }

  private void string(String text, JsonNode schema, String path) {
    int length = text.codePointCount(0, text.length());
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      error(FieldError.Type.INVALID, path, "Invalid value: \"" + text + "\": " + path + " in body should be at least "
          + schema.get("minLength").asInt() + " chars long");
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      error(FieldError.Type.TOO_LONG, path, "Too long: may not be more than " + schema.get("maxLength").asInt()
          + " bytes");
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      try {
        if (!Pattern.compile(pattern).matcher(text).find()) {
          error(FieldError.Type.INVALID, path, "Invalid value: \"" + text + "\": " + path + " in body should match '"
              + pattern + "'");
        }
      } catch (PatternSyntaxException e) {
        // an ECMA-only construct: a real API server would check it, this one cannot
      }
    }
    if ("date-time".equals(schema.path("format").asText()) && !text.isEmpty()) {
      try {
        OffsetDateTime.parse(text);
      } catch (DateTimeParseException e) {
        error(FieldError.Type.INVALID, path, "Invalid value: \"" + text + "\": " + path
            + " in body must be of type date-time: \"" + text + "\"");
      }
    }
  }

  private void number(JsonNode node, JsonNode schema, String path) {
    double value = node.asDouble();
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? value <= min : value < min) {
        error(FieldError.Type.INVALID, path, "Invalid value: " + render(node) + ": " + path
            + " in body should be greater than " + (exclusive ? "" : "or equal to ") + trim(min));
      }
    }
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? value >= max : value > max) {
        error(FieldError.Type.INVALID, path, "Invalid value: " + render(node) + ": " + path
            + " in body should be less than " + (exclusive ? "" : "or equal to ") + trim(max));
      }
    }
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean hasType(JsonNode node, String type) {
    return switch (type) {
      case "object" -> node.isObject();
      case "array" -> node.isArray();
      case "string" -> node.isTextual();
      case "integer" -> isInteger(node);
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      default -> true;
    };
  }

  static String typeName(JsonNode node) {
    return node.isObject() ? "object" : node.isArray() ? "array" : node.isTextual() ? "string"
        : isInteger(node) ? "integer" : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "null";
  }

  /**
   * What Kubernetes decodes as an integer: a whole number within int64, or a number written with a fraction or an
   * exponent (decoded as a float64) that is whole and within ±2^53. Beyond int64 a whole number is a float64, so
   * {@code 99999999999999999999} is a "number", not an "integer".
   */
  private static boolean isInteger(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong();
    }
    double value = node.asDouble();
    return node.isNumber() && value == Math.rint(value) && Math.abs(value) <= MAX_JSON_INTEGER;
  }

  private static final double MAX_JSON_INTEGER = 9007199254740992d; // 2^53

  private static String render(JsonNode node) {
    return node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private void error(FieldError.Type type, String path, String message) {
    errors.add(new FieldError(type, path, message));
  }
}
