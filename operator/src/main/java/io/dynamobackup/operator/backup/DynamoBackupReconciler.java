package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.common.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Acknowledges DynamoBackup objects; the behaviour of this kind is not implemented yet. */
@ControllerConfiguration(name = "dynamobackup")
public class DynamoBackupReconciler implements Reconciler<DynamoBackup> {
  private final Clock clock;

  public DynamoBackupReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<DynamoBackup> reconcile(DynamoBackup resource, Context<DynamoBackup> context) {
    DynamoBackupStatus status = resource.getStatus() == null ? new DynamoBackupStatus() : resource.getStatus();
    status.observedGeneration = resource.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.READY, Conditions.UNKNOWN, "NotImplemented",
        "this operator version does not reconcile DynamoBackup yet", status.observedGeneration, clock.instant());
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
