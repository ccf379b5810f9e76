package io.dynamobackup.kube;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One API request as the handlers see it.
 *
 * @param path    without the query and a trailing slash
 * @param headers lower-case names, first value
 * @param user    the authenticated user, or whom it impersonates once {@link Impersonation} allowed it
 * @param impersonate the {@code impersonate-*} headers with every value (a group may be given many times)
 */
record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
    UserInfo user, Map<String, java.util.List<String>> impersonate) {

  Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
      UserInfo user) {
    this(method, path, query, headers, body, user, Map.of());
  }

  /** This request as {@code actor}, its impersonation resolved. */
  Request as(UserInfo actor) {
    return new Request(method, path, query, headers, body, actor, Map.of());
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The media type of the body, lower case, without parameters; empty when absent. */
  String contentType() {
    String type = headers.getOrDefault("content-type", "");
    return type.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Whether the write is a dry run: {@code ?dryRun=All}, or, on a DELETE, {@code "dryRun": ["All"]} in the
   * DeleteOptions body (what kubectl {@code delete --dry-run=server} and client-go send).
   *
   * @throws ApiException 422 for a value other than {@code All}, as Kubernetes validates it
   */
  boolean dryRun() {
    java.util.List<String> values = new java.util.ArrayList<>();
    if (query.containsKey("dryRun")) {
      values.add(query.get("dryRun"));
    }
    deleteOptions().path("dryRun").forEach(v -> values.add(v.asText()));
    if (values.isEmpty()) {
      return false;
    }
    if (values.stream().allMatch("All"::equals)) {
      return true;
    }
    throw new ApiException(422, "Invalid", "dryRun: Unsupported value: " + Json.write(Json.MAPPER.valueToTree(values))
        + ": supported values: \"All\"");
  }

  /**
   * The DeleteOptions a DELETE carries in its body (empty when there is none): dryRun, preconditions,
   * propagationPolicy.
   */
  com.fasterxml.jackson.databind.JsonNode deleteOptions() {
    if (!method.equals("DELETE") || body.length == 0) {
      return Json.object();
    }
    com.fasterxml.jackson.databind.JsonNode options = contentType().equals(Protobuf.MEDIA_TYPE)
        ? Protobuf.decode(null, body) : Json.parse(bodyText());
    if (options.isMissingNode()) {
      return Json.object();
    }
    if (!options.isObject()) {
      throw ApiException.badRequest("the body of a DELETE must be a DeleteOptions object");
    }
    return options;
  }
}
