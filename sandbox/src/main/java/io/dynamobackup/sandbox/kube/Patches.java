package io.dynamobackup.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the two patch types the CRUD store answers 415 to into JSON merge patches.
 * <ul>
 *   <li>Strategic merge patch ({@code kubectl apply} of built-in kinds): the {@code $}-directives are resolved
 *       ({@code $patch: delete} removes a map, {@code $setElementOrder}/{@code $retainKeys} are dropped) and lists are
 *       replaced, not merged by key - enough for the built-in kinds the sandbox serves (ConfigMap, Namespace, ...).</li>
 *   <li>Server-side apply ({@code application/apply-patch+yaml}, used by the Java Operator SDK for status): the
 *       applied configuration is merged into the object, and fields this field manager applied last time but no
 *       longer applies are removed. Ownership is tracked per (object UID, subresource, field manager); there are no
 *       conflicts between managers ({@code force} is implied) and lists are atomic.</li>
 * </ul>
 */
final class Patches {
  private final Map<String, JsonNode> lastApplied = new ConcurrentHashMap<>();

  static JsonNode strategicToMerge(JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (key.startsWith("$setElementOrder/") || key.equals("$retainKeys") || key.startsWith("$deleteFromPrimitiveList/")
          || key.equals("$patch")) {
        continue;
      }
      JsonNode value = field.getValue();
      if (value.isObject() && "delete".equals(value.path("$patch").asText())) {
        result.set(key, NullNode.getInstance());
      } else {
        result.set(key, strategicToMerge(value));
      }
    }
    return result;
  }

  /** The merge patch equivalent to applying {@code applied} as {@code manager}; remembers what was applied. */
  JsonNode applyToMerge(String objectUid, String subresource, String manager, JsonNode applied) {
    String key = objectUid + "/" + (subresource == null ? "" : subresource) + "/" + manager;
    JsonNode previous = lastApplied.put(key, applied.deepCopy());
    JsonNode patch = applied.deepCopy();
    if (previous != null && patch.isObject()) {
      removeDropped(previous, (ObjectNode) patch);
    }
    return patch;
  }

  /** Forgets the applied configurations of a deleted object. */
  void forget(String objectUid) {
    lastApplied.keySet().removeIf(k -> k.startsWith(objectUid + "/"));
  }

  private static final List<String> APPLIED_METADATA = List.of("labels", "annotations", "finalizers", "ownerReferences");

  private static void removeDropped(JsonNode previous, ObjectNode patch) {
    removeDropped(previous, patch, true);
  }

  private static void removeDropped(JsonNode previous, ObjectNode patch, boolean root) {
    List<String> dropped = new ArrayList<>();
    previous.fieldNames().forEachRemaining(name -> {
      boolean metadata = root && name.equals("metadata");
      if (root && (name.equals("apiVersion") || name.equals("kind"))) {
        return;
      }
      if (!patch.has(name)) {
        if (!metadata) {
          dropped.add(name);
        } else {
          ObjectNode empty = patch.putObject("metadata");
          APPLIED_METADATA.stream().filter(previous.get(name)::has).forEach(f -> empty.set(f, NullNode.getInstance()));
        }
      } else if (metadata && patch.get(name).isObject()) {
        APPLIED_METADATA.stream().filter(f -> previous.get(name).has(f) && !patch.get(name).has(f))
            .forEach(f -> ((ObjectNode) patch.get(name)).set(f, NullNode.getInstance()));
      } else if (previous.get(name).isObject() && patch.get(name).isObject()) {
        removeDropped(previous.get(name), (ObjectNode) patch.get(name), false);
      }
    });
    dropped.forEach(name -> patch.set(name, NullNode.getInstance()));
  }
}
