package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Pagination;
import io.dynamobackup.localaws.http.Request;
import java.util.List;

/** AWS Backup list pagination: query parameters {@code maxResults} (1–1000, checked by the model) and {@code nextToken}. */
final class Pages {
  private Pages() {}

  static void page(Request r, List<ObjectNode> all, ObjectNode out, String field) {
    Integer max = r.queryInt("maxResults");
    Pagination.page(all, max == null ? 1000 : max, r.queryParam("nextToken"), out, field,
        ApiException.invalidParameter("Invalid NextToken"));
  }
}
