package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Provisioned write capacity: a table (and each GSI) pays for writes from its WriteCapacityUnits per second plus up to
 * 300 seconds of unused capacity; what it cannot pay is throttled with ProvisionedThroughputExceededException. Time
 * moves only with the clock, so every count here is exact.
 */
class WriteCapacityTest extends LocalAwsTestBase {

  @Test
  void writesBeyondTheBurstAreThrottledUntilCapacityRefills() {
    provisioned("orders", 2, null);
    // A new table starts with 300 seconds of its capacity for bursts: 600 one-unit writes at one instant.
    assertThat(putUntilThrottled("orders", 0, 700)).isEqualTo(600);
    assertThatThrownBy(() -> put("orders", 9999, 100))
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("The level of configured provisioned throughput for the table was exceeded");
    clock.advance(Duration.ofSeconds(3));
    assertThat(putUntilThrottled("orders", 1000, 100)).isEqualTo(6);
    // Unused capacity accumulates for at most 300 seconds.
    clock.advance(Duration.ofHours(1));
    assertThat(putUntilThrottled("orders", 2000, 700)).isEqualTo(600);
  }

  @Test
  void aWriteCostsOneUnitPerStartedKilobyteOfTheLargerItemAlsoWhenItsConditionFails() {
    provisioned("orders", 5, null);
    assertThat(put("orders", 1, 100)).isEqualTo(1.0);
    assertThat(put("orders", 2, 2500)).isEqualTo(3.0);
    // Replacing a 2.5 KB item by a small one costs the larger of both.
    assertThat(put("orders", 2, 10)).isEqualTo(3.0);
    assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("orders").item(item(1, 100))
        .conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
    // The failed condition consumed a unit too: of the 1500-unit burst, 1 + 3 + 3 + 1 are gone.
    assertThat(putUntilThrottled("orders", 100, 2000)).isEqualTo(1500 - 8);
  }

  @Test
  void batchWritesLeaveWhatCapacityCannotPayUnprocessed() {
    provisioned("orders", 1, null);
    assertThat(putUntilThrottled("orders", 0, 290)).isEqualTo(290);
    var response = ddb.batchWriteItem(b -> b.requestItems(Map.of("orders", requests(1000, 25)))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(response.unprocessedItems().get("orders")).hasSize(15);
    assertThat(response.consumedCapacity()).singleElement()
        .satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(10.0));
    assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of("orders", requests(2000, 5)))))
        .isInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(ddb.scan(b -> b.tableName("orders")).count()).isEqualTo(300);
  }

  @Test
  void anIndexWithLessCapacityThrottlesTheTableWrites() {
    provisioned("orders", 100, 1L);
    ddb.putItem(b -> b.tableName("orders").item(Map.of("pk", s("a"), "sk", n(1), "gpk", s("g"))));
    var consumed = ddb.putItem(b -> b.tableName("orders").item(Map.of("pk", s("b"), "sk", n(1), "gpk", s("g")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertThat(consumed.capacityUnits()).isEqualTo(2.0);
    assertThat(consumed.table().capacityUnits()).isEqualTo(1.0);
    assertThat(consumed.globalSecondaryIndexes().get("by-gpk").capacityUnits()).isEqualTo(1.0);
    for (int i = 0; i < 298; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName("orders").item(Map.of("pk", s("g" + n), "sk", n(1), "gpk", s("g"))));
    }
    assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("orders").item(Map.of("pk", s("x"), "sk", n(1),
        "gpk", s("g"))))).isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("one or more global secondary indexes");
    // Items outside the index only need the table's capacity.
    put("orders", 1, 100);
  }

  @Test
  void capacityChangesAndOnDemandTables() {
    provisioned("orders", 1, null);
    assertThat(putUntilThrottled("orders", 0, 400)).isEqualTo(300);
    ddb.updateTable(b -> b.tableName("orders").provisionedThroughput(p -> p.readCapacityUnits(1L)
        .writeCapacityUnits(50L)));
    clock.advance(Duration.ofSeconds(2));
    assertThat(putUntilThrottled("orders", 1000, 400)).isEqualTo(100);

    createTable("on-demand");
    assertThat(putUntilThrottled("on-demand", 0, 2000)).isEqualTo(2000);
  }

  private void provisioned(String table, long wcu, Long gsiWcu) {
    ddb.createTable(b -> {
      b.tableName(table).billingMode(BillingMode.PROVISIONED)
          .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(wcu))
          .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
      if (gsiWcu == null) {
        b.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N));
      } else {
        b.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
            attr("gpk", ScalarAttributeType.S));
        b.globalSecondaryIndexes(g -> g.indexName("by-gpk").keySchema(key("gpk", KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
            .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(gsiWcu)));
      }
    });
  }

  /** PutItem of an item of about {@code bytes} bytes; returns the consumed capacity. */
  private double put(String table, int n, int bytes) {
    return ddb.putItem(b -> b.tableName(table).item(item(n, bytes))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();
  }

  /** Writes one-unit items until one is throttled (or {@code max} succeeded); returns how many succeeded. */
  private int putUntilThrottled(String table, int first, int max) {
    for (int i = 0; i < max; i++) {
      try {
        put(table, first + i, 100);
      } catch (ProvisionedThroughputExceededException e) {
        return i;
      }
    }
    return max;
  }

  private static Map<String, AttributeValue> item(int n, int bytes) {
    return Map.of("pk", s("p" + n), "sk", n(n), "data", s("x".repeat(Math.max(1, bytes - 20))));
  }

  private static List<WriteRequest> requests(int first, int count) {
    List<WriteRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      var item = item(first + i, 100);
      requests.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
    }
    return requests;
  }
}
