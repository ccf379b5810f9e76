package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.aws.AwsServices;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.Shard;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.limits.ApiLimits;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every reconciler shares: AWS access by identity, the tenancy guard (which also says whose identity a namespace
 * uses), the one event recorder, metrics, the poll and retry schedule, the clock, the client-side AWS rate limits and
 * the shard of objects this operator owns, and the primary caches controllers share.
 *
 * @param aws the AWS services signing with an identity's credentials
 */
public record ReconcileDependencies(Function<AwsIdentity, AwsServices> aws, TenancyGuard tenancy,
    EventRecorder events, OperatorMetrics metrics, RetrySchedule schedule, JitteredRetry retry, Clock clock,
    ApiLimits limits, Shard shard, SharedCaches caches) {

  /** Without caches shared yet. */
  public ReconcileDependencies(Function<AwsIdentity, AwsServices> aws, TenancyGuard tenancy, EventRecorder events,
      OperatorMetrics metrics, RetrySchedule schedule, JitteredRetry retry, Clock clock, ApiLimits limits,
      Shard shard) {
    this(aws, tenancy, events, metrics, schedule, retry, clock, limits, shard, new SharedCaches());
  }

  /** The identity of a namespace's objects: its tenant's assumed role, else the operator's own. */
  public AwsIdentity identityFor(String namespace) {
    return tenancy.assumeRoleFor(namespace)
        .map(role -> AwsIdentity.assumed(namespace, role.roleArn(), role.externalId()))
        .orElse(AwsIdentity.operator());
  }
}
