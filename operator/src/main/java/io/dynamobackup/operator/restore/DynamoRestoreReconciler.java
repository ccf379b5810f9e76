package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.aws.TableSettingsService;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.StatusUpdates;
import io.dynamobackup.operator.common.TransitionEvents;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A DynamoRestore: validate → resolve the recovery point → refuse an existing target → record the intent → copy into
 * the target Region if needed → restore → wait for ACTIVE → apply overrides and settings → keep them in sync.
 */
@ControllerConfiguration(name = "dynamorestore")
public class DynamoRestoreReconciler implements Reconciler<DynamoRestore>, Cleaner<DynamoRestore> {
  private static final Set<String> NORMAL_REASONS = Set.of("Copying", "Restoring", "ApplyingOverrides",
      "ApplyingSettings", "Ready", "WaitingForBackup");
  /** Label of the DynamoRestore children a plan creates for restore drills (see plan.RestoreDrills). */
  private static final String DRILL_LABEL = "dynamobackup.io/drill";
  private final RestoreSteps steps;
  private final RestoreDeletion deletion;
  private final RetrySchedule schedule;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final TenancyGuard tenancy;

  public DynamoRestoreReconciler(BackupService backups, TableService tables, TableSettingsService settings,
      RetrySchedule schedule, OperatorMetrics metrics, Clock clock) {
    this(backups, tables, settings, schedule, metrics, clock, TenancyGuard.singleTenant());
  }

  public DynamoRestoreReconciler(BackupService backups, TableService tables, TableSettingsService settings,
      RetrySchedule schedule, OperatorMetrics metrics, Clock clock, TenancyGuard tenancy) {
    this.tenancy = tenancy;
    this.steps = new RestoreSteps(backups, tables, new SettingsApplier(settings), schedule, clock, tenancy, metrics);
    this.deletion = new RestoreDeletion(backups, tables, settings, schedule);
    this.schedule = schedule;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<DynamoRestore> reconcile(DynamoRestore restore, Context<DynamoRestore> context) {
    // AWS calls for this object use its namespace's credentials (the tenant's assumed role, if any).
    return AwsIdentity.forNamespace(restore.getMetadata().getNamespace(), () -> reconcileInNamespace(restore, context));
  }

  private UpdateControl<DynamoRestore> reconcileInNamespace(DynamoRestore restore, Context<DynamoRestore> context) {
    String before = StatusUpdates.snapshot(restore);
    RestoreStatuses status = new RestoreStatuses(restore, clock.instant());
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    TransitionEvents transitions = new TransitionEvents(restore, () -> restore.getStatus().conditions,
        () -> restore.getStatus().phase, NORMAL_REASONS, events);
    List<String> problems = RestoreSpecs.validate(restore.getSpec(), restore.getMetadata().getNamespace(),
        tenancy.enabled());
    if (!problems.isEmpty()) {
      status.invalid(String.join("; ", problems));
      transitions.report();
      return StatusUpdates.patchIfChanged(restore, before, null);
    }
    TenancyGuard.Check permitted = RestoreSpecs.tenancy(tenancy, restore);
    if (permitted.denied()) {
      // Before the source is resolved and before any AWS call; no requeue: a spec or policy change brings the next one.
      metrics.tenancyDenied(restore.getMetadata().getNamespace(), "DynamoRestore", permitted.denials());
      status.notPermitted(permitted.message());
      transitions.report();
      return StatusUpdates.patchIfChanged(restore, before, null);
    }
    if (restore.getStatus().phase == RestorePhase.Failed) {
      return UpdateControl.noUpdate();
    }
    String key = restore.getMetadata().getUid();
    try {
      Duration next = steps.step(restore, status, context.getClient(), events);
      schedule.succeeded(key);
      transitions.report();
      recordIfFinished(restore, transitions);
      return StatusUpdates.patchIfChanged(restore, before, next);
    } catch (AwsException e) {
      metrics.awsError("DynamoRestore", e.code());
      status.awsError(e.code(), e.getMessage() + (e.isTransient() ? " (retrying with back-off)" : ""));
      transitions.report();
      return StatusUpdates.patchIfChanged(restore, before,
          e.isTransient() ? schedule.nextErrorRetry(key) : schedule.userErrorRetry());
    }
  }

  private void recordIfFinished(DynamoRestore restore, TransitionEvents transitions) {
    var current = restore.getStatus();
    if (current.phase == transitions.phaseBefore()) {
      return;
    }
    // A plan's restore drill restores into a new scratch table every time: its time is recorded per plan by the
    // drill (dynamobackup_drill_restore_duration_seconds), not here, where the table tag would grow without bound.
    boolean drill = restore.getMetadata().getLabels() != null
        && restore.getMetadata().getLabels().containsKey(DRILL_LABEL);
    if (current.phase == RestorePhase.Ready && current.restoreDuration != null) {
      metrics.restoreFinished(restore.getMetadata().getNamespace(), restore.getSpec().target.tableName, "Ready",
          drill ? null : Duration.between(Instant.parse(current.requestedTime),
              Instant.parse(current.settingsAppliedTime)));
    } else if (current.phase == RestorePhase.Failed) {
      metrics.restoreFinished(restore.getMetadata().getNamespace(), restore.getSpec().target.tableName, "Failed", null);
    }
  }

  @Override
  public DeleteControl cleanup(DynamoRestore restore, Context<DynamoRestore> context) {
    return AwsIdentity.forNamespace(restore.getMetadata().getNamespace(), () -> deletion.cleanup(restore, context, clock));
  }
}
