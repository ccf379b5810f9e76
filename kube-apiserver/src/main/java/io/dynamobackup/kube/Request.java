package io.dynamobackup.kube;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One API request as the handlers see it.
 *
 * @param path    without the query and a trailing slash
 * @param headers lower-case names, first value
 * @param user    the authenticated user
 */
record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
    UserInfo user) {

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

  boolean dryRun() {
    return query.containsKey("dryRun");
  }
}
