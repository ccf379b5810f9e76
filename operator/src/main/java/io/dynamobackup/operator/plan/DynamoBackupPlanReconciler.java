package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.common.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Acknowledges DynamoBackupPlan objects; the behaviour of this kind is not implemented yet. */
@ControllerConfiguration(name = "dynamobackupplan")
public class DynamoBackupPlanReconciler implements Reconciler<DynamoBackupPlan> {
  private final Clock clock;

  public DynamoBackupPlanReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<DynamoBackupPlan> reconcile(DynamoBackupPlan resource, Context<DynamoBackupPlan> context) {
    DynamoBackupPlanStatus status = resource.getStatus() == null ? new DynamoBackupPlanStatus() : resource.getStatus();
    status.observedGeneration = resource.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.READY, Conditions.UNKNOWN, "NotImplemented",
        "this operator version does not reconcile DynamoBackupPlan yet", status.observedGeneration, clock.instant());
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
