package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** NextToken / MaxResults pagination over an already filtered and ordered list. */
final class Pages {
  private Pages() {}

  static void page(Request r, List<ObjectNode> all, ObjectNode out, String field) {
    Integer max = r.queryInt("maxResults");
    int limit = max == null ? 1000 : max;
    if (limit < 1 || limit > 1000) {
      throw ApiException.invalidParameter("MaxResults must be between 1 and 1000");
    }
    int start = 0;
    String token = r.queryParam("nextToken");
    if (token != null && !token.isEmpty()) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw ApiException.invalidParameter("Invalid NextToken");
      }
    }
    ArrayNode arr = out.putArray(field);
    int end = Math.min(all.size(), start + limit);
    for (int i = start; i < end; i++) {
      arr.add(all.get(i));
    }
    if (end < all.size()) {
      out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
