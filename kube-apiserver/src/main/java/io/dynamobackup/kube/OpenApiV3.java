package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * OpenAPI v3 documents built from the served types: {@code /openapi/v3} (the index) and one document per group-version.
 * CRD schemas are published as they are stored, so {@code kubectl explain} shows every description. Every PATCH
 * operation declares the {@code fieldValidation} parameter, which tells kubectl to let the server validate (see
 * {@link SchemaValidator}) instead of validating client-side with OpenAPI v2 (served as protobuf only by real servers).
 */
final class OpenApiV3 {
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private final ApiResources resources;

  OpenApiV3(ApiResources resources) {
    this.resources = resources;
  }

  ObjectNode index() {
    ObjectNode index = Json.object();
    ObjectNode paths = index.putObject("paths");
    resources.groups().forEach((group, versions) -> versions.forEach(version -> {
      String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
      Optional<ObjectNode> doc = document(key);
      if (doc.isEmpty()) {
        return; // a group of reviews only (authorization.k8s.io): no stored kinds to describe
      }
      String hash = Integer.toHexString(Json.write(doc.get()).hashCode());
      paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
    }));
    return index;
  }

  /** {@code key} is {@code api/v1} or {@code apis/group/version}. */
  Optional<ObjectNode> document(String key) {
    String[] parts = key.split("/");
    String group = parts[0].equals("api") && parts.length == 2 ? "" : parts.length == 3 ? parts[1] : null;
    String version = parts[parts.length - 1];
    if (group == null) {
      return Optional.empty();
    }
    List<ResourceType> types = resources.all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set(OBJECT_META, objectMeta());
    for (ResourceType type : types) {
      String name = schemaName(type);
      schemas.set(name, schema(type));
      String collection = type.collectionPath(type.namespaced() ? "{namespace}" : null);
      ObjectNode list = paths.putObject(collection);
      list.set("get", operation(type, name, "list", false));
      list.set("post", operation(type, name, "post", true));
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("get", operation(type, name, "get", false));
      item.set("put", operation(type, name, "put", true));
      item.set("patch", operation(type, name, "patch", true));
      item.set("delete", operation(type, name, "delete", false));
    }
    return Optional.of(doc);
  }

  static String schemaName(ResourceType type) {
    if (type.group().isEmpty()) {
      return "io.k8s.api.core." + type.version() + "." + type.kind();
    }
    String[] parts = type.group().split("\\.");
    StringBuilder reversed = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      reversed.append(parts[i]).append('.');
    }
    return reversed + type.version() + "." + type.kind();
  }

  private static ObjectNode operation(ResourceType type, String schemaName, String action, boolean writes) {
    ObjectNode op = Json.object().put("operationId", action + type.kind());
    op.put("x-kubernetes-action", action);
    op.putObject("x-kubernetes-group-version-kind").put("group", type.group()).put("version", type.version())
        .put("kind", type.kind());
    ArrayNode parameters = op.putArray("parameters");
    if (writes) {
      for (String p : List.of("dryRun", "fieldManager", "fieldValidation")) {
        parameters.addObject().put("name", p).put("in", "query").put("uniqueItems", true).putObject("schema")
            .put("type", "string");
      }
    }
    op.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
    return op;
  }

  private static ObjectNode schema(ResourceType type) {
    ObjectNode schema;
    if (type.custom()) {
      schema = type.schema().deepCopy();
    } else {
      schema = Json.object().put("description", type.kind() + " (built-in kind; the sandbox publishes no field schema).")
          .put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
        : schema.putObject("properties");
    ObjectNode withMeta = Json.object();
    withMeta.set("apiVersion", Json.object().put("type", "string").put("description",
        "APIVersion defines the versioned schema of this representation of an object."));
    withMeta.set("kind", Json.object().put("type", "string").put("description",
        "Kind is a string value representing the REST resource this object represents."));
    ObjectNode metadata = Json.object().put("description", "Standard object's metadata.");
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    withMeta.set("metadata", metadata);
    properties.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("metadata") && !f.getKey().equals("apiVersion") && !f.getKey().equals("kind")) {
        withMeta.set(f.getKey(), f.getValue());
      }
    });
    schema.set("properties", withMeta);
    schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", type.group())
        .put("version", type.version()).put("kind", type.kind());
    return schema;
  }

  private static JsonNode objectMeta() {
    ObjectNode meta = Json.object().put("description", "ObjectMeta is metadata that all persisted resources must have.")
        .put("type", "object");
    ObjectNode p = meta.putObject("properties");
    string(p, "name", "Name must be unique within a namespace.");
    string(p, "generateName", "Optional prefix used by the server to generate a unique name.");
    string(p, "namespace", "Namespace defines the space within which each name must be unique.");
    string(p, "uid", "UID is the unique in time and space value for this object.");
    string(p, "resourceVersion", "An opaque value that represents the internal version of this object.");
    p.putObject("generation").put("type", "integer").put("format", "int64")
        .put("description", "A sequence number representing a specific generation of the desired state.");
    string(p, "creationTimestamp", "The time this object was created (RFC 3339, sandbox clock).");
    string(p, "deletionTimestamp", "The time after which this resource will be deleted (RFC 3339, sandbox clock).");
    for (String map : List.of("labels", "annotations")) {
      p.putObject(map).put("type", "object").put("description", "Map of string keys and values (" + map + ").")
          .putObject("additionalProperties").put("type", "string");
    }
    p.putObject("finalizers").put("type", "array").put("description",
        "Must be empty before the object is deleted from the registry.").putObject("items").put("type", "string");
    p.putObject("ownerReferences").put("type", "array").put("description",
        "Objects depended by this object; when all owners are deleted, this object is garbage collected.")
        .putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    p.putObject("managedFields").put("type", "array").put("description", "Field managers (not tracked by the sandbox).")
        .putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    return meta;
  }

  private static void string(ObjectNode properties, String name, String description) {
    properties.putObject(name).put("type", "string").put("description", description);
  }
}
