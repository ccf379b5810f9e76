package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.ItemService;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.reconcile.KindReconciler;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The steps of {@link DynamoItemRestoreReconciler}'s state machine, one per reconcile: check the target and create
 * the scratch restore; wait for the scratch table; copy slice by slice; delete the scratch restore (and with it the
 * scratch table); finish. Each sets the status and returns when to look again (null: on the next event).
 */
final class ItemRestoreSteps {
  /** Go on almost at once: the status write only had to land first. */
  private static final Duration CONTINUE = Duration.ofMillis(100);
  private final ReconcileContext<DynamoItemRestore> context;
  private final ItemService items;
  private final RunningCopies copies;

  ItemRestoreSteps(ReconcileContext<DynamoItemRestore> context, RunningCopies copies) {
    this.context = context;
    this.items = context.aws().items();
    this.copies = copies;
  }

  /** Pending: the target must exist and fit the keys; then the intent is recorded and the scratch restore created. */
  Duration request(DynamoItemRestore restore, ItemRestoreStatuses status) {
    var spec = restore.getSpec();
    ItemService.TableShape target;
    try {
      target = items.describe(spec.target.region, spec.target.tableName);
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      status.blocked("TargetNotFound", "spec.target.tableName: table " + spec.target.tableName + " does not exist in "
          + spec.target.region + "; an item restore writes into an existing table");
      return context.schedule().userErrorRetry();
    }
    if (spec.items.keys != null) {
      List<String> problems = ItemRestoreSpecs.keyProblems(spec.items.keys, target, spec.target.tableName);
      if (!problems.isEmpty()) {
        status.blocked(KindReconciler.INVALID_SPEC, String.join("; ", problems));
        return null; // an edit of the spec brings the next reconcile
      }
    }
    String scratchTable = ScratchRestores.scratchTableName(restore);
    if (ScratchRestores.create(restore, scratchTable, context).isEmpty()) {
      status.blocked("NameConflict", "a DynamoRestore named " + ScratchRestores.restoreName(restore) + " exists and"
          + " does not belong to this item restore; delete or rename it");
      return context.schedule().userErrorRetry();
    }
    status.requested(scratchTable, ScratchRestores.restoreName(restore), ItemRestoreSpecs.hash(spec));
    return context.schedule().firstPoll();
  }

  /** Restoring: follows the scratch restore until its table is ACTIVE (or it fails, or stalls). */
  Duration awaitScratch(DynamoItemRestore restore, ItemRestoreStatuses status) {
    Optional<DynamoRestore> found = ScratchRestores.find(restore, context);
    if (found.isEmpty()) {
      // Deleted by someone (its finalizer dropped any table): restore again.
      ScratchRestores.create(restore, status.status().scratchTable, context);
      status.startingScratch("the scratch restore was gone; created it again");
      return context.schedule().firstPoll();
    }
    DynamoRestore scratch = found.get();
    DynamoRestoreStatus observed = scratch.getStatus();
    String name = scratch.getMetadata().getName();
    if (observed != null && observed.phase == RestorePhase.Failed) {
      status.failed("ScratchRestoreFailed", "DynamoRestore " + name + " failed" + (observed.failure == null ? ""
          : ": " + observed.failure.code + ": " + observed.failure.message));
      return CONTINUE;
    }
    if (observed != null && observed.tableArn != null && Conditions.isTrue(observed.conditions, "TableActive")) {
      String region = Arn.parse(observed.tableArn).region();
      ItemService.TableShape source = items.describe(region, status.status().scratchTable);
      ItemService.TableShape target = copies.target(restore, items, context.now());
      if (!source.keyAttributes().equals(target.keyAttributes())
          || !java.util.Objects.equals(source.partitionKeyType(), target.partitionKeyType())
          || !java.util.Objects.equals(source.sortKeyType(), target.sortKeyType())) {
        status.failed("KeySchemaMismatch", "the restored table's key is " + ItemRestoreSpecs.describe(source)
            + ", but table " + restore.getSpec().target.tableName + " has the key " + ItemRestoreSpecs.describe(target));
        return CONTINUE;
      }
      status.status().scratchTableArn = observed.tableArn;
      status.scratchReady(observed.recoveryPointArn != null ? "recovery point " + observed.recoveryPointArn
          : "table " + observed.sourceTableArn + " as of " + observed.restoreDateTime + " (point-in-time recovery)");
      return CONTINUE;
    }
    Optional<Condition> ready = observed == null ? Optional.empty()
        : Conditions.find(observed.conditions, Conditions.READY);
    if (observed != null && Conditions.isTrue(observed.conditions, Readiness.STALLED) && ready.isPresent()) {
      status.blocked(ready.get().getReason(), "scratch restore " + name + ": " + ready.get().getMessage());
      return context.schedule().userErrorRetry();
    }
    String progress = "scratch table " + status.status().scratchTable + " (DynamoRestore " + name
        + (observed == null || observed.phase == null ? "" : ": " + observed.phase)
        + ready.map(c -> ", " + c.getMessage()).orElse("") + ")";
    if (observed == null || observed.phase == null || observed.phase == RestorePhase.Pending) {
      status.startingScratch("starting the restore of the source into " + progress); // may still be refused
    } else {
      status.restoring("restoring the source into " + progress);
    }
    return context.schedule().nextPoll(java.time.Instant.parse(status.status().requestedTime), Optional.empty(),
        context.now());
  }

