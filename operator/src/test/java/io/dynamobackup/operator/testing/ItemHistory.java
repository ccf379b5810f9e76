package io.dynamobackup.operator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items of a table with the key pk (S) / sk (N) of {@link OperatorHarness#createTable}, written at known instants of
 * the manual clock, and read back as {@code pk/sk=version} text, so tests compare whole tables at a glance.
 */
public final class ItemHistory {
  private final OperatorHarness harness;
  private final DynamoDbClient dynamoDb;
  private final String table;

  public ItemHistory(OperatorHarness harness, DynamoDbClient dynamoDb, String table) {
    this.harness = harness;
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /** Puts item {@code pk}/1 with attribute version (and status, when not null). */
  public void put(String pk, String version, String status) {
    var item = new java.util.HashMap<String, AttributeValue>(Map.of("pk", AttributeValue.fromS(pk),
        "sk", AttributeValue.fromN("1"), "version", AttributeValue.fromS(version)));
    if (status != null) {
      item.put("status", AttributeValue.fromS(status));
    }
    dynamoDb.putItem(b -> b.tableName(table).item(item));
  }

  public void delete(String pk) {
    dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk),
        "sk", AttributeValue.fromN("1"))));
  }

  /**
   * The history the PITR tests restore: at t1 a, b and c (v1); at t2 = t1 + 60 s a changed to v2 and d added; at
   * t3 = t1 + 120 s b deleted. Returns t1; the clock is at t3 afterwards.
   */
  public Instant writeHistory() {
    harness.clock.advance(Duration.ofMinutes(1));
    Instant t1 = harness.clock.instant();
    put("a", "v1", "CANCELLED");
    put("b", "v1", "CANCELLED");
    put("c", "v1", "PAID");
    harness.clock.advance(Duration.ofMinutes(1));
    put("a", "v2", "CANCELLED");
    put("d", "v1", "PAID");
    harness.clock.advance(Duration.ofMinutes(1));
    delete("b");
    return t1;
  }

  /** Every item of {@code table} as {@code pk=version}, sorted. */
  public static List<String> items(DynamoDbClient dynamoDb, String table) {
    return dynamoDb.scan(b -> b.tableName(table)).items().stream()
        .map(i -> i.get("pk").s() + "=" + (i.containsKey("version") ? i.get("version").s() : "-"))
        .sorted(Comparator.naturalOrder()).toList();
  }

  public List<String> items() {
    return items(dynamoDb, table);
  }
}
