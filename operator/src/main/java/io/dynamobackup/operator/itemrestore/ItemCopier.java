package io.dynamobackup.operator.itemrestore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreStatus.ItemFailure;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.ItemService;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One slice of an item restore's copy, run by one reconcile: batches of selected items are written into the target
 * until a second's worth of the write rate is used, the selection ends, or the target throttles. Writes are
 * conditional (the conflict policy's condition, one PutItem each) or, for Overwrite, BatchWriteItem chunks of 25.
 * After each item the status records the counters and the position, so the next slice — after a throttle, a crash or a
 * restart — goes on after the last item handled, and writing an item twice ends in the same table state.
 *
 * <p>Pacing needs no sleeping thread: the slice returns how long its writes take at the rate (minus the time they
 * took), and the reconcile is rescheduled after that. A throttled write stops the slice and is thrown, after the
 * progress is recorded, to the reconcile skeleton, whose retry waits a jittered, growing back-off.
 */
final class ItemCopier {
  /** BatchWriteItem's limit. */
  static final int WRITE_CHUNK = 25;
  /** Each slice writes about this much of the rate before it yields. */
  static final Duration SLICE = Duration.ofSeconds(1);
  /** No slice holds a reconcile thread longer, whatever the rate. */
  static final Duration MAX_SLICE_TIME = Duration.ofSeconds(5);
  static final int SAMPLE_KEYS = 10;
  static final int MAX_FAILURES = 10;
  /** Errors that belong to one item (its shape, its item collection); anything else stops the copy. */
  private static final Set<String> ITEM_ERRORS = Set.of("ValidationException", "ItemCollectionSizeLimitExceededException");

  private final ItemService items;
  private final DynamoItemRestoreStatus status;
  private final Selection selection;
  private final WritePolicy policy;
  private final boolean dryRun;
  private final String region;
  private final String table;
  private final double unitsPerSecond;
  private final BiConsumer<String, Long> counted;

  /**
   * @param counted receives each outcome (written, skipped, failed, notFound) as it is counted, for metrics
   */
  ItemCopier(ItemService items, DynamoItemRestoreStatus status, Selection selection, WritePolicy policy, boolean dryRun,
      String region, String table, double unitsPerSecond, BiConsumer<String, Long> counted) {
    this.items = items;
    this.status = status;
    this.selection = selection;
    this.policy = policy;
    this.dryRun = dryRun;
    this.region = region;
    this.table = table;
    this.unitsPerSecond = unitsPerSecond;
    this.counted = counted;
  }

  /** Copies one slice. Returns when to copy the next one, or null when every selected item has been handled. */
  Duration slice() {
    long started = System.nanoTime();
    double used = 0;
    double budget = unitsPerSecond * SLICE.toMillis() / 1000.0;
    while (!done() && used < budget && System.nanoTime() - started < MAX_SLICE_TIME.toNanos()) {
      used += handle(read(), budget - used);
    }
    if (done()) {
      return null;
    }
    double waitSeconds = used / unitsPerSecond - (System.nanoTime() - started) / 1e9;
    return Duration.ofMillis(Math.max(10, Math.round(waitSeconds * 1000)));
  }

  boolean done() {
    return status.progress != null && Boolean.TRUE.equals(status.progress.done);
  }

  /** The next batch of the scratch table; a refusal no retry changes (a bad filter, a table gone) ends the copy. */
  private Selection.Batch read() {
    try {
      return selection.next(status.progress);
    } catch (AwsException e) {
      if (e.isTransient()) {
        throw e;
      }
      throw new CopyFailed(e.code(), "reading the selected items from the scratch table: " + e.getMessage());
    }
  }

  /**
   * Handles a batch until {@code budget} write capacity units are used (reads, in a dry run); returns what it used.
   * The batch's end is recorded only when all of it was handled: the next slice reads on after the last item handled.
   */
  private double handle(Selection.Batch batch, double budget) {
    List<Selection.Entry> entries = batch.entries();
    double used = 0;
    int handled = 0;
    if (dryRun) {
      used = judge(entries);
      handled = entries.size();
    } else if (policy.unconditional()) {
      while (handled < entries.size() && used < budget) {
        List<Selection.Entry> chunk = entries.subList(handled, Math.min(entries.size(), handled + WRITE_CHUNK));
        used += overwrite(chunk);
        handled += chunk.size();
      }
    } else {
      while (handled < entries.size() && used < budget) {
        used += writeIfAllowed(entries.get(handled++));
      }
    }
    if (handled == entries.size()) {
      status.progress = batch.end();
    }
    return used;
  }

  /** One conditional PutItem. */
  private double writeIfAllowed(Selection.Entry entry) {
    if (entry.item() == null) {
      notFound(entry);
      return 0;
    }
    try {
      ItemService.PutResult result = items.put(region, table, entry.item(), policy.condition());
      if (result.conditionFailed()) {
        skipped(entry);
      } else {
        written(entry);
      }
      return result.consumedUnits();
    } catch (AwsException e) {
      return failedOrThrown(entry, e);
    }
  }

  /** Overwrite: one BatchWriteItem for up to 25 items; what it leaves unprocessed is throttled. */
  private double overwrite(List<Selection.Entry> chunk) {
    List<ObjectNode> writes = chunk.stream().map(Selection.Entry::item).filter(item -> item != null).toList();
    ItemService.BatchResult result;
    try {
      result = writes.isEmpty() ? new ItemService.BatchResult(List.of(), 0) : items.putAll(region, table, writes);
    } catch (AwsException e) {
      if (!ITEM_ERRORS.contains(e.code())) {
        throttledOrThrown(e, writes.size());
      }
      // One item broke the batch: write them one by one to find it.
      double used = 0;
      for (Selection.Entry entry : chunk) {
        used += writeIfAllowed(entry);
      }
      return used;
    }
    Set<String> unprocessed = new java.util.HashSet<>();
    result.unprocessed().forEach(item -> unprocessed.add(Serialization.asJson(policy.keyOf(item))));
    for (Selection.Entry entry : chunk) {
      if (entry.item() != null && unprocessed.contains(Serialization.asJson(policy.keyOf(entry.item())))) {
        status.throttledWrites = count(status.throttledWrites) + unprocessed.size();
        throw new AwsException("ProvisionedThroughputExceededException", "BatchWriteItem left " + unprocessed.size()
            + " of " + writes.size() + " items unprocessed: the target's write capacity is exhausted", true, null);
      }
      if (entry.item() == null) {
        notFound(entry);
      } else {
        written(entry);
      }
    }
    return result.consumedUnits();
  }

  /** Dry run: reads the target's current version of each item and judges it as the write's condition would. */
  private double judge(List<Selection.Entry> entries) {
    List<ObjectNode> keys = entries.stream().filter(e -> e.item() != null).map(e -> policy.keyOf(e.item())).toList();
    Map<String, ObjectNode> existing = new HashMap<>();
    if (!keys.isEmpty()) {
      items.get(region, table, keys).forEach(item -> existing.put(Serialization.asJson(policy.keyOf(item)), item));
    }
    for (Selection.Entry entry : entries) {
      if (entry.item() == null) {
        notFound(entry);
      } else if (policy.wouldWrite(existing.get(Serialization.asJson(policy.keyOf(entry.item()))))) {
        matched(entry);
        status.wouldWrite = count(status.wouldWrite) + 1;
        sample(entry);
        status.progress = entry.after();
      } else {
        skipped(entry);
      }
    }
    return keys.size();
  }

  private double failedOrThrown(Selection.Entry entry, AwsException e) {
    if (!ITEM_ERRORS.contains(e.code())) {
      throttledOrThrown(e, 1);
    }
    matched(entry);
    status.itemsFailed = count(status.itemsFailed) + 1;
    counted.accept("failed", 1L);
    if (status.failures == null) {
      status.failures = new ArrayList<>();
    }
    if (status.failures.size() < MAX_FAILURES) {
      status.failures.add(new ItemFailure(Serialization.asJson(entry.key()), e.code(), e.getMessage()));
    }
    status.progress = entry.after();
    return 1;
  }

  /** Stops the slice: the progress so far is recorded; a throttle is counted; a target that is gone ends the copy. */
  private void throttledOrThrown(AwsException e, int writes) {
    if (e.isThrottling()) {
      status.throttledWrites = count(status.throttledWrites) + writes;
    }
    if (e.isNotFound()) {
      throw new CopyFailed("TargetNotFound", "table " + table + " in " + region + " no longer exists: " + e.getMessage());
    }
    throw e;
  }

  /** The copy cannot go on, whatever is retried: the item restore fails and its scratch table is deleted. */
  static final class CopyFailed extends RuntimeException {
    private final String reason;

    CopyFailed(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private void written(Selection.Entry entry) {
    matched(entry);
    status.itemsWritten = count(status.itemsWritten) + 1;
    counted.accept("written", 1L);
    sample(entry);
    status.progress = entry.after();
  }

  private void skipped(Selection.Entry entry) {
    matched(entry);
    status.itemsSkipped = count(status.itemsSkipped) + 1;
    counted.accept("skipped", 1L);
    status.progress = entry.after();
  }

  private void notFound(Selection.Entry entry) {
    status.itemsNotFound = count(status.itemsNotFound) + 1;
    counted.accept("notFound", 1L);
    status.progress = entry.after();
  }

  private void matched(Selection.Entry entry) {
    status.itemsMatched = count(status.itemsMatched) + 1;
  }

  private void sample(Selection.Entry entry) {
    if (status.sampleKeys == null) {
      status.sampleKeys = new ArrayList<>();
    }
    if (status.sampleKeys.size() < SAMPLE_KEYS) {
      status.sampleKeys.add(Serialization.asJson(entry.key()));
    }
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }
}
