package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every write goes through before it is stored, as in the API server: the kind must match the path, status is
 * written only through the status subresource (and only status through it), custom resources are pruned, defaulted
 * and validated against their schema and CEL rules ({@link SchemaValidator}), and the writer's field manager gets the
 * fields it changed ({@link ManagedFields}).
 */
final class Admission {
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private final ObjectStore store;

  Admission(ObjectStore store) {
    this.store = store;
  }

  /** A new object: checked, validated, owned by the writer's field manager (unless {@code applied}). */
  ObjectNode create(Request request, ResourceType type, ObjectNode object, boolean applied, List<String> warnings) {
    checkKind(type, object);
    ObjectNode metadata = metadata(object);
    String name = metadata.path("name").asText("");
    if (name.isEmpty() && !metadata.hasNonNull("generateName")) {
      throw ApiException.invalid(type, name, List.of(new FieldError(FieldError.Type.REQUIRED, "metadata.name",
          "Required value: name or generateName is required")));
    }
    if (!name.isEmpty() && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
      throw ApiException.invalid(type, name, List.of(new FieldError(FieldError.Type.INVALID, "metadata.name",
          "Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
              + " characters, '-' or '.', and must start and end with an alphanumeric character")));
    }
    if (type.statusSubresource()) {
      object.remove("status");
    }
    if (type.equals(ApiResources.NAMESPACES)) {
      Namespaces.created(object);
    }
    validate(request, type, name, object, null, warnings);
    if (!applied) {
      ManagedFields.recordUpdate(type, null, object, manager(request), null, now());
    }
    return object;
  }

  /**
   * The object to store for a write of {@code next} over {@code current}: with a status subresource, a write to the
   * main resource keeps the stored status and a write to {@code status} changes only status.
   */
  ObjectNode update(Request request, ResourceType type, ObjectNode current, ObjectNode next, String subresource,
      boolean applied, List<String> warnings) {
    checkKind(type, next);
    ObjectNode result = next;
    if ("status".equals(subresource)) {
      result = current.deepCopy();
      if (next.has("status")) {
        result.set("status", next.get("status"));
      } else {
        result.remove("status");
      }
      if (applied) {
        result.set("metadata", next.get("metadata"));
      } else {
        metadata(result).set("resourceVersion", next.path("metadata").path("resourceVersion"));
      }
    } else if (type.statusSubresource()) {
      if (current.has("status")) {
        result.set("status", current.get("status"));
      } else {
        result.remove("status");
      }
    }
    if (type.equals(ApiResources.NAMESPACES)) {
      Namespaces.updated(current, result);
    }
    if (metadata(result).path("resourceVersion").isMissingNode() || metadata(result).path("resourceVersion").isNull()) {
      metadata(result).remove("resourceVersion");
    }
    validate(request, type, current.path("metadata").path("name").asText(), result, current, warnings);
    if (!applied) {
      ManagedFields.recordUpdate(type, current, result, manager(request), subresource, now());
    }
    return result;
  }

  private void validate(Request request, ResourceType type, String name, ObjectNode object, JsonNode old,
      List<String> warnings) {
    if (!type.custom()) {
      return;
    }
    SchemaValidator.Result result = SchemaValidator.validateStored(type.schema(), object, old);
    if (!result.unknownFields().isEmpty()) {
      String directive = request.query().getOrDefault("fieldValidation", "Warn");
      if (directive.equals("Strict")) {
        throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
            + type.kind() + ": strict decoding error: " + SchemaValidator.unknownFieldsMessage(result.unknownFields()));
      } else if (!directive.equals("Ignore")) {
        result.unknownFields().forEach(f -> warnings.add("unknown field \"" + f + "\""));
      }
    }
    if (!result.errors().isEmpty()) {
      throw ApiException.invalid(type, name, result.errors());
    }
  }

  static void checkKind(ResourceType type, ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (!apiVersion.equals(type.groupVersion()) || !kind.equals(type.kind())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion + ") and kind (" + kind
          + ") do not match the request (" + type.groupVersion() + ", " + type.kind() + ")");
    }
  }

  /** The writer's field manager: {@code fieldManager}, else its User-Agent's product name, as the API server does. */
  static String manager(Request request) {
    String manager = request.query().get("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      return manager;
    }
    String agent = request.header("user-agent");
    return agent == null || agent.isEmpty() ? "unknown" : agent.split("/")[0];
  }

  String now() {
    return store.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static ObjectNode metadata(ObjectNode object) {
    return object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
  }
}
