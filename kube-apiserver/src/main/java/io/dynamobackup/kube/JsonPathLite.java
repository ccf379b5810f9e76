package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code [N]}, {@code [*]} and
 * {@code [?(@.field=="value")]} filters.
 */
final class JsonPathLite {
  private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");

  private JsonPathLite() {
  }

  /** The values the path selects (empty when none). */
  static List<JsonNode> evaluate(JsonNode root, String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<JsonNode> current = List.of(root);
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        String name = p.substring(i + 1, end);
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : current) {
          if (node.has(name) && !node.get(name).isNull()) {
            next.add(node.get(name));
          }
        }
        current = next;
        i = end;
      } else if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated [ in " + path);
        }
        String inside = p.substring(i + 1, end);
        List<JsonNode> next = new ArrayList<>();
        Matcher filter = FILTER.matcher(inside);
        for (JsonNode node : current) {
          if (!node.isArray()) {
            continue;
          }
          if (inside.equals("*")) {
            node.forEach(next::add);
          } else if (filter.matches()) {
            for (JsonNode element : node) {
              JsonNode value = element;
              for (String part : filter.group(1).split("\\.")) {
                value = value.path(part);
              }
              if (value.isValueNode() && value.asText().equals(filter.group(2))) {
                next.add(element);
              }
            }
          } else {
            int index = Integer.parseInt(inside.trim());
            JsonNode element = node.get(index < 0 ? node.size() + index : index);
            if (element != null) {
              next.add(element);
            }
          }
        }
        current = next;
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + path);
      }
    }
    return current;
  }
}
