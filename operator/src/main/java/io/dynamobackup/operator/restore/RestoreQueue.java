package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.limits.ApiFamily;
import io.dynamobackup.operator.limits.ApiLimits;
import io.dynamobackup.operator.limits.StartQueue;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A restore's turn to start: AWS allows so many restore starts per second (StartRestoreJob, RestoreTableFromBackup)
 * and so many restores in flight per account and Region (50 for DynamoDB, of any kind). Restores wait for both in the
 * operator's queue, oldest request first, instead of failing with AWS's LimitExceededException. What is in flight is
 * read from the informer cache: restores whose start was recorded and whose table is not ACTIVE yet.
 */
final class RestoreQueue {
  private RestoreQueue() {}

  /** Null when the restore may start now; else how long to wait (the status says why). */
  static Duration waitForTurn(RestoreRun run, RestoreStatuses status, ReconcileContext<DynamoRestore> context) {
    var current = status.status();
    ApiLimits limits = context.dependencies().limits();
    ApiFamily family = run.isNative() ? ApiFamily.RESTORE_TABLE_FROM_BACKUP : ApiFamily.START_RESTORE_JOB;
    String region = current.recoveryPointRegion;
    String account = context.dependencies().identityFor(run.restore().getMetadata().getNamespace()).quotaAccount();
    var capacity = new StartQueue.Capacity(limits.concurrentRestores(), inFlight(context, account, region),
        context.schedule().firstRestorePoll());
    Instant slot = current.requestedTime == null ? context.now() : Instant.parse(current.requestedTime);
    var admission = context.admit(family, region, slot, capacity);
    if (admission.granted()) {
      return null;
    }
    status.queued(admission.atCapacity()
        ? "waiting in the operator's queue: " + limits.concurrentRestores() + " restores are in flight in " + region
            + " (rateLimit.concurrentRestores; DynamoDB allows 50 per account and Region)"
        : "waiting in the operator's queue, oldest request first, for the client-side " + family.describe()
            + " rate limit in " + region + " (" + limits.describe(family) + ")");
    return admission.retryAfter();
  }

  /** The uids of restores of this account and Region whose start was recorded and whose table is not ACTIVE yet. */
  private static Set<String> inFlight(ReconcileContext<DynamoRestore> context, String account, String region) {
    return context.primaries().stream()
        .filter(r -> r.getStatus() != null && (r.getStatus().phase == RestorePhase.Restoring
                || r.getStatus().phase == RestorePhase.Deleting) // a deletion waiting for its running job
            && r.getStatus().restoreStartedTime != null && r.getStatus().tableActiveTime == null
            && Objects.equals(region, r.getStatus().recoveryPointRegion)
            && account.equals(context.dependencies().identityFor(r.getMetadata().getNamespace()).quotaAccount()))
        .map(r -> r.getMetadata().getUid())
        .collect(Collectors.toSet());
  }
}
