package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Provisioned write capacity of one table and each of its global secondary indexes, as token buckets in emulator time:
 * WriteCapacityUnits per second, and up to 300 seconds of unused capacity kept for bursts. A write the buckets cannot
 * pay for is refused with ProvisionedThroughputExceededException and consumes nothing; a write that is admitted costs
 * one unit per started KB of the larger of the item before and after it (at least one), also when its condition fails;
 * each GSI the item is (or was) in pays for its projected item, twice when the write moves it to another index key.
 * On-demand tables are never throttled here (their limits are far above what local-aws serves).
 *
 * <p>AWS documents the burst window but not a table's burst balance when it is created or its capacity changes:
 * local-aws starts every bucket full, and keeps the balance (at most the new window) across capacity changes.
 *
 * <p>AWS rules: <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html">
 * write capacity consumption</a>, <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html">
 * burst capacity</a>, <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.ThroughputConsiderations.html">
 * GSI writes</a>.
 */
public final class WriteCapacity {
  static final long BURST_SECONDS = 300;
  static final String TABLE_EXCEEDED = "The level of configured provisioned throughput for the table was exceeded."
      + " Consider increasing your provisioning level with the UpdateTable API.";
  static final String INDEX_EXCEEDED = "The level of configured provisioned throughput for one or more global"
      + " secondary indexes of the table was exceeded. Consider increasing your provisioning level for the"
      + " under-provisioned global secondary indexes with the UpdateTable API.";

  private Bucket table;
  private final Map<String, Bucket> indexes = new HashMap<>();

  /** What one write costs the table and each GSI it touches, in write capacity units. */
  record Cost(String tableName, long table, Map<String, Long> indexes) {
    double total() {
      return table + indexes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A write whose condition failed pays for the table only: nothing reaches the indexes. */
    Cost tableOnly() {
      return new Cost(tableName, table, Map.of());
    }

    /** The ConsumedCapacity shape: TOTAL, or INDEXES with the table's and each index's share. */
    ObjectNode render(String returnConsumedCapacity) {
      ObjectNode consumed = Json.object();
      consumed.put("TableName", tableName);
      consumed.put("CapacityUnits", total());
      if ("INDEXES".equals(returnConsumedCapacity)) {
        consumed.putObject("Table").put("CapacityUnits", (double) table);
        if (!indexes.isEmpty()) {
          ObjectNode gsis = consumed.putObject("GlobalSecondaryIndexes");
          indexes.forEach((name, units) -> gsis.putObject(name).put("CapacityUnits", (double) units));
        }
      }
      return consumed;
    }
  }

  /** The cost of replacing {@code before} (null: absent) with {@code after} (null: deleted) in table {@code t}. */
  static Cost cost(Table t, ObjectNode before, ObjectNode after) {
    Map<String, Long> indexCosts = new LinkedHashMap<>();
    for (TableIndex index : t.def.gsis) {
      ObjectNode oldEntry = before != null && inIndex(before, index) ? Projection.indexProjection(before, t.def, index)
          : null;
      ObjectNode newEntry = after != null && inIndex(after, index) ? Projection.indexProjection(after, t.def, index)
          : null;
      long units;
      if (oldEntry != null && newEntry != null) {
        units = sameIndexKey(oldEntry, newEntry, index) ? units(oldEntry, newEntry) : units(oldEntry) + units(newEntry);
      } else if (oldEntry != null || newEntry != null) {
        units = units(oldEntry != null ? oldEntry : newEntry);
      } else {
        continue;
      }
      indexCosts.put(index.name, units);
    }
    return new Cost(t.name, units(before, after), indexCosts);
  }

  /** Checks that every bucket {@code cost} draws on can pay, or throws ProvisionedThroughputExceededException. */
  void admit(Table t, Cost cost, Instant now) {
    if (!provisioned(t)) {
      return;
    }
    if (!tableBucket(t, now).canPay(cost.table())) {
      throw exceeded(TABLE_EXCEEDED);
    }
    for (Map.Entry<String, Long> index : cost.indexes().entrySet()) {
      Bucket bucket = indexBucket(t, index.getKey(), now);
      if (bucket != null && !bucket.canPay(index.getValue())) {
        throw exceeded(INDEX_EXCEEDED);
      }
    }
  }

