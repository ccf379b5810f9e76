package io.dynamobackup.operator.itemrestore;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ConflictPolicy;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestorePhase;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.KeyAttributeValue;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.WriteRate;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.ItemHistory;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item-level recovery into the live table: from a backup and from PITR, by key and by filter, under SkipExisting,
 * Overwrite and a dry run; interrupted by an operator restart; throttled by the target's capacity. Asserted on the
 * tables, the object's status and events, and local-aws's call log.
 */
class DynamoItemRestoreIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();
  private final DynamoDbClient dynamoDb = harness.dynamoDb(REGION);
  private final ItemHistory orders = new ItemHistory(harness, dynamoDb, "orders");

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void deletedItemsComeBackByKeyFromABackupAndExistingItemsAreLeftAlone() {
    harness.createTable(REGION, "orders", 0);
    orders.writeHistory(); // a=v2, c=v1, d=v1 now
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    backUp("orders-now");
    // After the backup: b is back with another version, c is deleted, d changed, e added.
    orders.put("b", "v9", null);
    orders.delete("c");
    orders.put("d", "v2", null);
    orders.put("e", "v1", null);
    orders.delete("a");
    harness.aws.clearCalls();

    DynamoItemRestore restore = itemRestore("two-back", source(b -> b.backupRef = new RestoreSource.ObjectRef(
        "orders-now")), keys("a", "c", "d", "zz"));
    harness.create(restore);
    DynamoItemRestore done = awaitPhase("two-back", ItemRestorePhase.Completed);

    assertThat(orders.items()).containsExactly("a=v2", "b=v9", "c=v1", "d=v2", "e=v1");
    var status = done.getStatus();
    assertThat(status.itemsMatched).isEqualTo(3);
    assertThat(status.itemsWritten).isEqualTo(2);
    assertThat(status.itemsSkipped).isEqualTo(1);
    assertThat(status.itemsFailed).isZero();
    assertThat(status.itemsNotFound).isEqualTo(1);
    assertThat(status.sampleKeys).containsExactly("{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}",
        "{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"1\"}}");
    assertThat(status.restoredFrom).startsWith("recovery point arn:aws:backup:eu-west-1:");
    assertThat(status.writeRate).startsWith("2.5 WCU/s: 50% of 5");
    assertThat(status.duration).matches("(\\d+h)?(\\d+m)?\\d+s");
    assertThat(Conditions.isTrue(status.conditions, ItemRestoreStatuses.SCRATCH_TABLE_DELETED)).isTrue();
    assertThat(Conditions.find(status.conditions, Conditions.READY).orElseThrow().getMessage())
        .isEqualTo("3 items matched: 2 written, 1 skipped, 0 failed, 1 keys not in the restored copy");
    scratchIsGone(status.scratchTable, status.scratchRestore);

    // Only the selected keys were written, each with a conditional PutItem; the target's settings were not touched.
    assertThat(targetCalls()).extracting(CallRecord::operation).containsOnly("DescribeTable", "PutItem");
    assertThat(harness.aws.callCount("PutItem")).isEqualTo(3);
    assertThat(harness.events("two-back")).extracting(Event::getType, Event::getReason)
        .contains(tuple("Normal", "Restoring"), tuple("Normal", "Copying"), tuple("Normal", "Completed"));
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_item_restores_total{namespace=\"default\",result=\"Completed\"} 1.0")
        .contains("dynamobackup_item_restore_items_total{namespace=\"default\",outcome=\"written\"} 2.0");
  }

  @Test
  void aFilterFromPointInTimeOverwritesTheSelectedItemsAndNothingElse() {
    harness.createTable(REGION, "orders", 0);
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    Instant t1 = orders.writeHistory(); // t1: a, b CANCELLED v1, c PAID; t2: a v2, d PAID; t3: b deleted
    orders.put("c", "v7", "PAID");
    harness.clock.advance(Duration.ofMinutes(10));
    harness.startOperator();
    harness.aws.clearCalls();

    DynamoItemRestore restore = itemRestore("cancelled-back", source(s -> s.pointInTimeRecovery =
        new PointInTimeRecoverySource(TableReference.named("orders", REGION), t1.plusSeconds(30).toString(), null)),
        filter("#s = :cancelled", Map.of("#s", "status"), Map.of(":cancelled", Map.of("S", "CANCELLED"))));
    restore.getSpec().conflictPolicy = ConflictPolicy.Overwrite;
    harness.create(restore);
    DynamoItemRestore done = awaitPhase("cancelled-back", ItemRestorePhase.Completed);

    // As at t1 + 30 s: a was v1 and b existed; c (PAID) is not selected and keeps its later version.
    assertThat(orders.items()).containsExactly("a=v1", "b=v1", "c=v7", "d=v1");
    assertThat(done.getStatus().itemsWritten).isEqualTo(2);
    assertThat(done.getStatus().restoredFrom).contains("as of " + t1.plusSeconds(30));
    assertThat(targetCalls()).extracting(CallRecord::operation).contains("BatchWriteItem").doesNotContain("PutItem",
        "UpdateTable", "TagResource", "UpdateTimeToLive", "UpdateContinuousBackups");
  }

  @Test
  void aDryRunReportsWithoutWriting() {
    harness.createTable(REGION, "orders", 0);
    orders.writeHistory();
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    backUp("orders-now");
    orders.delete("a");
    orders.delete("c");
    harness.aws.clearCalls();

    DynamoItemRestore restore = itemRestore("dry", source(s -> s.backupRef = new RestoreSource.ObjectRef("orders-now")),
        all());
    restore.getSpec().dryRun = true;
    harness.create(restore);
    DynamoItemRestore done = awaitPhase("dry", ItemRestorePhase.Completed);

    assertThat(orders.items()).containsExactly("d=v1");
    assertThat(done.getStatus().itemsWritten).isZero();
    assertThat(done.getStatus().wouldWrite).isEqualTo(2);
    assertThat(done.getStatus().itemsSkipped).isEqualTo(1);
    assertThat(done.getStatus().sampleKeys).hasSize(2);
    assertThat(Conditions.find(done.getStatus().conditions, Conditions.READY).orElseThrow().getMessage())
        .startsWith("dry run: 3 items matched, 2 would be written, 1 would be skipped");
    assertThat(targetCalls()).extracting(CallRecord::operation).containsOnly("DescribeTable", "BatchGetItem");
    scratchIsGone(done.getStatus().scratchTable, done.getStatus().scratchRestore);
  }

  @Test
  void aRestartMidCopyEndsWithTheSameTableStateAsAnUninterruptedRun() {
    harness.createTable(REGION, "orders", 0);
    harness.createTable(REGION, "orders-twin", 0);
    DynamoDbClient client = dynamoDb;
    for (int i = 0; i < 60; i++) {
      int n = i;
      for (String table : List.of("orders", "orders-twin")) {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("k" + n),
            "sk", AttributeValue.fromN("1"), "version", AttributeValue.fromS("v1"))));
      }
    }
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    harness.clock.advance(Duration.ofMinutes(1));
    Instant before = harness.clock.instant();
    harness.clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 60; i += 2) {
      orders.delete("k" + i);
      new ItemHistory(harness, dynamoDb, "orders-twin").delete("k" + i);
    }
    for (int i = 1; i < 60; i += 3) {
      orders.put("k" + i, "v2", null);
      new ItemHistory(harness, dynamoDb, "orders-twin").put("k" + i, "v2", null);
    }
    harness.clock.advance(Duration.ofMinutes(10));
    harness.startOperator();

    // Both targets get the same item restore, at 5 WCU/s (all of the tables' capacity): a copy of a dozen slices. The
    // twin's runs first, uninterrupted; the other one is interrupted by an operator restart in the middle of its copy.
    harness.create(restoreAll("back-orders-twin", "orders-twin", before));
    DynamoItemRestore uninterrupted = awaitPhase("back-orders-twin", ItemRestorePhase.Completed);
    harness.create(restoreAll("back-orders", "orders", before));
    harness.advanceUntil(() -> harness.get(DynamoItemRestore.class, "back-orders"), r -> r.getStatus() != null
        && r.getStatus().phase == ItemRestorePhase.Copying && r.getStatus().itemsMatched > 0);
    harness.restartOperator();
    DynamoItemRestore interrupted = awaitPhase("back-orders", ItemRestorePhase.Completed);

    assertThat(ItemHistory.items(dynamoDb, "orders")).isEqualTo(ItemHistory.items(dynamoDb, "orders-twin"))
        .hasSize(60).contains("k0=v1", "k1=v2", "k2=v1", "k4=v2");
    // 30 items were deleted, 10 of them written again by the application: 20 come back, 40 exist.
    assertThat(uninterrupted.getStatus().itemsWritten).isEqualTo(20);
    assertThat(uninterrupted.getStatus().itemsSkipped).isEqualTo(40);
    // After the restart the copy goes on from its last recorded position: an item written in the interrupted slice
    // is found existing when that slice is redone, so it may count as skipped; the table state is the same.
    var status = interrupted.getStatus();
    assertThat(status.itemsMatched).isEqualTo(60);
    assertThat(status.itemsWritten + status.itemsSkipped).isEqualTo(60);
    assertThat(status.itemsWritten).isBetween(20L - ItemCopier.WRITE_CHUNK, 20L);
    assertThat(status.progress.done).isTrue();
  }

  private DynamoItemRestore restoreAll(String name, String target, Instant at) {
    DynamoItemRestore restore = itemRestore(name, source(s -> s.pointInTimeRecovery = new PointInTimeRecoverySource(
        TableReference.named("orders", REGION), at.toString(), null)), all());
    restore.getSpec().target.tableName = target;
    restore.getSpec().writeRate = new WriteRate();
    restore.getSpec().writeRate.percentOfCapacity = 100;
    return restore;
  }

  @Test
  void throttledWritesBackOffAndFinish() {
    // A target with 1 WCU: 12 items deleted after a known second, to come back at 100 % of its capacity.
    dynamoDb.createTable(b -> b.tableName("ledger").attributeDefinitions(
            a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
        .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(1L)));
    dynamoDb.updateContinuousBackups(b -> b.tableName("ledger").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    ItemHistory ledger = new ItemHistory(harness, dynamoDb, "ledger");
    for (int i = 0; i < 12; i++) {
      ledger.put("k" + i, "v1", null);
    }
    harness.clock.advance(Duration.ofMinutes(1));
    Instant before = harness.clock.instant();
    harness.clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 12; i++) {
      ledger.delete("k" + i);
    }
    harness.clock.advance(Duration.ofMinutes(10));
    harness.startOperator();
    // The application uses up the table's burst capacity (300 units) at this second.
    for (int i = 0; i < 400; i++) {
      try {
        ledger.put("app", "v" + i, null);
      } catch (software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException e) {
        break;
      }
    }
    harness.aws.clearCalls();

    DynamoItemRestore restore = itemRestore("throttled", source(s -> s.pointInTimeRecovery =
        new PointInTimeRecoverySource(TableReference.named("ledger", REGION), before.toString(), null)), all());
    restore.getSpec().target.tableName = "ledger";
    restore.getSpec().writeRate = new WriteRate();
    restore.getSpec().writeRate.percentOfCapacity = 100;
    harness.create(restore);
    // The scratch restore takes 5.12 s of emulated time: six seconds refill six units, then time stands still.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      DynamoRestore scratch = harness.get(DynamoRestore.class, "throttled-scratch");
      return scratch != null && scratch.getStatus() != null && scratch.getStatus().restoreStartedTime != null;
    });
    harness.clock.advance(Duration.ofSeconds(6));
    DynamoItemRestore throttled = await().atMost(Duration.ofSeconds(60)).until(
        () -> harness.get(DynamoItemRestore.class, "throttled"),
        r -> r.getStatus() != null && r.getStatus().throttledWrites != null && r.getStatus().throttledWrites > 0);
    assertThat(throttled.getStatus().itemsWritten).isBetween(1L, 11L);
    assertThat(Conditions.find(throttled.getStatus().conditions, Conditions.READY).orElseThrow().getReason())
        .isEqualTo("ProvisionedThroughputExceededException");

    DynamoItemRestore done = awaitPhase("throttled", ItemRestorePhase.Completed);
    assertThat(done.getStatus().itemsWritten).isEqualTo(12);
    assertThat(done.getStatus().writeRate).startsWith("1 WCU/s: 100% of 1");
    assertThat(ledger.items()).hasSize(13).contains("k0=v1", "k11=v1");
    assertThat(harness.aws.calls()).filteredOn(c -> c.operation().equals("PutItem") && c.names("ledger"))
        .extracting(CallRecord::httpStatus).contains(200, 400);
    assertThat(harness.events("throttled")).extracting(Event::getType, Event::getReason)
        .contains(tuple("Warning", "ProvisionedThroughputExceededException"), tuple("Normal", "Completed"));
  }

  @Test
  void aMissingTargetOrKeysThatDoNotFitAreRefusedBeforeAnyRestore() {
    harness.createTable(REGION, "orders", 1);
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    harness.startOperator();
    var pitr = source(s -> s.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named("orders",
        REGION), null, true));

    DynamoItemRestore missing = itemRestore("no-target", pitr, all());
    missing.getSpec().target.tableName = "orders-gone";
    harness.create(missing);
    assertThat(awaitReason("no-target", "TargetNotFound").getStatus().phase).isEqualTo(ItemRestorePhase.Pending);

    DynamoItemRestore wrongKeys = itemRestore("wrong-keys", pitr, keys("a"));
    wrongKeys.getSpec().items.keys = List.of(Map.of("pk", KeyAttributeValue.n("1"), "sk", KeyAttributeValue.n("1")),
        Map.of("id", KeyAttributeValue.s("x")));
    harness.create(wrongKeys);
    var invalid = Conditions.find(awaitReason("wrong-keys", "InvalidSpec").getStatus().conditions, Conditions.READY)
        .orElseThrow();
    assertThat(invalid.getMessage()).contains("table orders has the key pk (S), sk (N)")
        .contains("spec.items.keys[0]: pk is N, the table declares S")
        .contains("spec.items.keys[1]: names [id], not [pk, sk]");
    assertThat(harness.aws.callCount("RestoreTableToPointInTime")).isZero();
    assertThat(harness.client().resources(DynamoRestore.class).list().getItems()).isEmpty();
  }

  @Test
  void aKeySchemaMismatchFailsAfterTheRestoreAndStillDeletesTheScratchTable() {
    harness.createTable(REGION, "orders", 3);
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    dynamoDb.createTable(b -> b.tableName("customers").billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
        .keySchema(k -> k.attributeName("id").keyType("HASH")));
    harness.startOperator();

    DynamoItemRestore restore = itemRestore("mismatch", source(s -> s.pointInTimeRecovery =
        new PointInTimeRecoverySource(TableReference.named("orders", REGION), null, true)), all());
    restore.getSpec().target.tableName = "customers";
    harness.create(restore);
    DynamoItemRestore failed = awaitPhase("mismatch", ItemRestorePhase.Failed);

    assertThat(failed.getStatus().failure.code).isEqualTo("KeySchemaMismatch");
    assertThat(failed.getStatus().failure.message).contains("the restored table's key is pk (S), sk (N)")
        .contains("table customers has the key id (S)");
    scratchIsGone(failed.getStatus().scratchTable, failed.getStatus().scratchRestore);
    assertThat(harness.events("mismatch")).extracting(Event::getType, Event::getReason)
        .contains(tuple("Warning", "KeySchemaMismatch"));
  }

  // ---- helpers ----

  private void backUp(String name) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", REGION);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = ROLE;
    harness.create(backup);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, name),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
  }

  private static RestoreSource source(java.util.function.Consumer<RestoreSource> form) {
    RestoreSource source = new RestoreSource();
    form.accept(source);
    return source;
  }

  private static ItemSelection keys(String... pks) {
    ItemSelection items = new ItemSelection();
    items.keys = java.util.Arrays.stream(pks).map(pk -> Map.of("pk", KeyAttributeValue.s(pk),
        "sk", KeyAttributeValue.n("1"))).toList();
    return items;
  }

  private static ItemSelection all() {
    ItemSelection items = new ItemSelection();
    items.all = true;
    return items;
  }

  private static ItemSelection filter(String expression, Map<String, String> names, Map<String, Object> values) {
    ItemSelection items = new ItemSelection();
    items.filter = new ItemSelection.ItemFilter();
    items.filter.expression = expression;
    items.filter.names = names;
    items.filter.values = Serialization.jsonMapper().convertValue(values,
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, com.fasterxml.jackson.databind.JsonNode>>() {});
    return items;
  }

  private static DynamoItemRestore itemRestore(String name, RestoreSource source, ItemSelection items) {
    DynamoItemRestore restore = new DynamoItemRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoItemRestoreSpec());
    restore.getSpec().source = source;
    restore.getSpec().target = new ItemRestoreTarget("orders", REGION);
    restore.getSpec().items = items;
    restore.getSpec().iamRoleArn = ROLE;
    return restore;
  }

  private DynamoItemRestore awaitPhase(String name, ItemRestorePhase phase) {
    try {
      return harness.advanceUntil(() -> harness.get(DynamoItemRestore.class, name),
          r -> r != null && r.getStatus() != null && r.getStatus().phase == phase);
    } catch (RuntimeException e) {
      throw new AssertionError(name + " did not reach " + phase + ":\n"
          + Serialization.asYaml(harness.get(DynamoItemRestore.class, name)), e);
    }
  }

  private DynamoItemRestore awaitReason(String name, String reason) {
    return harness.advanceUntil(() -> harness.get(DynamoItemRestore.class, name), r -> r != null
        && r.getStatus() != null && Conditions.find(r.getStatus().conditions, Conditions.READY)
            .map(c -> reason.equals(c.getReason())).orElse(false));
  }

  /** The scratch table and its DynamoRestore are gone. */
  private void scratchIsGone(String table, String restore) {
    assertThat(table).contains("-items-");
    assertThat(dynamoDb.listTables().tableNames()).doesNotContain(table);
    assertThat(harness.get(DynamoRestore.class, restore)).isNull();
  }

  /**
   * Calls local-aws received for the live table "orders" that write, or read items or its description (reads of its
   * settings by a point-in-time restore aside); the tests' own calls come before or after.
   */
  private List<CallRecord> targetCalls() {
    return harness.aws.calls().stream().filter(c -> c.service().equals("dynamodb") && c.names("orders"))
        .filter(c -> List.of("PutItem", "BatchWriteItem", "UpdateTable", "TagResource", "UntagResource",
            "UpdateTimeToLive", "UpdateContinuousBackups", "DeleteItem", "UpdateItem", "BatchGetItem", "DescribeTable",
            "DeleteTable", "PutResourcePolicy").contains(c.operation())).toList();
  }
}
