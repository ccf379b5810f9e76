package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a schema node's {@code x-kubernetes-validations} with CEL (dev.cel), with the semantics of the Kubernetes
 * API server: {@code self} is the node's value typed by its schema; rules that reference {@code oldSelf} are
 * transition rules, evaluated only on updates where the old value exists (or always, with {@code optionalOldSelf});
 * the error message is {@code messageExpression}'s result, else {@code message}, else {@code failed rule: <rule>};
 * {@code fieldPath} moves the error to a child field and {@code reason} sets its type.
 */
final class CelRules {
  private static final CelOptions OPTIONS = CelOptions.current().enableOptionalSyntax(true).build();
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.lists(),
          CelExtensions.sets(OPTIONS), CelExtensions.encoders(OPTIONS), CelExtensions.optional())
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
      .setOptions(OPTIONS)
      .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.lists(),
          CelExtensions.sets(OPTIONS), CelExtensions.encoders(OPTIONS), CelExtensions.optional())
      .build();
  private static final Map<String, Object> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {
  }

  /**
   * The errors of {@code schema}'s rules for {@code value}.
   *
   * @param old  the old value on an update (null on create, or when the field is new)
   * @param path the value's field path, empty for the root
   * @param type the schema type, shown in {@code Invalid value: "<type>"} as the API server does
   */
  static List<FieldError> evaluate(JsonNode schema, JsonNode value, JsonNode old, String path, String type) {
    List<FieldError> errors = new ArrayList<>();
    Object self = toCel(value, schema);
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      boolean transition = expression.contains("oldSelf");
      boolean optionalOld = rule.path("optionalOldSelf").asBoolean(false);
      if (transition && old == null && !optionalOld) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", self);
      if (transition) {
        Object oldValue = old == null ? null : toCel(old, schema);
        vars.put("oldSelf", optionalOld ? Optional.ofNullable(oldValue) : oldValue);
      }
      String field = path + rule.path("fieldPath").asText("");
      if (field.startsWith(".")) {
        field = field.substring(1);
      }
      Object result;
      try {
        result = eval(expression, vars);
      } catch (RuntimeException e) {
        errors.add(new FieldError(FieldError.Type.INVALID, field, "Invalid value: \"" + type + "\": " + e.getMessage()
            + " evaluating rule: " + expression));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      errors.add(error(rule, field, type, message(rule, vars, expression)));
    }
    return errors;
  }

  private static String message(JsonNode rule, Map<String, Object> vars, String expression) {
    if (rule.hasNonNull("messageExpression")) {
      try {
        Object message = eval(rule.get("messageExpression").asText(), vars);
        if (message instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (RuntimeException e) {
        // as the API server: a failing messageExpression falls back to message
      }
    }
    return rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + expression;
  }

  private static FieldError error(JsonNode rule, String field, String type, String message) {
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueForbidden" -> new FieldError(FieldError.Type.FORBIDDEN, field, "Forbidden: " + message);
      case "FieldValueRequired" -> new FieldError(FieldError.Type.REQUIRED, field, "Required value: " + message);
      case "FieldValueDuplicate" -> new FieldError(FieldError.Type.DUPLICATE, field, "Duplicate value: " + message);
      default -> new FieldError(FieldError.Type.INVALID, field, "Invalid value: \"" + type + "\": " + message);
    };
  }

  private static Object eval(String expression, Map<String, Object> vars) {
    Object program = PROGRAMS.computeIfAbsent(expression, CelRules::compile);
    if (program instanceof String compileError) {
      throw new IllegalArgumentException(compileError);
    }
    try {
      return ((CelRuntime.Program) program).eval(vars);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The program, or the compile error as a string (cached too: a broken rule fails the same way every time). */
  private static Object compile(String expression) {
    try {
      return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
    } catch (Exception e) {
      return "compilation failed: " + e.getMessage();
    }
  }

  /** A JSON value as CEL sees it: objects as maps, integers as int (or double where the schema says number). */
  static Object toCel(JsonNode node, JsonNode schema) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonNode properties = schema == null ? null : schema.path("properties");
      JsonNode additional = schema == null ? null : schema.path("additionalProperties");
      node.fields().forEachRemaining(f -> {
        JsonNode child = properties != null && properties.has(f.getKey()) ? properties.get(f.getKey())
            : additional != null && additional.isObject() ? additional : null;
        map.put(f.getKey(), toCel(f.getValue(), child));
      });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      JsonNode items = schema == null ? null : schema.path("items");
      node.forEach(item -> list.add(toCel(item, items != null && items.isObject() ? items : null)));
      return list;
    }
    if (node.isNumber()) {
      boolean number = schema != null && "number".equals(schema.path("type").asText());
      return node.isIntegralNumber() && !number ? (Object) node.asLong() : (Object) node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
