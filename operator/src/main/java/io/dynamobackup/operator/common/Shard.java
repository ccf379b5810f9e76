package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects this operator owns when a fleet is split into shards, each run by its own operator release: those
 * matching {@code watchLabelSelector} (with {@code watchNamespaces}, if set). Objects the operator creates for a plan
 * (its backups, its restore drills) carry the plan's labels for every key the selector names, so they belong to the
 * same shard as the plan.
 *
 * @param labelSelector a Kubernetes label selector ({@code shard=a}, {@code shard in (a,b)}, {@code !legacy}); empty:
 *     every object
 */
public record Shard(String labelSelector) {
  /** One requirement of a selector: an optional {@code !}, then the key (prefix/name). */
  private static final Pattern KEY = Pattern.compile("^\\s*!?\\s*([A-Za-z0-9][-A-Za-z0-9_./]*)");

  public Shard {
    labelSelector = labelSelector == null ? "" : labelSelector.trim();
  }

  public static Shard all() {
    return new Shard("");
  }

  public boolean isAll() {
    return labelSelector.isEmpty();
  }

  /** The label keys the selector names, in order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (String requirement : requirements(labelSelector)) {
      Matcher m = KEY.matcher(requirement);
      if (!m.find()) {
        throw new IllegalArgumentException("watchLabelSelector: cannot read the label key of '" + requirement.trim()
            + "' in '" + labelSelector + "'");
      }
      keys.add(m.group(1));
    }
    return keys;
  }

  /** The labels a child of {@code parent} gets so that this shard owns it too: the parent's, for the selector's keys. */
  public Map<String, String> inheritedLabels(HasMetadata parent) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> parentLabels = parent.getMetadata().getLabels();
    if (parentLabels != null) {
      for (String key : keys()) {
        if (parentLabels.containsKey(key)) {
          labels.put(key, parentLabels.get(key));
        }
      }
    }
    return labels;
  }

  /** {@code other} and this shard's selector together, for informers of secondary resources. */
  public String and(String other) {
    return isAll() ? other : other == null || other.isBlank() ? labelSelector : other + "," + labelSelector;
  }

  /** Splits at the commas outside parentheses: {@code a in (x,y),b} is two requirements. */
  private static List<String> requirements(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    if (start < selector.length()) {
      parts.add(selector.substring(start));
    }
    return parts.stream().filter(p -> !p.isBlank()).toList();
  }
}
