package io.dynamobackup.operator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.ItemFilter;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.KeyAttributeValue;
import io.dynamobackup.operator.common.SpecValidation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB's rules for the items and expressions an item restore sends (BatchGetItem, Scan, PutItem, BatchWriteItem),
 * checked before any call. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html
 */
public final class ItemRules {
  /** A partition key value is at most 2048 bytes (a sort key 1024; which one is which only the table knows). */
  public static final int MAX_KEY_VALUE_BYTES = 2048;
  /** A sort key value is at most 1024 bytes. */
  public static final int MAX_SORT_KEY_BYTES = 1024;
  /** The longest expression string DynamoDB takes. */
  public static final int MAX_EXPRESSION_BYTES = 4096;
  /** At most this many problems of listed keys are worded; the rest are counted. */
  private static final int MAX_KEY_PROBLEMS = 10;
  /** A number has at most 38 significant digits, magnitude 1E-130 to below 1E126 (or zero). */
  private static final int MAX_NUMBER_DIGITS = 38;
  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E126");
  private static final Set<String> TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL");
  private static final Pattern NAME = Pattern.compile("#[A-Za-z0-9_]+");
  private static final Pattern VALUE = Pattern.compile(":[A-Za-z0-9_]+");

  private ItemRules() {}

  /**
   * Listed primary keys: each value a valid S (not empty), N or B (base64, not empty) of at most 2048 bytes, and no key
   * listed twice (a BatchGetItem or BatchWriteItem naming an item twice is refused). At most ten problems are worded.
   */
  public static void keys(SpecValidation v, List<Map<String, KeyAttributeValue>> keys, String field) {
    Map<String, Integer> seen = new HashMap<>();
    SpecValidation found = new SpecValidation();
    for (int i = 0; i < keys.size(); i++) {
      Map<String, KeyAttributeValue> key = keys.get(i);
      if (key == null) {
        continue;
      }
      String at = field + "[" + i + "]";
      key.forEach((attribute, value) -> keyValue(found, value, at + "." + attribute));
      Integer first = seen.putIfAbsent(canonical(key), i);
      found.check(first == null, at, "the same key as " + field + "[" + first + "]: DynamoDB refuses a batch that"
          + " names an item twice");
    }
    List<String> problems = found.problems();
    problems.stream().limit(MAX_KEY_PROBLEMS).forEach(v::problem);
    v.check(problems.size() <= MAX_KEY_PROBLEMS, field, (problems.size() - MAX_KEY_PROBLEMS)
        + " more problems of listed keys");
  }

  private static void keyValue(SpecValidation v, KeyAttributeValue value, String field) {
    if (value == null) {
      return;
    }
    if (value.S != null) {
      v.check(!value.S.isEmpty(), field + ".S", "a key attribute cannot be an empty string")
          .check(keyValueBytes(value) <= MAX_KEY_VALUE_BYTES, field + ".S", "a key value is at most "
              + MAX_KEY_VALUE_BYTES + " bytes");
    }
    if (value.N != null) {
      String problem = numberProblem(value.N);
      v.check(problem == null, field + ".N", problem);
    }
    if (value.B != null) {
      byte[] bytes = base64(value.B);
      v.check(bytes != null, field + ".B", "is not base64")
          .check(bytes == null || bytes.length > 0, field + ".B", "a key attribute cannot be empty binary")
          .check(bytes == null || bytes.length <= MAX_KEY_VALUE_BYTES, field + ".B", "a key value is at most "
              + MAX_KEY_VALUE_BYTES + " bytes");
    }
  }

