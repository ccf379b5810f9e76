package io.dynamobackup.localaws.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * NextToken / MaxResults pagination over an already filtered and ordered list, the same for every list operation:
 * the token is an opaque position in the list; a token local-aws did not hand out is refused with the service's error.
 */
public final class Pagination {
  private Pagination() {}

  /**
   * Puts one page of {@code all} into {@code out.field} and, when more remain, {@code out.NextToken}.
   *
   * @param limit the page size (already validated)
   * @param token the NextToken of the request, or null for the first page
   * @param invalidToken the error to answer for a token that cannot be read
   */
  public static void page(List<ObjectNode> all, int limit, String token, ObjectNode out, String field,
      ApiException invalidToken) {
    int start = 0;
    if (token != null && !token.isEmpty()) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw invalidToken;
      }
      if (start < 0) {
        throw invalidToken;
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
