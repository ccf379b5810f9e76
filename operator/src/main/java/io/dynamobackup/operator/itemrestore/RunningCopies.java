package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.aws.ItemService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator remembers of each running copy between its slices, in memory only (a restarted operator reads the
 * target again and starts pacing afresh): the target table as DescribeTable last showed it (key schema, write
 * capacity), read again at most once a minute — the copy runs a slice every second, and auto scaling changes capacity
 * in minutes — and when the next slice is due, so a reconcile that comes early (an event of the scratch restore, a
 * status update) writes nothing and the rate holds.
 */
final class RunningCopies {
  static final Duration MAX_AGE = Duration.ofMinutes(1);

  private record Shape(ItemService.TableShape shape, Instant at) {}

  private final Map<String, Shape> targets = new ConcurrentHashMap<>();
  /** System.nanoTime() before which the next slice must not write. */
  private final Map<String, Long> due = new ConcurrentHashMap<>();

  ItemService.TableShape target(DynamoItemRestore restore, ItemService items, Instant now) {
    String uid = restore.getMetadata().getUid();
    Shape cached = targets.get(uid);
    if (cached == null || !now.isBefore(cached.at().plus(MAX_AGE))) {
      var target = restore.getSpec().target;
      cached = new Shape(items.describe(target.region, target.tableName), now);
      targets.put(uid, cached);
    }
    return cached.shape();
  }

  /** How long until the next slice may write; zero or negative when it may now. */
  Duration untilDue(DynamoItemRestore restore) {
    Long at = due.get(restore.getMetadata().getUid());
    return at == null ? Duration.ZERO : Duration.ofNanos(at - System.nanoTime());
  }

  /** The slice just run asks for {@code wait} before the next one. */
  void nextAfter(DynamoItemRestore restore, Duration wait) {
    due.put(restore.getMetadata().getUid(), System.nanoTime() + wait.toNanos());
  }

  void forget(DynamoItemRestore restore) {
    targets.remove(restore.getMetadata().getUid());
    due.remove(restore.getMetadata().getUid());
  }
}