  /**
   * A filter expression with its placeholders: at most 4 KB; names {@code #name} and values {@code :value} (letters,
   * digits, '_'); every placeholder the expression uses is defined and every one defined is used (DynamoDB refuses
   * both); each value one DynamoDB JSON value ({@code {S: text}}, {@code {"N": "42"}}, ...); a type {@code false}
   * is an unquoted {@code N} that YAML 1.1 (kubectl) read as a boolean, and the message says so.
   */
  public static void filter(SpecValidation v, ItemFilter filter, String field) {
    String expression = filter.expression == null ? "" : filter.expression;
    v.check(!expression.isBlank() || filter.expression == null, field + ".expression", "must not be empty")
        .check(expression.getBytes(StandardCharsets.UTF_8).length <= MAX_EXPRESSION_BYTES, field + ".expression",
            "an expression is at most " + MAX_EXPRESSION_BYTES + " bytes");
    Map<String, String> names = filter.names == null ? Map.of() : new TreeMap<>(filter.names);
    Map<String, JsonNode> values = filter.values == null ? Map.of() : new TreeMap<>(filter.values);
    names.forEach((name, attribute) -> v.check(NAME.matcher(name).matches(), field + ".names." + name,
        "a name placeholder is # followed by letters, digits or '_'")
        .check(attribute != null && !attribute.isEmpty(), field + ".names." + name, "names no attribute"));
    values.forEach((name, value) -> {
      v.check(VALUE.matcher(name).matches(), field + ".values." + name, "a value placeholder is : followed by"
          + " letters, digits or '_'");
      v.check(value != null && value.isObject() && value.size() == 1 && TYPES.contains(value.fieldNames().next()),
          field + ".values." + name, "must be one DynamoDB JSON value such as {S: text} or {\"N\": \"42\"}"
              + (value != null && value.has("false") ? " (kubectl's YAML reads an unquoted N as false: write \"N\")"
              : ""));
    });
    Set<String> usedNames = placeholders(NAME, expression);
    Set<String> usedValues = placeholders(VALUE, expression);
    for (String name : usedNames) {
      v.check(names.containsKey(name), field + ".names", name + " is used in the expression but not defined");
    }
    for (String name : usedValues) {
      v.check(values.containsKey(name), field + ".values", name + " is used in the expression but not defined");
    }
    names.keySet().stream().filter(n -> !usedNames.contains(n)).forEach(n -> v.check(false, field + ".names." + n,
        "is not used in the expression, and DynamoDB refuses unused placeholders"));
    values.keySet().stream().filter(n -> !usedValues.contains(n)).forEach(n -> v.check(false, field + ".values." + n,
        "is not used in the expression, and DynamoDB refuses unused placeholders"));
  }

  /** The size DynamoDB counts for a key value: UTF-8 bytes of a string, bytes of a binary; 0 for a number. */
  public static int keyValueBytes(KeyAttributeValue value) {
    if (value.S != null) {
      return value.S.getBytes(StandardCharsets.UTF_8).length;
    }
    byte[] bytes = value.B == null ? null : base64(value.B);
    return bytes == null ? 0 : bytes.length;
  }

  /** Why {@code text} is not a DynamoDB number, or null. */
  static String numberProblem(String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return "'" + text + "' is not a number";
    }
    if (number.signum() == 0) {
      return null;
    }
    BigDecimal magnitude = number.abs();
    if (number.stripTrailingZeros().precision() > MAX_NUMBER_DIGITS) {
      return "a number has at most " + MAX_NUMBER_DIGITS + " significant digits";
    }
    return magnitude.compareTo(MIN_MAGNITUDE) >= 0 && magnitude.compareTo(MAX_MAGNITUDE) < 0 ? null
        : "a number's magnitude is 1E-130 to 9.9999999999999999999999999999999999999E+125";
  }

  private static Set<String> placeholders(Pattern pattern, String expression) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(expression);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A key as text that does not depend on the order of its attributes. */
  private static String canonical(Map<String, KeyAttributeValue> key) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(key).forEach((attribute, value) -> text.append(attribute).append('=')
        .append(value == null ? "" : value.S != null ? "S" + value.S : value.N != null ? "N" + normalized(value.N)
            : "B" + value.B).append(';'));
    return text.toString();
  }

  private static String normalized(String number) {
    try {
      return new BigDecimal(number.trim()).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return number;
    }
  }
}