  /** Copying: one slice of writes at the write rate; the scratch restore's progress does not matter any more. */
  Duration copy(DynamoItemRestore restore, ItemRestoreStatuses status) {
    Duration early = copies.untilDue(restore);
    if (!early.isNegative() && !early.isZero()) {
      return early; // an event brought this reconcile before the slice is due: the rate holds
    }
    var current = status.status();
    var spec = restore.getSpec();
    ItemService.TableShape target = copies.target(restore, items, context.now());
    WriteRates rate = WriteRates.of(spec.writeRate, target);
    current.writeRate = rate.description();
    String namespace = restore.getMetadata().getNamespace();
    Selection selection = new Selection(items, Arn.parse(current.scratchTableArn).region(), current.scratchTable,
        spec.items, target.keyAttributes());
    ItemCopier copier = new ItemCopier(items, current, selection, new WritePolicy(spec, target),
        Boolean.TRUE.equals(spec.dryRun), spec.target.region, spec.target.tableName, rate.unitsPerSecond(),
        (outcome, count) -> context.dependencies().metrics().itemsRestored(namespace, outcome, count));
    Duration next;
    try {
      next = copier.slice();
    } catch (ItemCopier.CopyFailed e) {
      status.failed(e.reason(), e.getMessage());
      return CONTINUE;
    }
    if (next == null) {
      status.copied();
      return CONTINUE;
    }
    copies.nextAfter(restore, next);
    // The counts are in status; a stable message keeps Ready (and the events of its transitions) from churning.
    status.copying("copying the selected items from " + current.scratchTable + " into " + spec.target.tableName
        + (Boolean.TRUE.equals(spec.dryRun) ? " (dry run: nothing is written)" : "") + " at " + rate.description());
    return next;
  }

  /** CleaningUp: delete the scratch restore, wait until it is gone, check the table is, and finish. */
  Duration cleanUp(DynamoItemRestore restore, ItemRestoreStatuses status) {
    Optional<DynamoRestore> scratch = ScratchRestores.find(restore, context);
    if (scratch.isPresent()) {
      ScratchRestores.delete(scratch.get(), context);
      status.cleaningUp("deleting DynamoRestore " + scratch.get().getMetadata().getName() + ", which drops scratch"
          + " table " + status.status().scratchTable + (status.status().failure == null ? ""
          : " (the item restore failed: " + status.status().failure.message + ")"));
      return context.schedule().firstPoll();
    }
    boolean kept = false;
    String arn = status.status().scratchTableArn;
    if (arn != null) {
      try {
        kept = !"DELETING".equals(context.aws().tables().describeTable(Arn.parse(arn).region(),
            status.status().scratchTable).status());
      } catch (AwsException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
    status.finished(kept);
    if (kept) {
      context.warning("ScratchTableKept", "scratch table " + status.status().scratchTable + " was not deleted"
          + " (see the events of DynamoRestore " + status.status().scratchRestore + "); delete it by hand");
    }
    copies.forget(restore);
    return null;
  }
}
