package io.dynamobackup.localaws.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A REST route: HTTP method + request URI template ({@code /backup-vaults/{backupVaultName}}),
 * exactly as written in the service model (query part and trailing slash ignored for matching).
 */
public record Route(String method, String requestUri, String operation, Operation handler) {

  /** Matches decoded path segments; returns the path parameters or null. */
  public Map<String, String> match(String method, String[] segments) {
    if (!this.method.equals(method)) {
      return null;
    }
    String[] template = segments(requestUri);
    if (template.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        String name = t.substring(1, t.length() - 1).replace("+", "");
        params.put(name, segments[i]);
      } else if (!t.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }

  /** Path segments of a template or a raw path, without empty leading/trailing parts. */
  public static String[] segments(String path) {
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
