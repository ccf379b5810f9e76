package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A namespace's lifecycle as Kubernetes runs it: created {@code Active} with the {@code kubernetes} finalizer in
 * {@code spec.finalizers} (which, like {@code status}, a write to the namespace cannot change); deleted, it turns
 * {@code Terminating} (deletionTimestamp, {@code status.phase}) and stays until its objects are gone: the
 * {@link GarbageCollector} deletes them, objects with finalizers stay until those are removed, then it removes the
 * {@code kubernetes} finalizer and the namespace goes. Nothing new may be created in it meanwhile
 * ({@link Writes#requireNamespace}).
 */
final class Namespaces {
  static final String FINALIZER = "kubernetes";

  private Namespaces() {
  }

  static boolean isNamespace(JsonNode object) {
    return "Namespace".equals(object.path("kind").asText()) && "v1".equals(object.path("apiVersion").asText());
  }

  /** Whether a finalizer keeps {@code object} while it is deleted: metadata's, or a namespace's spec's. */
  static boolean finalizersPending(JsonNode object) {
    return !object.path("metadata").path("finalizers").isEmpty()
        || (isNamespace(object) && !object.path("spec").path("finalizers").isEmpty());
  }

  /** A new namespace: {@code Active}, with the {@code kubernetes} finalizer whatever its spec lists. */
  static void created(ObjectNode namespace) {
    ObjectNode spec = namespace.get("spec") instanceof ObjectNode s ? s : namespace.putObject("spec");
    ArrayNode finalizers = spec.get("finalizers") instanceof ArrayNode a ? a : spec.putArray("finalizers");
    boolean present = false;
    for (JsonNode f : finalizers) {
      present |= FINALIZER.equals(f.asText());
    }
    if (!present) {
      finalizers.add(FINALIZER);
    }
    namespace.putObject("status").put("phase", "Active");
  }

  /** A write to a namespace keeps its {@code spec.finalizers} and {@code status}, as the API server does. */
  static void updated(JsonNode current, ObjectNode next) {
    ObjectNode spec = next.get("spec") instanceof ObjectNode s ? s : next.putObject("spec");
    if (current.path("spec").has("finalizers")) {
      spec.set("finalizers", current.path("spec").get("finalizers"));
    } else {
      spec.remove("finalizers");
    }
    if (current.has("status")) {
      next.set("status", current.get("status"));
    }
  }

  static ObjectNode terminating(ObjectNode namespace) {
    namespace.putObject("status").put("phase", "Terminating");
    return namespace;
  }

  /** The namespace controller's last step: a terminating namespace that holds nothing any more loses its finalizer. */
  static void finalizeEmpty(ObjectStore store) {
    List<JsonNode> objects = store.all();
    Set<String> occupied = new HashSet<>();
    for (JsonNode o : objects) {
      String namespace = o.path("metadata").path("namespace").asText("");
      if (!namespace.isEmpty()) {
        occupied.add(namespace);
      }
    }
    for (JsonNode o : objects) {
      String name = o.path("metadata").path("name").asText();
      if (!isNamespace(o) || !o.path("metadata").has("deletionTimestamp") || occupied.contains(name)) {
        continue;
      }
      try {
        store.update(ApiResources.NAMESPACES, null, name, namespace -> {
          ArrayNode kept = Json.array();
          namespace.path("spec").path("finalizers").forEach(f -> {
            if (!FINALIZER.equals(f.asText())) {
              kept.add(f);
            }
          });
          ((ObjectNode) namespace.path("spec")).set("finalizers", kept);
          return namespace;
        });
      } catch (ApiException gone) {
        // removed meanwhile
      }
    }
  }
}
