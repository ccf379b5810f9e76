package io.dynamobackup.localaws.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One broken model constraint, worded as AWS's request validation words it:
 * {@code Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3}.
 * The path names members in lower camel case, list elements as {@code name.N.member} (N from 1); the value of a
 * sensitive shape is not repeated ({@code Value at 'tags' ...}).
 *
 * @param path where the value is, e.g. {@code globalSecondaryIndexes.1.member.indexName}
 * @param value the offending value, null when it is missing
 * @param constraint e.g. {@code Member must not be null}
 */
public record Violation(String path, JsonNode value, String constraint, boolean sensitive) {

  /** True for a missing required member. */
  public boolean missing() {
    return value == null;
  }

  public String render() {
    String shown = value == null ? "Value null" : sensitive ? "Value" : "Value '" + text(value) + "'";
    return shown + " at '" + path + "' failed to satisfy constraint: " + constraint;
  }

  /** {@code N validation error(s) detected: ...; ...}, the summary AWS sends for a request that breaks its model. */
  public static String summary(List<Violation> violations) {
    List<String> parts = new ArrayList<>();
    violations.forEach(v -> parts.add(v.render()));
    int n = violations.size();
    return n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", parts);
  }

  /** Values as AWS prints them: text as is, lists {@code [a, b]}, maps and structures {@code {k=v}}. */
  static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    StringBuilder out = new StringBuilder(value.isArray() ? "[" : "{");
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(text(value.get(i)));
      }
    } else {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.append(first ? "" : ", ").append(f.getKey()).append('=').append(text(f.getValue()));
        first = false;
      }
    }
    return out.append(value.isArray() ? "]" : "}").toString();
  }
}
