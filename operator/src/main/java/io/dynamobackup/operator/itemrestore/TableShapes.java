package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.aws.ItemService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target table of each running item restore as DescribeTable last showed it (key schema, write capacity), read
 * again at most once a minute: the copy runs a slice every second, and auto scaling changes capacity in minutes. Only a
 * cache: a restarted operator reads it again.
 */
final class TableShapes {
  static final Duration MAX_AGE = Duration.ofMinutes(1);

  private record Cached(ItemService.TableShape shape, Instant at) {}

  private final Map<String, Cached> byUid = new ConcurrentHashMap<>();

  ItemService.TableShape target(DynamoItemRestore restore, ItemService items, Instant now) {
    String uid = restore.getMetadata().getUid();
    Cached cached = byUid.get(uid);
    if (cached == null || !now.isBefore(cached.at().plus(MAX_AGE))) {
      var target = restore.getSpec().target;
      cached = new Cached(items.describe(target.region, target.tableName), now);
      byUid.put(uid, cached);
    }
    return cached.shape();
  }

  void forget(DynamoItemRestore restore) {
    byUid.remove(restore.getMetadata().getUid());
  }
}
