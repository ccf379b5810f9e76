package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.common.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Acknowledges DynamoRestore objects; the behaviour of this kind is not implemented yet. */
@ControllerConfiguration(name = "dynamorestore")
public class DynamoRestoreReconciler implements Reconciler<DynamoRestore> {
  private final Clock clock;

  public DynamoRestoreReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<DynamoRestore> reconcile(DynamoRestore resource, Context<DynamoRestore> context) {
    DynamoRestoreStatus status = resource.getStatus() == null ? new DynamoRestoreStatus() : resource.getStatus();
    status.observedGeneration = resource.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.READY, Conditions.UNKNOWN, "NotImplemented",
        "this operator version does not reconcile DynamoRestore yet", status.observedGeneration, clock.instant());
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
