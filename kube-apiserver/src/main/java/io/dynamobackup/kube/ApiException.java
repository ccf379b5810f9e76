package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An API error answered as a {@code Status} object, with the reason, message and details Kubernetes uses. */
public final class ApiException extends RuntimeException {
  final int code;
  final String reason;
  final ObjectNode details;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  private static ObjectNode details(ResourceType type, String name) {
    ObjectNode details = Json.object();
    if (name != null) {
      details.put("name", name);
    }
    return details.put("group", type.group()).put("kind", type.plural());
  }

  static ApiException notFound(ResourceType type, String name) {
    return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found",
        details(type, name));
  }

  static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
        details(type, name));
  }

  static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \""
        + name + "\": " + why, details(type, name));
  }

  static ApiException gone(String message) {
    return new ApiException(410, "Expired", message);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  static ApiException noSuchPath() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  static ApiException methodNotAllowed() {
    return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  }

  /** {@code 422 Invalid} with one cause per field error, formatted as the API server and kubectl show it. */
  static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
    ObjectNode details = Json.object().put("name", name).put("group", type.group()).put("kind", type.kind());
    ArrayNode array = details.putArray("causes");
    StringBuilder message = new StringBuilder();
    for (FieldError error : errors) {
      array.addObject().put("reason", error.type().reason()).put("message", error.detail()).put("field", error.field());
      message.append(message.length() == 0 ? "" : ", ").append(error);
    }
    String text = type.kind() + (type.group().isEmpty() ? "" : "." + type.group()) + " \"" + name + "\" is invalid: "
        + (errors.size() == 1 ? message : "[" + message + "]");
    return new ApiException(422, "Invalid", text, details);
  }

  ObjectNode toStatus() {
    ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }
}
