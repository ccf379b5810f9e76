package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.dynamobackup.operator.rules.BackupJobRules;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A DynamoBackup is one AWS Backup job: wait for the table's queue → capture settings → start the job (idempotently)
 * → poll it with back-off → start and follow copies → record each completed point in the recovery catalog → done.
 * One that names an existing recovery point (spec.recoveryPointArn) adopts it instead ({@link BackupAdoption}).
 * Deletion waits for a running job, then honours deletionPolicy ({@link BackupDeletion}).
 */
@ControllerConfiguration(name = "dynamobackup")
public class DynamoBackupReconciler extends KindReconciler<DynamoBackup, BackupStatuses>
    implements Cleaner<DynamoBackup> {
  private static final Set<String> NORMAL_REASONS = Set.of("JobStarted", "JobPending", "JobRunning", "Copying",
      "Completed", BackupStatuses.WAITING_FOR_JOB, BackupStatuses.QUEUED, "DeletionWaitingForJob",
      BackupStatuses.ADOPTED, BackupAdoption.ADOPTING);

  public DynamoBackupReconciler(ReconcileDependencies dependencies) {
    super("DynamoBackup", NORMAL_REASONS, dependencies);
  }

  @Override
  public List<EventSource<?, DynamoBackup>> prepareEventSources(EventSourceContext<DynamoBackup> context) {
    context.getPrimaryCache().addIndexer(TableJobQueue.BY_TABLE, TableJobQueue::tableKeys);
    context.getPrimaryCache().addIndexer(RecoveryPointHolders.BY_POINT, RecoveryPointHolders::points);
    // The plan controller follows its children here, and the restore controller finds its sources here, instead of
    // watching every DynamoBackup a second and a third time.
    return List.of(dependencies.caches().share(DynamoBackup.class, context.getPrimaryCache()));
  }

  /** JobStarting only records what StartBackupJob will send; its audit event and JobStarted follow at once. */
  @Override
  protected Set<String> quietReasons() {
    return Set.of(BackupStatuses.JOB_STARTING);
  }

  @Override
  protected BackupStatuses status(DynamoBackup backup, Instant now) {
    return new BackupStatuses(backup, now);
  }

  @Override
  protected List<String> validate(DynamoBackup backup) {
    return BackupSpecs.validate(backup);
  }

  @Override
  protected Map<String, String> awsNamedFields(DynamoBackup backup) {
    return BackupJobRules.namedFields(backup.getSpec(), "spec");
  }

  @Override
  protected TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackup backup) {
    return BackupSpecs.tenancy(guard, backup); // also for a running job: a policy that no longer allows it stops polls
  }

  @Override
  protected Duration step(DynamoBackup backup, BackupStatuses status, ReconcileContext<DynamoBackup> context) {
    TableKey table = TableKey.of(backup.getSpec().table);
    var current = status.status();
    current.tableName = table.name();
    if (backup.getSpec().recoveryPointArn != null) {
      return BackupAdoption.step(backup, status, table, context);
    }
    if (current.backupJobId == null) {
      return BackupSteps.start(backup, status, table, context);
    }
    status.specLocked(!Objects.equals(current.jobSpecHash, BackupSpecs.jobHash(backup.getSpec())));
    return switch (Objects.requireNonNullElse(current.phase, BackupPhase.Pending)) {
      case Pending, Running -> BackupSteps.followJob(backup, status, table, context);
      case Copying -> BackupSteps.followCopies(backup, status, table, context);
      case Completed, Failed, Expired -> BackupCatalog.recordMissing(backup, status, context);
    };
  }

  @Override
  protected void recorded(DynamoBackup backup, BackupStatuses status, Object phaseBefore,
      ReconcileContext<DynamoBackup> context) {
    var current = status.status();
    if (current.phase != phaseBefore && status.isTerminal()) {
      Duration duration = current.creationTime == null || current.completionTime == null ? null
          : Duration.between(Instant.parse(current.creationTime), Instant.parse(current.completionTime));
      dependencies.metrics().backupFinished(backup.getMetadata().getNamespace(), current.phase.name(), duration,
          current.sizeBytes);
    }
  }

  @Override
  protected Duration delete(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
    return BackupDeletion.delete(backup, context);
  }
}
