package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;

/**
 * Custom resources after their CRD's schema changed: the API server prunes and defaults every object it reads from
 * etcd with the current schema, so an object stored before a new default existed is served with it. The store keeps
 * its objects in that served form ({@link ObjectStore}); this brings them to a changed schema, once per change.
 */
final class StoredSchemas {
  private StoredSchemas() {
  }

  /**
   * Prunes and defaults the stored objects of {@code crd} whose version's schema differs from {@code previousCrd}'s
   * (null when created), replacing them in their collection. Kubernetes writes nothing to etcd for this: no new
   * resourceVersion, no event.
   *
   * @param collections a collection of stored objects by qualified plural, null when there is none
   */
  static void changed(JsonNode previousCrd, JsonNode crd, Function<String, NavigableMap<String, JsonNode>> collections) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    NavigableMap<String, JsonNode> stored = collections.apply(spec.path("names").path("plural").asText() + "." + group);
    if (stored == null || stored.isEmpty()) {
      return;
    }
    Map<String, JsonNode> changed = new HashMap<>();
    for (JsonNode version : spec.path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isObject() && !schema.equals(schema(previousCrd, version.path("name").asText()))) {
        changed.put(group + "/" + version.path("name").asText(), schema);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : stored.entrySet()) {
      JsonNode schema = changed.get(entry.getValue().path("apiVersion").asText());
      if (schema == null) {
        continue;
      }
      ObjectNode copy = ((ObjectNode) entry.getValue()).deepCopy();
      if (SchemaValidator.normalize(schema, copy)) {
        entry.setValue(copy);
      }
    }
  }

  private static JsonNode schema(JsonNode crd, String version) {
    if (crd != null) {
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(version)) {
          return v.path("schema").path("openAPIV3Schema");
        }
      }
    }
    return null;
  }
}
