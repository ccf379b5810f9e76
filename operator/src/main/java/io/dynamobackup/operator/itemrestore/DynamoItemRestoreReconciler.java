package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A DynamoItemRestore: check the target → restore the source into a scratch table (an owned DynamoRestore) → copy the
 * selected items into the target, slice by slice at the write rate, under the conflict policy → delete the scratch
 * restore and with it the scratch table (also after a failure) → Completed, PartiallyFailed or Failed. Deleting the
 * object deletes the scratch restore ({@link #delete}).
 */
@ControllerConfiguration(name = "dynamoitemrestore")
public class DynamoItemRestoreReconciler extends KindReconciler<DynamoItemRestore, ItemRestoreStatuses>
    implements Cleaner<DynamoItemRestore> {
  private static final Set<String> NORMAL_REASONS = Set.of(ItemRestoreStatuses.STARTING_SCRATCH_RESTORE, "Restoring",
      ItemRestoreStatuses.COPYING, "CleaningUp", "Completed");
  private final RunningCopies copies = new RunningCopies();

  public DynamoItemRestoreReconciler(ReconcileDependencies dependencies) {
    super("DynamoItemRestore", NORMAL_REASONS, dependencies);
  }

  @Override
  public List<EventSource<?, DynamoItemRestore>> prepareEventSources(EventSourceContext<DynamoItemRestore> context) {
    return List.of(ScratchRestores.informer(context));
  }

  @Override
  protected ItemRestoreStatuses status(DynamoItemRestore restore, Instant now) {
    return new ItemRestoreStatuses(restore, now);
  }

  @Override
  protected List<String> validate(DynamoItemRestore restore) {
    return ItemRestoreSpecs.validate(restore.getSpec(), restore.getMetadata().getNamespace(),
        dependencies.tenancy().enabled());
  }

  @Override
  protected TenancyGuard.Check tenancy(TenancyGuard guard, DynamoItemRestore restore) {
    return ItemRestoreSpecs.tenancy(guard, restore);
  }

  @Override
  protected Duration step(DynamoItemRestore restore, ItemRestoreStatuses status,
      ReconcileContext<DynamoItemRestore> context) {
    var current = status.status();
    if (status.isFinished()) {
      return null;
    }
    if (current.specHash != null) {
      boolean changed = !current.specHash.equals(ItemRestoreSpecs.hash(restore.getSpec()));
      status.specLocked(changed);
      if (changed) {
        return null; // reverting the spec brings the next reconcile
      }
    }
    ItemRestoreSteps steps = new ItemRestoreSteps(context, copies);
    return switch (current.phase) {
      // Pending: before the scratch restore is created, and after until it has started (or been refused)
      case Pending -> current.requestedTime == null ? steps.request(restore, status) : steps.awaitScratch(restore, status);
      case Restoring -> steps.awaitScratch(restore, status);
      case Copying -> steps.copy(restore, status);
      case CleaningUp -> steps.cleanUp(restore, status);
      case Completed, PartiallyFailed, Failed -> null;
    };
  }

  @Override
  protected void recorded(DynamoItemRestore restore, ItemRestoreStatuses status, Object phaseBefore,
      ReconcileContext<DynamoItemRestore> context) {
    var current = status.status();
    if (current.phase != phaseBefore && status.isFinished()) {
      dependencies.metrics().itemRestoreFinished(restore.getMetadata().getNamespace(), current.phase.name(),
          current.completionTime == null ? null
              : Duration.between(Instant.parse(current.requestedTime), Instant.parse(current.completionTime)));
    }
  }

  /** The scratch restore goes with its owner; its finalizer drops the scratch table (owner references do too). */
  @Override
  protected Duration delete(DynamoItemRestore restore, ReconcileContext<DynamoItemRestore> context) {
    copies.forget(restore);
    // Also while Pending: the scratch restore is created just before the status records it.
    ScratchRestores.find(restore, context).ifPresent(scratch -> ScratchRestores.delete(scratch, context));
    return null;
  }

  @Override
  protected String deletionFailure(DynamoItemRestore restore) {
    return "cannot delete the scratch restore " + ScratchRestores.restoreName(restore);
  }
}