  /** Whether {@code cost} could be admitted now (for BatchWriteItem, which leaves what it cannot pay unprocessed). */
  boolean canAdmit(Table t, Cost cost, Instant now) {
    try {
      admit(t, cost, now);
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  /** Takes what an admitted write consumed. */
  void consume(Table t, Cost cost, Instant now) {
    if (!provisioned(t)) {
      return;
    }
    tableBucket(t, now).take(cost.table());
    cost.indexes().forEach((name, units) -> {
      Bucket bucket = indexBucket(t, name, now);
      if (bucket != null) {
        bucket.take(units);
      }
    });
  }

  /**
   * Brings the buckets up to {@code now} at the definition's capacities: UpdateTable calls it before it changes them
   * (what was unused so far refills at the old rate) and after (the new rate applies from now on).
   */
  void settle(Table t, Instant now) {
    if (table != null) {
      table.refill(t.def.wcu, now);
    }
    indexes.keySet().forEach(name -> indexBucket(t, name, now));
  }

  static ApiException exceeded(String message) {
    return new ApiException(400, "ProvisionedThroughputExceededException", message);
  }

  private static boolean provisioned(Table t) {
    return !"PAY_PER_REQUEST".equals(t.def.billingMode);
  }

  private Bucket tableBucket(Table t, Instant now) {
    if (table == null) {
      table = new Bucket(t.def.wcu, now);
    }
    table.refill(t.def.wcu, now);
    return table;
  }

  private Bucket indexBucket(Table t, String name, Instant now) {
    TableIndex index = t.def.index(name);
    if (index == null || !index.global || index.wcu < 1) {
      return null;
    }
    Bucket bucket = indexes.computeIfAbsent(name, n -> new Bucket(index.wcu, now));
    bucket.refill(index.wcu, now);
    return bucket;
  }

  private static boolean inIndex(ObjectNode item, TableIndex index) {
    return item.has(index.hashKey) && (index.rangeKey == null || item.has(index.rangeKey));
  }

  private static boolean sameIndexKey(ObjectNode a, ObjectNode b, TableIndex index) {
    return Objects.equals(a.get(index.hashKey), b.get(index.hashKey))
        && (index.rangeKey == null || Objects.equals(a.get(index.rangeKey), b.get(index.rangeKey)));
  }

  private static long units(ObjectNode before, ObjectNode after) {
    long size = Math.max(before == null ? 0 : AttributeValues.itemSize(before),
        after == null ? 0 : AttributeValues.itemSize(after));
    return Math.max(1, (size + 1023) / 1024);
  }

  private static long units(ObjectNode entry) {
    return units(entry, null);
  }

  /** Unused capacity of one table or index: refilled at its units per second, holding at most 300 seconds' worth. */
  private static final class Bucket {
    private long rate;
    private double tokens;
    private Instant last;

    Bucket(long rate, Instant now) {
      this.rate = rate;
      this.tokens = capacity(rate);
      this.last = now;
    }

    void refill(long currentRate, Instant now) {
      if (now.isAfter(last)) {
        double seconds = Duration.between(last, now).toNanos() / 1e9;
        tokens = Math.min(capacity(rate), tokens + rate * seconds);
        last = now;
      }
      if (currentRate != rate) {
        rate = currentRate;
        tokens = Math.min(tokens, capacity(rate));
      }
    }

    /** A write larger than the whole burst window needs a full window; its cost may then leave a debt. */
    boolean canPay(long units) {
      return tokens >= Math.min(units, capacity(rate));
    }

    void take(long units) {
      tokens -= units;
    }

    private static double capacity(long rate) {
      return (double) rate * BURST_SECONDS;
    }
  }

  /** The ReturnConsumedCapacity a request asks for: NONE (default), TOTAL or INDEXES. */
  static String requested(JsonNode request) {
    String value = Json.text(request, "ReturnConsumedCapacity");
    return value == null ? "NONE" : value;
  }
}
