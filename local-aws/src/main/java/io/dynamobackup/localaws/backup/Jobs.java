package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Describe and list, the same for backup, copy and restore jobs. */
final class Jobs {
  private Jobs() {}

  /** The job with this id in the caller's scope; ResourceNotFoundException naming the kind ("Backup job"). */
  static <J extends Job> J find(Map<String, J> jobs, String id, String kind) {
    J job = jobs.get(id);
    if (job == null) {
      throw ApiException.notFound(kind + " " + id + " not found");
    }
    return job;
  }

  /**
   * A page of the jobs passing the list filters every job list shares (JobListFilter), the given state filter and
   * the list's own ones, newest first.
   */
  static <J extends Job> ObjectNode list(Request r, Map<String, J> jobs, String stateParameter, Predicate<J> own,
      Function<J, ObjectNode> json, String field) {
    String state = r.queryParam(stateParameter);
    JobListFilter filter = JobListFilter.from(r);
    List<J> all = new ArrayList<>(jobs.values());
    List<ObjectNode> matching = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      J j = all.get(i);
      if ((state == null || j.is(state)) && own.test(j) && filter.matches(j.scope, j.creationDate, j.completionDate())) {
        matching.add(json.apply(j));
      }
    }
    ObjectNode out = Json.object();
    Pages.page(r, matching, out, field);
    return out;
  }
}
