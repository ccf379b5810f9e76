package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Create, update, patch and delete. Each write computes the new object from the stored one inside the store's update
 * (so a patch is atomic), passes it through {@link Admission}, and honours {@code dryRun}. Patches: JSON patch
 * (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch for built-in kinds (directives resolved, lists
 * replaced; custom resources get 415 as in Kubernetes), and server-side apply ({@link ManagedFields}).
 */
final class Writes {
  static final String APPLY_YAML = "application/apply-patch+yaml";
  private final ObjectStore store;
  private final Admission admission;
  private final Bodies bodies;
  private final ApiResources resources;

  Writes(ObjectStore store, Admission admission, Bodies bodies, ApiResources resources) {
    this.store = store;
    this.resources = resources;
    this.admission = admission;
    this.bodies = bodies;
  }

  Response create(Request request, ResourcePath path, ResourceType type) {
    if (path.name() != null || path.subresource() != null) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode object = bodies.object(request, type);
    ObjectNode metadata = Admission.metadata(object);
    if (type.namespaced()) {
      String namespace = metadata.path("namespace").asText(path.namespace());
      if (path.namespace() == null || !namespace.equals(path.namespace())) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on"
            + " the request");
      }
      metadata.put("namespace", namespace);
      requireNamespace(namespace, type, metadata.path("name").asText(""));
    }
    List<String> warnings = new ArrayList<>();
    admission.create(request, type, object, false, warnings);
    if (request.dryRun()) {
      return Response.json(201, object).withWarnings(warnings);
    }
    return Response.json(201, store.create(type, object)).withWarnings(warnings);
  }

  Response update(Request request, ResourcePath path, ResourceType type) {
    if (path.name() == null) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode body = bodies.object(request, type);
    String name = body.path("metadata").path("name").asText(path.name());
    if (!name.equals(path.name())) {
      throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
          + path.name() + ")");
    }
    List<String> warnings = new ArrayList<>();
    return write(request, path, type, current -> admission.update(request, type, current, body, path.subresource(),
        false, warnings), warnings);
  }

  Response patch(Request request, ResourcePath path, ResourceType type) {
    if (path.name() == null) {
      throw ApiException.methodNotAllowed();
    }
    String contentType = request.contentType();
    List<String> warnings = new ArrayList<>();
    String subresource = path.subresource();
    if (contentType.equals(APPLY_YAML) || contentType.equals("application/apply-patch+json")) {
      return apply(request, path, type, warnings);
    }
    UnaryOperator<ObjectNode> change = switch (contentType) {
      case "application/json-patch+json" -> {
        JsonNode patch = Json.parse(request.bodyText());
        yield current -> admission.update(request, type, current, jsonPatch(current, patch), subresource, false,
            warnings);
      }
      case "application/merge-patch+json" -> {
        JsonNode patch = objectPatch(Json.parse(request.bodyText()));
        yield current -> admission.update(request, type, current, (ObjectNode) Json.mergePatch(current, patch),
            subresource, false, warnings);
      }
      case "application/strategic-merge-patch+json" -> {
        if (type.custom()) {
          throw unsupported(contentType);
        }
        JsonNode patch = objectPatch(strategicToMerge(Json.parse(request.bodyText())));
        yield current -> admission.update(request, type, current, (ObjectNode) Json.mergePatch(current, patch),
            subresource, false, warnings);
      }
      default -> throw unsupported(contentType);
    };
    return write(request, path, type, change, warnings);
  }

  /** Server-side apply: creates the object when it does not exist; 409 on conflicts unless {@code force=true}. */
  private Response apply(Request request, ResourcePath path, ResourceType type, List<String> warnings) {
    String manager = request.query().get("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value:"
          + " is required for apply patch");
    }
    if (!(Json.parseYaml(request.bodyText()) instanceof ObjectNode applied)) {
      throw ApiException.badRequest("the apply patch must be an object");
    }
    Admission.checkKind(type, applied);
    ObjectNode appliedMetadata = Admission.metadata(applied);
    appliedMetadata.remove("managedFields");
    appliedMetadata.put("name", path.name());
    if (type.namespaced()) {
      appliedMetadata.put("namespace", path.namespace());
    }
    boolean force = "true".equals(request.query().get("force"));
    String subresource = path.subresource();
    if (store.get(type, path.namespace(), path.name()).isEmpty()) {
      if (subresource != null) {
        throw ApiException.notFound(type, path.name());
      }
      if (type.namespaced()) {
        requireNamespace(path.namespace(), type, path.name());
      }
      ObjectNode created = ManagedFields.apply(type, null, applied, manager, null, force, admission.now());
      admission.create(request, type, created, true, warnings);
      if (request.dryRun()) {
        return Response.json(201, created).withWarnings(warnings);
      }
      try {
        return Response.json(201, store.create(type, created)).withWarnings(warnings);
      } catch (ApiException e) {
        if (!"AlreadyExists".equals(e.reason)) {
          throw e;
        }
        // created concurrently: apply to it
      }
    }
    String expected = appliedMetadata.path("resourceVersion").asText("");
    return write(request, path, type, current -> {
      ObjectNode next = ManagedFields.apply(type, current, applied, manager, subresource, force, admission.now());
      if (!expected.isEmpty()) {
        Admission.metadata(next).put("resourceVersion", expected);
      }
      return admission.update(request, type, current, next, subresource, true, warnings);
    }, warnings);
  }

  private Response write(Request request, ResourcePath path, ResourceType type, UnaryOperator<ObjectNode> change,
      List<String> warnings) {
    if (request.dryRun()) {
      ObjectNode current = store.get(type, path.namespace(), path.name())
          .orElseThrow(() -> ApiException.notFound(type, path.name()));
      return Response.json(200, change.apply(current)).withWarnings(warnings);
    }
    return Response.json(200, store.update(type, path.namespace(), path.name(), change,
        "status".equals(path.subresource()))).withWarnings(warnings);
  }

  Response delete(Request request, ResourcePath path, ResourceType type, Reads reads) {
    if (path.subresource() != null) {
      throw ApiException.methodNotAllowed();
    }
    if (path.name() == null) {
      ObjectNode result = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
      result.putObject("metadata");
      ArrayNode items = result.putArray("items");
      for (JsonNode item : reads.matching(request, path, type).items()) {
        String namespace = item.path("metadata").path("namespace").asText(null);
        String name = item.path("metadata").path("name").asText();
        items.add(request.dryRun() ? item : store.delete(type, namespace, name));
      }
      return Response.json(200, result);
    }
    JsonNode options = request.deleteOptions();
    java.util.function.Consumer<JsonNode> preconditions = current -> checkPreconditions(type, options, current);
    if (request.dryRun()) {
      // the object as the delete would leave it, without deleting it (Kubernetes answers 200 with it)
      ObjectNode current = store.get(type, path.namespace(), path.name())
          .orElseThrow(() -> ApiException.notFound(type, path.name()));
      preconditions.accept(current);
      if (Namespaces.finalizersPending(current) && !current.path("metadata").has("deletionTimestamp")) {
        Admission.metadata(current).put("deletionTimestamp", admission.now());
      }
      return Response.json(200, type.equals(ApiResources.NAMESPACES) ? Namespaces.terminating(current) : current);
    }
    if (orphan(options)) {
      // before the delete, so that garbage collection never sees the dependents without their owner
      ObjectNode current = store.get(type, path.namespace(), path.name())
          .orElseThrow(() -> ApiException.notFound(type, path.name()));
      preconditions.accept(current);
      orphanDependents(current.path("metadata").path("uid").asText());
    }
    ObjectNode deleted = store.delete(type, path.namespace(), path.name(), preconditions);
    if (type.equals(ApiResources.NAMESPACES) && deleted.path("metadata").has("deletionTimestamp")) {
      // Terminating until the garbage collector has emptied it
      try {
        deleted = store.update(type, null, path.name(), Namespaces::terminating);
      } catch (ApiException gone) {
        // finalized meanwhile
      }
    }
    return Response.json(200, deleted);
  }

  /** DeleteOptions' {@code preconditions.uid} and {@code preconditions.resourceVersion}: 409 when they differ. */
  private static void checkPreconditions(ResourceType type, JsonNode options, JsonNode current) {
    JsonNode preconditions = options.path("preconditions");
    JsonNode metadata = current.path("metadata");
    for (String[] field : new String[][] {{"uid", "UID"}, {"resourceVersion", "ResourceVersion"}}) {
      String wanted = preconditions.path(field[0]).asText("");
      String actual = metadata.path(field[0]).asText("");
      if (!wanted.isEmpty() && !wanted.equals(actual)) {
        throw ApiException.conflict(type, metadata.path("name").asText(), "Precondition failed: " + field[1]
            + " in precondition: " + wanted + ", " + field[1] + " in object meta: " + actual);
      }
    }
  }

  /** {@code propagationPolicy: Orphan} (kubectl {@code --cascade=orphan}) or the older {@code orphanDependents}. */
  private static boolean orphan(JsonNode options) {
    return "Orphan".equals(options.path("propagationPolicy").asText())
        || options.path("orphanDependents").asBoolean(false);
  }

  /** Removes the owner reference to {@code uid} from its dependents, so that garbage collection keeps them. */
  private void orphanDependents(String uid) {
    for (JsonNode object : store.all()) {
      JsonNode metadata = object.path("metadata");
      boolean owned = false;
      for (JsonNode owner : metadata.path("ownerReferences")) {
        owned |= uid.equals(owner.path("uid").asText());
      }
      if (!owned) {
        continue;
      }
      ResourceType dependentType = resources.findKind(object.path("apiVersion").asText(),
          object.path("kind").asText()).orElse(null);
      if (dependentType == null) {
        continue;
      }
      try {
        store.update(dependentType, metadata.path("namespace").asText(null), metadata.path("name").asText(),
            current -> {
              ArrayNode kept = Json.array();
              Admission.metadata(current).path("ownerReferences").forEach(o -> {
                if (!uid.equals(o.path("uid").asText())) {
                  kept.add(o);
                }
              });
              if (kept.isEmpty()) {
                Admission.metadata(current).remove("ownerReferences");
              } else {
                Admission.metadata(current).set("ownerReferences", kept);
              }
              return current;
            });
      } catch (ApiException gone) {
        // deleted meanwhile
      }
    }
  }

  /**
   * @throws ApiException 404 when {@code namespace} does not exist, 403 while it is terminating (Kubernetes'
   *     NamespaceLifecycle admission)
   */
  void requireNamespace(String namespace, ResourceType type, String name) {
    Optional<ObjectNode> ns = store.get(ApiResources.NAMESPACES, null, namespace);
    if (ns.isEmpty()) {
      throw new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found",
          Json.object().put("name", namespace).put("kind", "namespaces"));
    }
    if (ns.get().path("metadata").has("deletionTimestamp")) {
      throw new ApiException(403, "Forbidden", type.qualifiedPlural() + (name.isEmpty() ? "" : " \"" + name + "\"")
          + " is forbidden: unable to create new content in namespace " + namespace + " because it is being terminated",
          Json.object().put("name", name).put("group", type.group()).put("kind", type.plural()));
    }
  }

  private static ObjectNode jsonPatch(ObjectNode current, JsonNode patch) {
    try {
      JsonNode result = JsonPatch.apply(patch, current);
      if (!(result instanceof ObjectNode object)) {
        throw ApiException.badRequest("the JSON patch did not produce an object");
      }
      return object;
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
          + e.getMessage());
    }
  }

  private static JsonNode objectPatch(JsonNode patch) {
    if (!patch.isObject()) {
      throw ApiException.badRequest("the patch must be a JSON object");
    }
    return patch;
  }

  /**
   * A strategic merge patch as a merge patch: {@code $patch: delete} removes a map, {@code $setElementOrder},
   * {@code $retainKeys} and {@code $deleteFromPrimitiveList} are dropped, lists are replaced - enough for the built-in
   * kinds served here (ConfigMap, Secret, Namespace, ...).
   */
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

  private static ApiException unsupported(String contentType) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted"
        + " media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        + " (got " + contentType + ")");
  }
}
