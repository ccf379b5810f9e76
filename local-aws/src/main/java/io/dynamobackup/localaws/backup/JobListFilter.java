package io.dynamobackup.localaws.backup;

import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;

/**
 * The query filters ListBackupJobs, ListCopyJobs and ListRestoreJobs share: resource type, account and the
 * created/completed time windows. Each list adds its own filters (state, vault, resource) on top.
 */
record JobListFilter(String resourceType, String accountId, Instant createdBefore, Instant createdAfter,
    Instant completeBefore, Instant completeAfter) {

  static JobListFilter from(Request r) {
    return new JobListFilter(r.queryParam("resourceType"), r.queryParam("accountId"), r.queryTime("createdBefore"),
        r.queryTime("createdAfter"), r.queryTime("completeBefore"), r.queryTime("completeAfter"));
  }

  /** Whether a job with this scope and these times passes; only DynamoDB jobs exist here. */
  boolean matches(Scope scope, Instant creationDate, Instant completionDate) {
    return (resourceType == null || resourceType.equals("DynamoDB"))
        && (accountId == null || accountId.equals(scope.accountId()))
        && (createdBefore == null || creationDate.isBefore(createdBefore))
        && (createdAfter == null || creationDate.isAfter(createdAfter))
        && (completeBefore == null || (completionDate != null && completionDate.isBefore(completeBefore)))
        && (completeAfter == null || (completionDate != null && completionDate.isAfter(completeAfter)));
  }
}
