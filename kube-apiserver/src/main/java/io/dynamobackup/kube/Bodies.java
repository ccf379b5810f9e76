package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies of creates and updates: JSON, YAML, or Kubernetes protobuf for the built-in kinds {@link Protobuf}
 * decodes (kubectl sends {@code create namespace/configmap/secret} as protobuf); other protobuf bodies get
 * {@code 415 Unsupported Media Type}.
 */
final class Bodies {
  ObjectNode object(Request request, ResourceType type) {
    JsonNode body = switch (request.contentType()) {
      case "", "application/json", "*/*" -> Json.parse(request.bodyText());
      case "application/yaml" -> Json.parseYaml(request.bodyText());
      case Protobuf.MEDIA_TYPE -> Protobuf.decode(type, request.body());
      default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown"
          + " format - accepted media types include: application/json, application/yaml, "
          + Protobuf.MEDIA_TYPE + " (got " + request.contentType() + ")");
    };
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be an object");
    }
    return object;
  }
}
