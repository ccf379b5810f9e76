package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label selectors (equality- and set-based: {@code =, ==, !=, in, notin, key, !key}) and field selectors
 * ({@code =, ==, !=} on any dotted path, e.g. {@code involvedObject.name}), evaluated on stored JSON objects.
 */
public final class Selectors {
  private static final Pattern SET = Pattern.compile("\\s*(!?)\\s*([A-Za-z0-9_./-]+)\\s*(?:(in|notin)\\s*\\((.*)\\))?\\s*");
  private static final Pattern EQ = Pattern.compile("\\s*([A-Za-z0-9_./-]+)\\s*(==|=|!=)\\s*([A-Za-z0-9_.:/@-]*)\\s*");

  private Selectors() {
  }

  /** A predicate for {@code labelSelector}; null or blank matches everything. */
  public static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> requirements = new ArrayList<>();
    for (String requirement : splitTopLevel(selector)) {
      requirements.add(labelRequirement(requirement));
    }
    return o -> requirements.stream().allMatch(r -> r.test(o.path("metadata").path("labels")));
  }

  /**
   * The {@code key=value} requirements of a label selector (also {@code key in (value)}), which the store answers from
   * its label index; the full selector is still applied afterwards.
   */
  public static Map<String, String> labelEqualities(String selector) {
    Map<String, String> equalities = new HashMap<>();
    if (selector == null || selector.isBlank()) {
      return equalities;
    }
    for (String requirement : splitTopLevel(selector)) {
      Matcher eq = EQ.matcher(requirement);
      if (eq.matches() && !eq.group(2).equals("!=")) {
        equalities.put(eq.group(1), eq.group(3));
        continue;
      }
      Matcher set = SET.matcher(requirement);
      if (set.matches() && set.group(1).isEmpty() && "in".equals(set.group(3))
          && set.group(4).trim().split("\\s*,\\s*").length == 1 && !set.group(4).trim().isEmpty()) {
        equalities.put(set.group(2), set.group(4).trim());
      }
    }
    return equalities;
  }

  /** A predicate for {@code fieldSelector}; null or blank matches everything. */
  public static Predicate<JsonNode> fields(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> requirements = new ArrayList<>();
    for (String requirement : splitTopLevel(selector)) {
      Matcher m = EQ.matcher(requirement);
      if (!m.matches()) {
        throw new ApiException(400, "BadRequest", "invalid field selector: " + requirement);
      }
      String path = m.group(1);
      boolean equal = !m.group(2).equals("!=");
      String value = m.group(3);
      requirements.add(o -> value.equals(field(o, path)) == equal);
    }
    return o -> requirements.stream().allMatch(r -> r.test(o));
  }

  private static String field(JsonNode object, String path) {
    JsonNode node = object;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static Predicate<JsonNode> labelRequirement(String requirement) {
    Matcher eq = EQ.matcher(requirement);
    if (eq.matches()) {
      String key = eq.group(1);
      String value = eq.group(3);
      boolean equal = !eq.group(2).equals("!=");
      // like Kubernetes, key!=value also matches objects without the label
      return labels -> equal ? value.equals(labels.path(key).asText(null))
          : !value.equals(labels.path(key).asText(null));
    }
    Matcher set = SET.matcher(requirement);
    if (!set.matches() || (!set.group(1).isEmpty() && set.group(3) != null)) {
      throw new ApiException(400, "BadRequest", "unable to parse requirement: " + requirement);
    }
    String key = set.group(2);
    if (set.group(3) == null) {
      boolean exists = set.group(1).isEmpty();
      return labels -> labels.has(key) == exists;
    }
    Set<String> values = Set.copyOf(List.of(set.group(4).trim().isEmpty() ? new String[0]
        : set.group(4).trim().split("\\s*,\\s*")));
    boolean in = set.group(3).equals("in");
    return labels -> in ? labels.has(key) && values.contains(labels.path(key).asText())
        : !labels.has(key) || !values.contains(labels.path(key).asText());
  }

  /** Splits on commas outside parentheses. */
  static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString());
    }
    return parts;
  }
}
