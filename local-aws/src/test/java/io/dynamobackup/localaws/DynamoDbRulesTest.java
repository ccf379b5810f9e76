package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** DynamoDB's rules beyond its model: tags, indexes, key schemas, KMS keys, ARNs, all-or-nothing updates. */
class DynamoDbRulesTest extends LocalAwsTestBase {

  private static void invalid(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    });
  }

  private static List<Tag> tags(int n) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tags.add(Tag.builder().key("k" + i).value("v").build());
    }
    return tags;
  }

  private static GlobalSecondaryIndex gsi(String name, String key) {
    return GlobalSecondaryIndex.builder().indexName(name).keySchema(key(key, KeyType.HASH))
        .projection(p -> p.projectionType(ProjectionType.ALL)).build();
  }

  @Test
  void tableTagsFollowTheTagRulesAndARefusedTagResourceStoresNothing() {
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH)).tags(tags(51))),
        "at most 50 tags");
    createTable("orders");
    String arn = tableArn("orders");
    invalid(() -> ddb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("x".repeat(300_000)))),
        "Member must have length less than or equal to 256");
    invalid(() -> ddb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("aws:team").value("x"))), "reserved for AWS");
    invalid(() -> ddb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("a@b"))), "not allowed");
    ddb.tagResource(b -> b.resourceArn(arn).tags(tags(49)));
    invalid(() -> ddb.tagResource(b -> b.resourceArn(arn).tags(tags(52))), "it would have 52");
    assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).hasSize(49);
  }

  @Test
  void indexNamesAreUniqueAndIndexesCounted() {
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("a", ScalarAttributeType.S),
            attr("b", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH)).globalSecondaryIndexes(gsi("by-key", "a"), gsi("by-key", "b"))),
        "Duplicate index name: by-key");
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
            attr("a", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-a")
            .keySchema(key("pk", KeyType.HASH), key("a", KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
        .globalSecondaryIndexes(gsi("by-a", "a"))), "Duplicate index name: by-a");
    List<LocalSecondaryIndex> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(LocalSecondaryIndex.builder().indexName("lsi-" + i).keySchema(key("pk", KeyType.HASH),
          key("a", KeyType.RANGE)).projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build());
    }
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
            attr("a", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)).localSecondaryIndexes(six)),
        "exceeds per-table limit of 5");
    assertThat(ddb.listTables().tableNames()).isEmpty();
  }

  @Test
  void keySchemasAndAttributeDefinitionsAreChecked() {
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S))
        .keySchema(key("sk", KeyType.RANGE), key("pk", KeyType.HASH))), "The first KeySchemaElement is not a HASH");
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH))), "does not exactly match number of attributes defined");
  }

  @Test
  void restoreOverridesFollowTheIndexRules() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    String backupArn = ddb.createBackup(b -> b.tableName("orders").backupName("before")).backupDetails().backupArn();
    invalid(() -> ddb.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("orders-2")
        .globalSecondaryIndexOverride(gsi("by-gpk", "gpk").toBuilder().provisionedThroughput(p -> p
            .readCapacityUnits(1L).writeCapacityUnits(1L)).build(), gsi("by-gpk", "gpk").toBuilder()
            .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)).build())),
        "Duplicate index name: by-gpk");
    invalid(() -> ddb.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("orders-2")
        .globalSecondaryIndexOverride(gsi("g2", "gpk"))), "at 'globalSecondaryIndexOverride.1.member.indexName'");
    assertThat(ddb.listTables().tableNames()).containsExactly("orders");
  }

  @Test
  void kmsKeysMustBeInTheTablesRegionAndUsableByItsAccount() {
    invalid(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH))
        .sseSpecification(s -> s.enabled(true).kmsMasterKeyId("arn:aws:kms:eu-west-1:111122223333:key/k1"))),
        "its own Region");
    String otherAccountKey = "arn:aws:kms:us-east-1:444455556666:key/k1";
    createTable("orders");
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders")
        .sseSpecification(s -> s.enabled(true).kmsMasterKeyId(otherAccountKey))))
        .isInstanceOfSatisfying(DynamoDbException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
          assertThat(e.awsErrorDetails().errorMessage()).contains("not authorized to use KMS key");
        });
    aws.kms().grant(otherAccountKey, ACCOUNT);
    TableDescription t = ddb.updateTable(b -> b.tableName("orders")
        .sseSpecification(s -> s.enabled(true).kmsMasterKeyId(otherAccountKey))).tableDescription();
    assertThat(t.sseDescription().kmsMasterKeyArn()).isEqualTo(otherAccountKey);
  }

  @Test
  void tableArnsMustBeOfTheCallersRegion() {
    createTable("orders");
    invalid(() -> ddb.describeTable(b -> b.tableName("arn:aws:dynamodb:eu-west-1:111122223333:table/orders")),
        "this request was sent to Region us-east-1");
    invalid(() -> ddb.tagResource(b -> b.resourceArn("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders")
        .tags(t -> t.key("a").value("b"))), "partition aws-cn");
    assertThat(ddb.describeTable(b -> b.tableName(tableArn("orders"))).table().tableName()).isEqualTo("orders");
  }

  @Test
  void aRefusedUpdateTableChangesNothing() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    TableDescription before = ddb.describeTable(b -> b.tableName("orders")).table();
    // a valid capacity change and deletion-protection change, with an invalid index update in the same call
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders")
        .provisionedThroughput(p -> p.readCapacityUnits(50L).writeCapacityUnits(50L)).deletionProtectionEnabled(false)
        .attributeDefinitions(attr("x", ScalarAttributeType.S))
        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("by-lsk").keySchema(key("x", KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("by-lsk");
    TableDescription after = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(after.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(after.deletionProtectionEnabled()).isTrue();
    assertThat(after.attributeDefinitions()).isEqualTo(before.attributeDefinitions());
    assertThat(after.globalSecondaryIndexes()).hasSize(1);
    invalid(() -> ddb.updateTable(b -> b.tableName("orders")), "At least one of");
  }

  @Test
  void resourcePoliciesAreAtMost20Kilobytes() {
    createTable("orders");
    String big = "{\"Version\":\"2012-10-17\",\"Statement\":[],\"Pad\":\"" + "x".repeat(21_000) + "\"}";
    invalid(() -> ddb.putResourcePolicy(b -> b.resourceArn(tableArn("orders")).policy(big)), "20480 bytes");
  }

  @Test
  void aBatchMayNotNameAnItemTwice() {
    createTable("orders");
    WriteRequest put = WriteRequest.builder().putRequest(p -> p.item(item("p", 1, "a"))).build();
    WriteRequest delete = WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("p"), "sk", n(1)))).build();
    invalid(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of("orders", List.of(put, delete)))),
        "Provided list of item keys contains duplicates");
    assertThat(ddb.scan(b -> b.tableName("orders")).count()).isZero();
  }

  @Test
  void keyValuesAreNonEmptyValidNumbersAndWithinTheKeySizes() {
    createTable("orders");
    invalid(() -> ddb.getItem(b -> b.tableName("orders").key(Map.of("pk", s(""), "sk", n(1)))),
        "cannot contain an empty string value. Key: pk");
    invalid(() -> ddb.getItem(b -> b.tableName("orders").key(Map.of("pk", s("p"),
        "sk", AttributeValue.fromN("1234567890123456789012345678901234567890")))),
        "Attempting to store more than 38 significant digits in a Number");
    invalid(() -> ddb.getItem(b -> b.tableName("orders").key(Map.of("pk", s("p"), "sk", AttributeValue.fromN("1e126")))),
        "Number overflow");
    invalid(() -> ddb.getItem(b -> b.tableName("orders").key(Map.of("pk", s("p".repeat(2049)), "sk", n(1)))),
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
    assertThat(ddb.getItem(b -> b.tableName("orders").key(Map.of("pk", s("p".repeat(2048)), "sk", n(1)))).hasItem())
        .isFalse();
  }

  @Test
  void placeholdersAreWellFormedAndUsedAndExpressionsAtMost4Kilobytes() {
    createTable("orders");
    ddb.putItem(b -> b.tableName("orders").item(item("p", 1, "a")));
    invalid(() -> ddb.scan(b -> b.tableName("orders").filterExpression("#s = :a")
        .expressionAttributeNames(Map.of("#s", "data", "#unused", "x")).expressionAttributeValues(Map.of(":a", s("a")))),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
    invalid(() -> ddb.scan(b -> b.tableName("orders").filterExpression("#s = :a")
        .expressionAttributeNames(Map.of("#s", "data")).expressionAttributeValues(Map.of(":a", s("a"), ":b", s("b")))),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
    invalid(() -> ddb.scan(b -> b.tableName("orders").filterExpression("attribute_exists(pk)")
        .expressionAttributeNames(Map.of("status", "data"))),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"status\"");
    invalid(() -> ddb.scan(b -> b.tableName("orders").filterExpression(
        "attribute_exists(pk) OR ".repeat(200) + "attribute_exists(sk)")),
        "Invalid FilterExpression: Expression size has exceeded the maximum allowed size");
    // A placeholder may be used by any of the request's expressions.
    assertThat(ddb.updateItem(b -> b.tableName("orders").key(Map.of("pk", s("p"), "sk", n(1)))
        .conditionExpression("attribute_exists(#k)").updateExpression("SET #d = :v")
        .expressionAttributeNames(Map.of("#k", "pk", "#d", "data")).expressionAttributeValues(Map.of(":v", s("b"))))
        .sdkHttpResponse().isSuccessful()).isTrue();
  }

  @Test
  void pointInTimeRecoveryKeepsItsRecoveryPeriodOfOneTo35Days() {
    createTable("orders");
    invalid(() -> ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(36))), "Member must have value less than or equal to 35");
    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
    assertThat(ddb.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
  }
}
