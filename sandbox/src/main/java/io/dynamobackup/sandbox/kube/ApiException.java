package io.dynamobackup.sandbox.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An API error answered as a {@code Status} object, like the real API server. */
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

  static ApiException notFound(ResourceType type, String name) {
    ObjectNode details = Json.object().put("name", name).put("group", type.group()).put("kind", type.plural());
    return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", details);
  }

  static ApiException invalid(ResourceType type, String name, List<String[]> causes) {
    ObjectNode details = Json.object().put("name", name).put("group", type.group()).put("kind", type.kind());
    ArrayNode array = details.putArray("causes");
    StringBuilder message = new StringBuilder();
    for (String[] cause : causes) {
      array.addObject().put("reason", "FieldValueInvalid").put("message", cause[1]).put("field", cause[0]);
      message.append(message.length() == 0 ? "" : ", ").append(cause[0]).append(": ").append(cause[1]);
    }
    String text = type.kind() + (type.group().isEmpty() ? "" : "." + type.group()) + " \"" + name + "\" is invalid: "
        + (causes.size() == 1 ? message : "[" + message + "]");
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
