package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Now and then (every {@link PlanTables#SWEEP}), forgets the gauges, table selections and vault-search back-offs of
 * deleted plans: plans
 * have no finalizer, so no reconcile sees their deletion. Reads the informer cache only.
 */
final class PlanSweep {
  private volatile Instant next = Instant.MIN;

  void now(ReconcileContext<DynamoBackupPlan> context, OperatorMetrics metrics, PlanTables tables,
      PlanHistory history) {
    Instant now = context.now();
    if (!now.isAfter(next)) {
      return;
    }
    next = now.plus(PlanTables.SWEEP);
    List<DynamoBackupPlan> plans = context.primaries();
    metrics.retainPlans(plans.stream()
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet()));
    var uids = plans.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    tables.retain(uids, now);
    history.retain(uids, now);
  }
}
