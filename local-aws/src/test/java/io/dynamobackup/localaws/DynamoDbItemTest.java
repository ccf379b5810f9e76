package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbItemTest extends LocalAwsTestBase {

  @BeforeEach
  void table() {
    createTable("items");
  }

  private Map<String, AttributeValue> k(String pk, int sk) {
    return Map.of("pk", s(pk), "sk", n(sk));
  }

  @Test
  void putGetDelete() {
    ddb.putItem(b -> b.tableName("items").item(item("a", 1, "x")));
    assertThat(ddb.getItem(b -> b.tableName("items").key(k("a", 1))).item()).containsEntry("data", s("x"));
    assertThat(ddb.getItem(b -> b.tableName("items").key(k("a", 2))).hasItem()).isFalse();
    var old = ddb.deleteItem(b -> b.tableName("items").key(k("a", 1)).returnValues(ReturnValue.ALL_OLD));
    assertThat(old.attributes()).containsEntry("data", s("x"));
    assertThat(ddb.getItem(b -> b.tableName("items").key(k("a", 1))).hasItem()).isFalse();
  }

  @Test
  void keyValidation() {
    assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("a")))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("Missing the key sk");
    assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", s("x")))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("Type mismatch");
  }

  @Test
  void updateExpressions() {
    ddb.putItem(b -> b.tableName("items").item(item("a", 1, "x")));
    var out = ddb.updateItem(b -> b.tableName("items").key(k("a", 1))
        .updateExpression("SET #d = :v, counter = if_not_exists(counter, :zero) + :one REMOVE gone ADD tags :t")
        .expressionAttributeNames(Map.of("#d", "data"))
        .expressionAttributeValues(Map.of(":v", s("y"), ":zero", n(0), ":one", n(1),
            ":t", AttributeValue.fromSs(List.of("red"))))
        .returnValues(ReturnValue.ALL_NEW));
    assertThat(out.attributes()).containsEntry("data", s("y")).containsEntry("counter", n(1));
    assertThat(out.attributes().get("tags").ss()).containsExactly("red");
    ddb.updateItem(b -> b.tableName("items").key(k("a", 1)).updateExpression("SET counter = counter + :one")
        .expressionAttributeValues(Map.of(":one", n(1))));
    assertThat(ddb.getItem(b -> b.tableName("items").key(k("a", 1))).item()).containsEntry("counter", n(2));
    // upsert of a missing item
    ddb.updateItem(b -> b.tableName("items").key(k("b", 1)).updateExpression("SET data = :v")
        .expressionAttributeValues(Map.of(":v", s("new"))));
    assertThat(ddb.getItem(b -> b.tableName("items").key(k("b", 1))).item()).containsEntry("data", s("new"));
    assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(k("a", 1))
        .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("z")))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("part of the key");
  }

  @Test
  void conditionExpressions() {
    ddb.putItem(b -> b.tableName("items").item(item("a", 1, "x")).conditionExpression("attribute_not_exists(pk)"));
    assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(item("a", 1, "y"))
        .conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
    ddb.updateItem(b -> b.tableName("items").key(k("a", 1)).updateExpression("SET data = :n")
        .conditionExpression("data = :old").expressionAttributeValues(Map.of(":n", s("y"), ":old", s("x"))));
    assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName("items").key(k("a", 1))
        .conditionExpression("data = :old").expressionAttributeValues(Map.of(":old", s("x")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void batchWriteAndBatchGet() {
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      int n = i;
      writes.add(WriteRequest.builder().putRequest(p -> p.item(item("b", n, "vault-v" + n))).build());
    }
    var out = ddb.batchWriteItem(b -> b.requestItems(Map.of("items", writes)));
    assertThat(out.unprocessedItems()).isEmpty();
    var got = ddb.batchGetItem(b -> b.requestItems(Map.of("items",
        software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(k("b", 3), k("b", 30)).build())));
    assertThat(got.responses().get("items")).hasSize(1);
    ddb.batchWriteItem(b -> b.requestItems(Map.of("items",
        List.of(WriteRequest.builder().deleteRequest(d -> d.key(k("b", 3))).build()))));
    assertThat(ddb.scan(b -> b.tableName("items").select(Select.COUNT)).count()).isEqualTo(24);
  }

  @Test
  void scanPaginatesWithLimitAndCounts() {
    putItems("items", 35);
    ScanResponse page = ddb.scan(b -> b.tableName("items").limit(10));
    assertThat(page.count()).isEqualTo(10);
    assertThat(page.lastEvaluatedKey()).containsKeys("pk", "sk");
    int total = 0;
    for (ScanResponse p : ddb.scanPaginator(b -> b.tableName("items").limit(10))) {
      total += p.count();
    }
    assertThat(total).isEqualTo(35);
    ScanResponse count = ddb.scan(b -> b.tableName("items").select(Select.COUNT));
    assertThat(count.count()).isEqualTo(35);
    assertThat(count.hasItems()).isFalse();
    ScanResponse filtered = ddb.scan(b -> b.tableName("items").filterExpression("sk < :n")
        .expressionAttributeValues(Map.of(":n", n(5))));
    assertThat(filtered.count()).isEqualTo(5);
    assertThat(filtered.scannedCount()).isEqualTo(35);
  }

  @Test
  void queryWithRangeConditions() {
    for (int i = 0; i < 20; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName("items").item(item("q", n, "d" + n)));
      ddb.putItem(b -> b.tableName("items").item(item("other", n, "d" + n)));
    }
    Map<String, AttributeValue> v = Map.of(":p", s("q"), ":a", n(5), ":b", n(9));
    assertThat(query("pk = :p", Map.of(":p", s("q"))).count()).isEqualTo(20);
    assertThat(query("pk = :p AND sk BETWEEN :a AND :b", v).count()).isEqualTo(5);
    assertThat(query("pk = :p AND sk >= :b", Map.of(":p", s("q"), ":b", n(9))).count()).isEqualTo(11);
    assertThat(query("pk = :p AND sk < :a", Map.of(":p", s("q"), ":a", n(5))).items())
        .extracting(i -> i.get("sk").n()).containsExactly("0", "1", "2", "3", "4");
    QueryResponse desc = ddb.query(b -> b.tableName("items").keyConditionExpression("#p = :p")
        .expressionAttributeNames(Map.of("#p", "pk")).expressionAttributeValues(Map.of(":p", s("q")))
        .scanIndexForward(false).limit(3));
    assertThat(desc.items()).extracting(i -> i.get("sk").n()).containsExactly("19", "18", "17");
    assertThat(desc.lastEvaluatedKey()).containsEntry("sk", n(17));
    int total = 0;
    for (QueryResponse p : ddb.queryPaginator(b -> b.tableName("items").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("q"))).limit(6))) {
      total += p.count();
    }
    assertThat(total).isEqualTo(20);
    assertThatThrownBy(() -> query("sk = :a", Map.of(":a", n(1))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("missed key schema element: pk");
  }

  @Test
  void beginsWithOnStringRangeKey() {
    DynamoDbTableTest.createRichTable(ddb, "rich");
    for (String l : List.of("apple", "apricot", "banana")) {
      ddb.putItem(b -> b.tableName("rich").item(Map.of("pk", s("x"), "sk", n(l.length()), "lsk", s(l), "gpk", s("g"))));
    }
    QueryResponse lsi = ddb.query(b -> b.tableName("rich").indexName("by-lsk")
        .keyConditionExpression("pk = :p AND begins_with(lsk, :pre)")
        .expressionAttributeValues(Map.of(":p", s("x"), ":pre", s("ap"))));
    assertThat(lsi.items()).extracting(i -> i.get("lsk").s()).containsExactly("apple", "apricot");
    QueryResponse gsi = ddb.query(b -> b.tableName("rich").indexName("by-gpk")
        .keyConditionExpression("gpk = :g").expressionAttributeValues(Map.of(":g", s("g"))));
    assertThat(gsi.items()).extracting(i -> i.get("sk").n()).containsExactly("5", "6", "7");
    assertThat(lsi.items().get(0)).containsOnlyKeys("pk", "sk", "lsk"); // KEYS_ONLY projection
  }

  private QueryResponse query(String kce, Map<String, AttributeValue> values) {
    return ddb.query(b -> b.tableName("items").keyConditionExpression(kce).expressionAttributeValues(values));
  }
}
