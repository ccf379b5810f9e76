package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.drill.RestoreDrills;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.dynamobackup.operator.reconcile.SharedCaches;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoRestore: resolve the recovery point → refuse an existing target → record the intent → copy into the target
 * Region if needed → restore → wait for ACTIVE → apply overrides and settings → keep them in sync. A point-in-time
 * source takes the same way through {@link PointInTimeSteps} (no recovery point, no copy). Deletion honours
 * deletionPolicy ({@link RestoreDeletion}).
 */
@ControllerConfiguration(name = "dynamorestore")
public class DynamoRestoreReconciler extends KindReconciler<DynamoRestore, RestoreStatuses>
    implements Cleaner<DynamoRestore> {
  private static final Set<String> NORMAL_REASONS = Set.of(RestoreStatuses.STARTING_COPY, "Copying",
      RestoreStatuses.STARTING_RESTORE, "Restoring", "ApplyingOverrides", "ApplyingSettings", "Ready",
      "WaitingForBackup", "WaitingForPlanHistory", RestoreStatuses.QUEUED);

  public DynamoRestoreReconciler(ReconcileDependencies dependencies) {
    super("DynamoRestore", NORMAL_REASONS, dependencies);
  }

  @Override
  public List<EventSource<?, DynamoRestore>> prepareEventSources(EventSourceContext<DynamoRestore> context) {
    // A shard's backup cache holds only its own shard's DynamoBackups, but a restore may name a backup, plan or
    // recovery point of any shard: a sharded operator keeps an informer of all of them for restores.
    return SourceResolver.backups(context, dependencies.shard().isAll() ? dependencies.caches()
        : new SharedCaches());
  }

  @Override
  protected RestoreStatuses status(DynamoRestore restore, Instant now) {
    return new RestoreStatuses(restore, now);
  }

  @Override
  protected List<String> validate(DynamoRestore restore) {
    return RestoreSpecs.validate(restore.getSpec(), restore.getMetadata().getNamespace(),
        dependencies.tenancy().enabled());
  }

  /**
   * The problems of the resolved source (a Region mismatch of an alarm action, say, once the source's Region is
   * known), reported with the spec's own when the source resolves from the cluster alone; otherwise they come in the
   * request step, once the spec is valid.
   */
  @Override
  protected List<String> referenceProblems(DynamoRestore restore, List<String> specProblems,
      ReconcileContext<DynamoRestore> context) {
    if (!RestoreSpecs.resolvableDespite(specProblems, restore, dependencies.tenancy())) {
      return List.of();
    }
    try {
      SourceResolver.Resolution resolution = new SourceResolver(context).resolve(restore);
      if (resolution.source() != null) {
        return RestoreSpecs.resolvedProblems(RestoreRun.of(restore, resolution.source()), context.client());
      }
      return resolution.stalled() && INVALID_SPEC.equals(resolution.reason()) ? List.of(resolution.message())
          : List.of();
    } catch (KubernetesClientException e) {
      return List.of(); // the spec's own problems still show; the rest once the reference can be read
    }
  }

  @Override
  protected Map<String, String> awsNamedFields(DynamoRestore restore) {
    var spec = restore.getSpec();
    Map<String, String> fields = new LinkedHashMap<>();
    if (spec != null) {
      fields.put("spec.iamRoleArn", spec.iamRoleArn);
      fields.put("spec.source.recoveryPointArn", spec.source == null ? null : spec.source.recoveryPointArn);
    }
    return fields;
  }

  @Override
  protected TenancyGuard.Check tenancy(TenancyGuard guard, DynamoRestore restore) {
    return RestoreSpecs.tenancy(guard, restore); // the spec alone, before the source is resolved
  }

  @Override
  protected Duration step(DynamoRestore restore, RestoreStatuses status, ReconcileContext<DynamoRestore> context) {
    var current = status.status();
    if (current.phase == RestorePhase.Failed) {
      return null;
    }
    List<String> changed = RestoreSpecs.changedImmutableFields(restore.getSpec(), current.requestedSpecHash);
    if (!changed.isEmpty()) {
      status.immutableChanged(changed); // an API server without CEL let the edit through
      return null;
    }
    if (restore.getSpec().source.pointInTimeRecovery != null) {
      PointInTimeSteps pitr = new PointInTimeSteps(context);
      return switch (current.phase) {
        // Pending until RestoreTableToPointInTime is called: first the checks and the intent, then the call.
        case Pending -> current.requestedTime == null ? pitr.request(restore, status) : pitr.restore(restore, status);
        case Copying, Restoring -> pitr.restore(restore, status);
        case ApplyingSettings, Ready, TableMissing -> pitr.applySettings(restore, status);
        case Failed, Deleting -> null; // Deleting: the object is being deleted, cleanup acts
      };
    }
    SourceResolver.Resolution resolution = new SourceResolver(context).resolve(restore);
    if (resolution.source() == null) {
      status.unresolved(resolution);
      return resolution.waiting() ? context.schedule().firstPoll() : context.schedule().userErrorRetry();
    }
    RestoreRun run = RestoreRun.of(restore, resolution.source());
    if (current.requestedTime == null) {
      return new RestoreRequest(context).request(run, status);
    }
    if (context.denied(RestoreSpecs.tenancy(dependencies.tenancy(), run), status.readiness())) {
      return null; // no AWS call and no requeue: a spec or policy change brings the next reconcile
    }
    RestoreSteps steps = new RestoreSteps(context);
    return switch (current.phase) {
      // No job yet, or the copy job: copy first while the point is not in the target Region, then restore.
      case Pending, Copying -> current.recoveryPointRegion.equals(run.targetRegion()) ? steps.restore(run, status)
          : steps.copy(run, status);
      case Restoring -> steps.restore(run, status);
      case ApplyingSettings, Ready, TableMissing -> steps.applySettings(run, status);
      case Failed, Deleting -> null; // Deleting: the object is being deleted, cleanup acts
    };
  }

  @Override
  protected void recorded(DynamoRestore restore, RestoreStatuses status, Object phaseBefore,
      ReconcileContext<DynamoRestore> context) {
    var current = status.status();
    if (current.phase == phaseBefore) {
      return;
    }
    // A plan's restore drill restores into a new scratch table every time: its time is recorded per plan by the
    // drill (dynamobackup_drill_restore_duration_seconds), not here, where the table tag would grow without bound.
    boolean drill = restore.getMetadata().getLabels() != null
        && restore.getMetadata().getLabels().containsKey(RestoreDrills.DRILL_LABEL);
    String namespace = restore.getMetadata().getNamespace();
    if (current.phase == RestorePhase.Ready && current.restoreDuration != null) {
      dependencies.metrics().restoreFinished(namespace, restore.getSpec().target.tableName, "Ready",
          drill ? null : Duration.between(Instant.parse(current.requestedTime),
              Instant.parse(current.settingsAppliedTime)));
    } else if (current.phase == RestorePhase.Failed) {
      dependencies.metrics().restoreFinished(namespace, restore.getSpec().target.tableName, "Failed", null);
    }
  }

  @Override
  protected Duration delete(DynamoRestore restore, ReconcileContext<DynamoRestore> context) {
    return RestoreDeletion.delete(restore, context);
  }

  @Override
  protected String deletionFailure(DynamoRestore restore) {
    return "cannot delete table " + restore.getSpec().target.tableName;
  }
}
