package io.dynamobackup.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Server-side validation of custom resources against the CRD's structural OpenAPI v3 schema, as the API server does
 * it: types, enums, patterns, lengths, bounds, item counts, required fields, defaulting and unknown fields (pruned, or
 * rejected with {@code fieldValidation=Strict}). CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class SchemaValidator {
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** Errors as (field, message) pairs; unknown fields as paths. */
  record Result(List<String[]> errors, List<String> unknownFields) {
  }

  private final List<String[]> errors = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();
  private final boolean partial;

  private SchemaValidator(boolean partial) {
    this.partial = partial;
  }

  /**
   * Validates {@code object} in place: unknown fields are removed and defaults filled in (the latter not when
   * {@code partial}, i.e. for patches, where absent fields and nulls mean "unchanged" / "remove").
   */
  static Result validate(JsonNode object, JsonNode schema, boolean partial) {
    SchemaValidator v = new SchemaValidator(partial);
    if (object instanceof ObjectNode root) {
      v.object(root, schema, "", true);
    }
    return new Result(v.errors, v.unknown);
  }

  private void value(JsonNode node, JsonNode schema, String path) {
    if (node == null || node.isNull()) {
      if (!partial && !schema.path("nullable").asBoolean(false)) {
        error(path, "Invalid value: \"null\": " + path + " in body must be of type " + schema.path("type").asText("object"));
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        error(path, "Invalid value: " + render(node) + ": " + path + " in body must be of type int-or-string");
      }
      return;
    }
    if (type.isEmpty() && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (!hasType(node, type)) {
      error(path, "Invalid value: \"" + typeName(node) + "\": " + path + " in body must be of type " + type + ": \""
          + typeName(node) + "\"");
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(node) || (allowed.isNumber() && node.isNumber()
            && allowed.decimalValue().compareTo(node.decimalValue()) == 0);
      }
      if (!found) {
        List<String> values = new ArrayList<>();
        schema.get("enum").forEach(e -> values.add(render(e)));
        error(path, "Unsupported value: " + render(node) + ": supported values: " + String.join(", ", values));
      }
    }
    switch (type) {
      case "object" -> object((ObjectNode) node, schema, path, false);
      case "array" -> {
        if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
          error(path, "Invalid value: " + node.size() + ": " + path + " in body should have at least "
              + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && node.size() > schema.get("maxItems").asInt()) {
          error(path, "Too many: " + node.size() + ": must have at most " + schema.get("maxItems").asInt() + " items");
        }
        JsonNode items = schema.path("items");
        if (items.isObject()) {
          for (int i = 0; i < node.size(); i++) {
            value(node.get(i), items, path + "[" + i + "]");
          }
        }
      }
      case "string" -> string(node.asText(), schema, path);
      case "integer", "number" -> number(node, schema, path);
      default -> {
      }
    }
  }

  private void object(ObjectNode node, JsonNode schema, String path, boolean root) {
    JsonNode properties = schema.path("properties");
    if (!partial) {
      for (JsonNode required : schema.path("required")) {
        if (!node.has(required.asText()) || node.get(required.asText()).isNull()) {
          error(child(path, required.asText()), "Required value");
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> property = it.next();
        if (property.getValue().has("default") && !node.has(property.getKey())) {
          node.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
      }
    }
    JsonNode additional = schema.path("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || additional.asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String fieldPath = child(path, name);
      if (root && ROOT_FIELDS.contains(name)) {
        continue;
      }
      if (properties.has(name)) {
        value(field.getValue(), properties.get(name), fieldPath);
      } else if (additional.isObject()) {
        value(field.getValue(), additional, fieldPath);
      } else if (!preserve) {
        unknown.add(fieldPath);
        it.remove();
      }
    }
  }

  private void string(String text, JsonNode schema, String path) {
    if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
      error(path, "Invalid value: \"" + text + "\": " + path + " in body should be at least "
          + schema.get("minLength").asInt() + " chars long");
    }
    if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
      error(path, "Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes");
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      try {
        if (!Pattern.compile(pattern).matcher(text).find()) {
          error(path, "Invalid value: \"" + text + "\": " + path + " in body should match '" + pattern + "'");
        }
      } catch (PatternSyntaxException e) {
        // an ECMA-only construct: the API server would check it, the sandbox cannot
      }
    }
    if ("date-time".equals(schema.path("format").asText()) && !text.isEmpty()) {
      try {
        java.time.OffsetDateTime.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        error(path, "Invalid value: \"" + text + "\": " + path + " in body must be of type date-time: \"" + text + "\"");
      }
    }
  }

  private void number(JsonNode node, JsonNode schema, String path) {
    double value = node.asDouble();
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? value <= min : value < min) {
        error(path, "Invalid value: " + render(node) + ": " + path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + trim(min));
      }
    }
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? value >= max : value > max) {
        error(path, "Invalid value: " + render(node) + ": " + path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + trim(max));
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
      case "integer" -> node.isIntegralNumber() || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      default -> true;
    };
  }

  private static String typeName(JsonNode node) {
    return node.isObject() ? "object" : node.isArray() ? "array" : node.isTextual() ? "string"
        : node.isIntegralNumber() ? "integer" : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "null";
  }

  private static String render(JsonNode node) {
    return node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private void error(String path, String message) {
    errors.add(new String[] {path, message});
  }

  static String unknownFieldsMessage(List<String> fields) {
    return fields.stream().map(f -> "unknown field \"" + f + "\"").collect(Collectors.joining(", "));
  }
}
