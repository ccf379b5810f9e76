package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Chunked lists ({@code limit} and {@code continue}), as informers and {@code kubectl get} use them so that a large
 * collection never travels in one response. Pages follow the list's order (namespace, then name); the continue token
 * carries the first page's resourceVersion, which every page reports, and the key of the last object returned. Unlike
 * etcd, the store keeps no snapshot: a later page shows objects as they are now. A client that watches from the
 * reported resourceVersion (an informer) still ends consistent, because the watch replays every change after it.
 */
final class Pages {
  private static final String TOKEN_VERSION = "meta.k8s.io/v1";

  /** One page: its items, the resourceVersion to report, the token for the next page (null: last) and what is left. */
  record Page(List<JsonNode> items, long resourceVersion, String continueToken, long remaining) {
    /** Sets {@code metadata.resourceVersion}, {@code continue} and {@code remainingItemCount} on a list or Table. */
    void describe(ObjectNode metadata) {
      metadata.put("resourceVersion", Long.toString(resourceVersion));
      if (continueToken != null) {
        metadata.put("continue", continueToken).put("remainingItemCount", remaining);
      }
    }
  }

  private Pages() {}

  /** The page of {@code listing} (sorted by namespace and name) that {@code limit} and {@code continue} ask for. */
  static Page page(Request request, ObjectStore.Listing listing) {
    long limit = limit(request.query().get("limit"));
    String token = request.query().get("continue");
    long resourceVersion = listing.resourceVersion();
    List<JsonNode> items = listing.items();
    if (token != null && !token.isEmpty()) {
      ObjectNode continued = decode(token);
      resourceVersion = continued.path("rv").asLong();
      String[] start = continued.path("start").asText().split("\u0000", -1);
      items = items.subList(firstAfter(items, start[0], start.length > 1 ? start[1] : ""), items.size());
    }
    if (limit <= 0 || items.size() <= limit) {
      return new Page(items, resourceVersion, null, 0);
    }
    List<JsonNode> page = items.subList(0, (int) limit);
    JsonNode last = page.get(page.size() - 1).path("metadata");
    ObjectNode next = Json.object().put("v", TOKEN_VERSION).put("rv", resourceVersion)
        .put("start", last.path("namespace").asText("") + "\u0000" + last.path("name").asText());
    return new Page(page, resourceVersion, Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Json.write(next).getBytes(StandardCharsets.UTF_8)), items.size() - limit);
  }

  private static long limit(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid limit: " + value);
    }
  }

  private static ObjectNode decode(String token) {
    try {
      JsonNode node = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (node instanceof ObjectNode object && TOKEN_VERSION.equals(object.path("v").asText())
          && object.path("rv").canConvertToLong() && object.path("start").isTextual()) {
        return object;
      }
    } catch (RuntimeException e) {
      // reported below, as the API server does for any token it cannot read
    }
    throw ApiException.badRequest("continue key is not valid: " + token);
  }

  /** Index of the first item after (namespace, name) in list order. */
  private static int firstAfter(List<JsonNode> items, String namespace, String name) {
    int low = 0;
    int high = items.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      JsonNode metadata = items.get(mid).path("metadata");
      int order = metadata.path("namespace").asText("").compareTo(namespace);
      if (order == 0) {
        order = metadata.path("name").asText().compareTo(name);
      }
      if (order <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
