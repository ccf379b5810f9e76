package io.dynamobackup.operator.api;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against a CRD's OpenAPI schema the way the API server does: types, required fields, enums,
 * patterns, bounds, date-time formats, list-map keys and the CEL x-kubernetes-validations rules (with a real CEL
 * implementation, fieldPath included). The in-process API server used by the other tests runs none of this.
 */
final class SchemaValidator {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Errors for {@code object} (and, for updates, transition rules against {@code old}); empty when valid. */
  List<String> validate(JSONSchemaProps schema, Object object, Object old) {
    List<String> errors = new ArrayList<>();
    validate(schema, normalize(object), normalize(old), "", errors);
    return errors;
  }

  private void validate(JSONSchemaProps schema, Object value, Object old, String path, List<String> errors) {
    if (value == null) {
      return;
    }
    if (!checkType(schema, value, path, errors)) {
      return;
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()
        && schema.getEnum().stream().map(e -> normalize(e.isTextual() ? e.asText() : e.toString())).noneMatch(value::equals)) {
      errors.add(path + ": unsupported value " + value + ", expected one of " + schema.getEnum());
    }
    if (schema.getPattern() != null && value instanceof String s
        && !java.util.regex.Pattern.compile(schema.getPattern()).matcher(s).find()) {
      errors.add(path + ": '" + s + "' does not match " + schema.getPattern());
    }
    if ("date-time".equals(schema.getFormat()) && value instanceof String s && !isDateTime(s)) {
      errors.add(path + ": '" + s + "' is not an RFC 3339 date-time");
    }
    if (schema.getMaxLength() != null && value instanceof String s && s.length() > schema.getMaxLength()) {
      errors.add(path + ": may not be more than " + schema.getMaxLength() + " characters");
    }
    if (schema.getMinLength() != null && value instanceof String s && s.length() < schema.getMinLength()) {
      errors.add(path + ": must be at least " + schema.getMinLength() + " characters");
    }
    if (schema.getMinimum() != null && value instanceof Number n && n.doubleValue() < schema.getMinimum()) {
      errors.add(path + ": " + n + " is less than the minimum " + schema.getMinimum());
    }
    if (schema.getMaximum() != null && value instanceof Number n && n.doubleValue() > schema.getMaximum()) {
      errors.add(path + ": " + n + " is greater than the maximum " + schema.getMaximum());
    }
    if (value instanceof Map<?, ?> map) {
      if (schema.getMinProperties() != null && map.size() < schema.getMinProperties()) {
        errors.add(path + ": needs at least " + schema.getMinProperties() + " entries");
      }
      if (schema.getMaxProperties() != null && map.size() > schema.getMaxProperties()) {
        errors.add(path + ": must have at most " + schema.getMaxProperties() + " entries");
      }
      for (String required : schema.getRequired() == null ? List.<String>of() : schema.getRequired()) {
        if (!map.containsKey(required)) {
          errors.add(path + "." + required + ": Required value");
        }
      }
      Map<?, ?> oldMap = old instanceof Map<?, ?> m ? m : null;
      for (var entry : map.entrySet()) {
        String key = (String) entry.getKey();
        JSONSchemaProps child = schema.getProperties() == null ? null : schema.getProperties().get(key);
        if (child == null && schema.getAdditionalProperties() != null) {
          child = schema.getAdditionalProperties().getSchema();
        }
        if (child == null) {
          if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields()) && !path.isEmpty()) {
            errors.add(path + "." + key + ": unknown field");
          }
          continue;
        }
        validate(child, entry.getValue(), oldMap == null ? null : oldMap.get(key), path + "." + key, errors);
      }
    }
    if (value instanceof List<?> list && schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
      errors.add(path + ": must have at most " + schema.getMaxItems() + " items");
    }
    if (value instanceof List<?> list && "map".equals(schema.getXKubernetesListType())) {
      java.util.Set<List<Object>> keys = new java.util.HashSet<>();
      for (Object item : list) {
        List<Object> key = new ArrayList<>();
        schema.getXKubernetesListMapKeys().forEach(k -> key.add(((Map<?, ?>) item).get(k)));
        if (!keys.add(key)) {
          errors.add(path + ": Duplicate value: " + key);
        }
      }
    }
    if (value instanceof List<?> list && schema.getItems() != null) {
      for (int i = 0; i < list.size(); i++) {
        validate(schema.getItems().getSchema(), list.get(i), null, path + "[" + i + "]", errors);
      }
    }
    for (ValidationRule rule : schema.getXKubernetesValidations() == null ? List.<ValidationRule>of()
        : schema.getXKubernetesValidations()) {
      boolean transition = rule.getRule().contains("oldSelf");
      if (transition && old == null) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", value);
      if (transition) {
        vars.put("oldSelf", old);
      }
      if (!Boolean.TRUE.equals(eval(rule.getRule(), vars))) {
        errors.add(path + (rule.getFieldPath() == null ? "" : rule.getFieldPath()) + ": " + rule.getMessage());
      }
    }
  }

  private static boolean isDateTime(String value) {
    try {
      java.time.OffsetDateTime.parse(value);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static boolean checkType(JSONSchemaProps schema, Object value, String path, List<String> errors) {
    String type = schema.getType();
    boolean ok = type == null
        || switch (type) {
          case "object" -> value instanceof Map;
          case "array" -> value instanceof List;
          case "string" -> value instanceof String;
          case "integer" -> value instanceof Long;
          case "number" -> value instanceof Number;
          case "boolean" -> value instanceof Boolean;
          default -> true;
        };
    if (!ok) {
      errors.add(path + ": expected " + type + " but got " + value.getClass().getSimpleName() + " " + value);
    }
    return ok;
  }

  private Object eval(String rule, Map<String, Object> vars) {
    try {
      CelRuntime.Program program = programs.computeIfAbsent(rule, r -> {
        try {
          CelAbstractSyntaxTree ast = COMPILER.compile(r).getAst();
          return RUNTIME.createProgram(ast);
        } catch (Exception e) {
          throw new IllegalStateException("CEL rule does not compile: " + r, e);
        }
      });
      return program.eval(vars);
    } catch (dev.cel.runtime.CelEvaluationException e) {
      throw new IllegalStateException("CEL rule failed to evaluate: " + rule, e);
    }
  }

  /** CEL and the schema use 64-bit integers; YAML parsers hand out Integer. */
  @SuppressWarnings("unchecked")
  static Object normalize(Object value) {
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, normalize(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SchemaValidator::normalize).toList();
    }
    return value;
  }
}
