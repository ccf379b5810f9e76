package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class DynamoDbTableTest extends LocalAwsTestBase {

  static void createRichTable(DynamoDbClient ddb, String name) {
    ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(3L))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
            attr("gpk", ScalarAttributeType.S), attr("lsk", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-lsk")
            .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-gpk")
            .keySchema(key("gpk", KeyType.HASH), key("sk", KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(2L)).build())
        .sseSpecification(s -> s.enabled(true).sseType("KMS").kmsMasterKeyId("1234abcd-12ab-34cd-56ef-1234567890ab"))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .deletionProtectionEnabled(true)
        .tags(t -> t.key("team").value("payments")));
  }

  @Test
  void createTableIsDescribedWithAllSettings() {
    createRichTable(ddb, "orders");
    TableDescription t = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(t.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:111122223333:table/orders");
    assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(t.creationDateTime()).isEqualTo(clock.instant());
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(t.localSecondaryIndexes()).singleElement().satisfies(i -> {
      assertThat(i.indexName()).isEqualTo("by-lsk");
      assertThat(i.indexArn()).isEqualTo(t.tableArn() + "/index/by-lsk");
    });
    assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(i -> {
      assertThat(i.indexArn()).isEqualTo(t.tableArn() + "/index/by-gpk");
      assertThat(i.provisionedThroughput().writeCapacityUnits()).isEqualTo(2L);
      assertThat(i.indexStatusAsString()).isEqualTo("ACTIVE");
    });
    assertThat(t.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
    assertThat(t.sseDescription().kmsMasterKeyArn())
        .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(t.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(t.latestStreamArn()).startsWith(t.tableArn() + "/stream/2024-01-01T00:00:00");
    assertThat(t.latestStreamLabel()).isNotBlank();
    assertThat(t.deletionProtectionEnabled()).isTrue();
    assertThat(t.itemCount()).isZero();
    assertThat(ddb.listTagsOfResource(b -> b.resourceArn(t.tableArn())).tags())
        .singleElement().satisfies(tag -> assertThat(tag.value()).isEqualTo("payments"));
  }

  @Test
  void itemCountAndSizeFollowTheItems() {
    createTable("tbl1");
    putItems("tbl1", 25);
    TableDescription t = ddb.describeTable(b -> b.tableName("tbl1")).table();
    assertThat(t.itemCount()).isEqualTo(25L);
    assertThat(t.tableSizeBytes()).isGreaterThan(25L * 10);
  }

  @Test
  void missingTableIsResourceNotFound() {
    assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void duplicateTableIsResourceInUse() {
    createTable("dup");
    assertThatThrownBy(() -> createTable("dup")).isInstanceOf(ResourceInUseException.class);
  }

  @Test
  void listTablesPaginates() {
    for (int i = 0; i < 7; i++) {
      createTable("table-" + i);
    }
    var first = ddb.listTables(b -> b.limit(3));
    assertThat(first.tableNames()).containsExactly("table-0", "table-1", "table-2");
    assertThat(first.lastEvaluatedTableName()).isEqualTo("table-2");
    List<String> all = new ArrayList<>();
    ddb.listTablesPaginator(b -> b.limit(2)).tableNames().forEach(all::add);
    assertThat(all).hasSize(7);
  }

  @Test
  void listTablesPagesInAscendingNameOrderFromAnyStartNameAndRefusesALimitBelowOne() {
    for (String name : List.of("orders", "accounts", "users", "carts")) {
      createTable(name);
    }
    var first = ddb.listTables(b -> b.limit(2));
    assertThat(first.tableNames()).containsExactly("accounts", "carts");
    var rest = ddb.listTables(b -> b.exclusiveStartTableName(first.lastEvaluatedTableName()));
    assertThat(rest.tableNames()).containsExactly("orders", "users");
    assertThat(rest.lastEvaluatedTableName()).isNull();
    assertThat(ddb.listTables(b -> b.exclusiveStartTableName("bbb")).tableNames()).containsExactly("carts", "orders",
        "users");
    assertThatThrownBy(() -> ddb.listTables(b -> b.limit(0))).isInstanceOfSatisfying(DynamoDbException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '0' at"
            + " 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"));
  }

  @Test
  void updateTableChangesBillingStreamAndProtection() {
    createRichTable(ddb, "orders");
    ddb.updateTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST));
    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(false)));
    ddb.updateTable(b -> b.tableName("orders").deletionProtectionEnabled(false));
    TableDescription t = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(t.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isNotNull();
    assertThat(t.provisionedThroughput().readCapacityUnits()).isZero();
    assertThat(t.streamSpecification()).isNull();
    assertThat(t.deletionProtectionEnabled()).isFalse();
    ddb.updateTable(b -> b.tableName("orders").billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(p -> p.readCapacityUnits(11L).writeCapacityUnits(12L)));
    assertThat(ddb.describeTable(b -> b.tableName("orders")).table().provisionedThroughput().writeCapacityUnits())
        .isEqualTo(12L);
  }

  @Test
  void deletionProtectionBlocksDeleteTable() {
    createRichTable(ddb, "orders");
    assertThatThrownBy(() -> ddb.deleteTable(b -> b.tableName("orders")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("deletion protection");
    ddb.updateTable(b -> b.tableName("orders").deletionProtectionEnabled(false));
    assertThat(ddb.deleteTable(b -> b.tableName("orders")).tableDescription().tableStatus())
        .isEqualTo(TableStatus.DELETING);
    assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName("orders")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void tablesAreSeparatePerAccountAndRegion() {
    createTable("shared-name");
    DynamoDbClient otherRegion = ddb(ACCOUNT, "eu-west-1");
    DynamoDbClient otherAccount = ddb("444455556666", REGION);
    assertThat(otherRegion.listTables().tableNames()).isEmpty();
    assertThat(otherAccount.listTables().tableNames()).isEmpty();
    createTable(otherAccount, "shared-name");
    assertThat(otherAccount.describeTable(b -> b.tableName("shared-name")).table().tableArn())
        .isEqualTo("arn:aws:dynamodb:us-east-1:444455556666:table/shared-name");
  }

  @Test
  void arnsUseThePartitionOfTheRegion() {
    DynamoDbClient china = ddb(ACCOUNT, "cn-north-1");
    DynamoDbClient gov = ddb(ACCOUNT, "us-gov-west-1");
    createTable(china, "tbl");
    createTable(gov, "tbl");
    assertThat(china.describeTable(b -> b.tableName("tbl")).table().tableArn())
        .isEqualTo("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/tbl");
    assertThat(gov.describeTable(b -> b.tableName("tbl")).table().tableArn())
        .isEqualTo("arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/tbl");
  }

  @Test
  void nonNumericAccessKeyMapsToDefaultAccount() {
    DynamoDbClient anon = ddb("AKIDEXAMPLE", REGION);
    createTable(anon, "tbl");
    assertThat(anon.describeTable(b -> b.tableName("tbl")).table().tableArn()).contains(":000000000000:");
  }

  @Test
  void tableCreationDelayIsHonoured() {
    aws.close();
    aws = LocalAws.start(options().tableCreationDelay(Duration.ofSeconds(2)).build());
    DynamoDbClient c = ddb(ACCOUNT, REGION);
    createTable(c, "slow");
    assertThat(c.describeTable(b -> b.tableName("slow")).table().tableStatus()).isEqualTo(TableStatus.CREATING);
    assertThatThrownBy(() -> putItems(c, "slow", 1)).isInstanceOf(ResourceNotFoundException.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(c.describeTable(b -> b.tableName("slow")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
  }
}
