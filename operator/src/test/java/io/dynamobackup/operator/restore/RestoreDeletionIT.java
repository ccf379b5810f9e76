package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * deletionPolicy Delete drops only the table the restore made, and a restore says what became of its table: a table
 * deleted behind its back is TableMissing, not Ready; a deletion that waits is Deleting, with one Warning.
 */
class RestoreDeletionIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();
  private final RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);
  private final DynamoDbClient dynamoDb = harness.dynamoDb(REGION);

  @BeforeEach
  void backUp() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    fixtures.backUp("orders-now", "orders");
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aTableDeletedAndCreatedAgainUnderTheRestoredNameIsReportedAndNeverDropped() {
    DynamoRestore restore = RestoreFixtures.restore("rd-recreate", "orders-now", "orders-recreate");
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    restore.getSpec().settings.deletionProtection = false;
    harness.create(restore);
    DynamoRestore ready = fixtures.awaitPhase("rd-recreate", RestorePhase.Ready);
    String restoredId = dynamoDb.describeTable(b -> b.tableName("orders-recreate")).table().tableId();
    assertThat(ready.getStatus().tableId).isEqualTo(restoredId);
    assertThat(ready.getStatus().tableCreationTime).isNotNull();

    // Deleted behind its back: the next drift check says so instead of Ready with an AWS error code.
    dynamoDb.deleteTable(b -> b.tableName("orders-recreate"));
    DynamoRestore missing = fixtures.awaitPhase("rd-recreate", RestorePhase.TableMissing);
    assertThat(ready(missing)).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "TableMissing");
    assertThat(ready(missing).getMessage()).contains("no longer exists");
    assertThat(harness.events("rd-recreate")).filteredOn(e -> "TableMissing".equals(e.getReason()))
        .extracting(Event::getType).containsExactly("Warning");

    // Someone creates a table of that name: local-aws gives it a new TableId, as DynamoDB does.
    harness.createTable(REGION, "orders-recreate", 0);
    dynamoDb.putItem(b -> b.tableName("orders-recreate").item(Map.of("pk", AttributeValue.fromS("new"),
        "sk", AttributeValue.fromN("1"))));
    String newId = dynamoDb.describeTable(b -> b.tableName("orders-recreate")).table().tableId();
    assertThat(newId).isNotEqualTo(restoredId);
    fixtures.awaitCondition("rd-recreate", Conditions.READY, "TableMissing");
    harness.advanceUntil(() -> ready(harness.get(DynamoRestore.class, "rd-recreate")).getMessage(),
        message -> message.contains("was replaced"));

    harness.client().resource(harness.get(DynamoRestore.class, "rd-recreate")).delete();
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "rd-recreate"), r -> r == null);
    assertThat(dynamoDb.scan(b -> b.tableName("orders-recreate")).count()).as("the new table and its item stay")
        .isEqualTo(1);
    assertThat(harness.events("rd-recreate")).filteredOn(e -> "TableReplaced".equals(e.getReason()))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("TableId " + restoredId, "TableId " + newId,
              "the table and its data stay");
        });
    assertThat(harness.events("rd-recreate")).extracting(Event::getReason).doesNotContain("TableDeleted");
  }

  @Test
  void aDeletionBlockedByDeletionProtectionIsDeletingWithOneWarningUntilTheSpecAllowsIt() {
    DynamoRestore restore = RestoreFixtures.restore("protected", "orders-now", "orders-protected");
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    restore.getSpec().settings.deletionProtection = true;
    harness.create(restore);
    fixtures.awaitPhase("protected", RestorePhase.Ready);

    harness.client().resource(harness.get(DynamoRestore.class, "protected")).delete();
    DynamoRestore deleting = fixtures.awaitPhase("protected", RestorePhase.Deleting);
    assertThat(ready(deleting).getReason()).isEqualTo("DeletionProtected");
    assertThat(Conditions.isTrue(deleting.getStatus().conditions, "Stalled")).isTrue();
    // Several re-checks later: still one Warning, not one per check.
    long checks = harness.aws.callCount("DescribeTable");
    harness.advanceUntil(() -> harness.aws.callCount("DescribeTable"), n -> n >= checks + 3);
    assertThat(harness.events("protected")).filteredOn(e -> "DeletionProtected".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    harness.retryOnConflict(() -> harness.client().resources(DynamoRestore.class)
        .inNamespace(OperatorHarness.NAMESPACE).withName("protected").edit(r -> {
          r.getSpec().settings.deletionProtection = false;
          return r;
        }));
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "protected"), r -> r == null);
    assertThat(dynamoDb.listTables().tableNames()).doesNotContain("orders-protected");
  }

  private static Condition ready(DynamoRestore restore) {
    return Conditions.find(restore.getStatus().conditions, Conditions.READY).orElseThrow();
  }
}
