package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Point-in-time recovery as DynamoDB models it: a change history per table in emulator time, the restorable window
 * (latest five minutes behind now, earliest the later of enablement and the start of the recovery period), restores of
 * the exact item set at any second of it, and a deleted table's PITR kept for its recovery period.
 */
class PointInTimeRecoveryTest extends LocalAwsTestBase {
  private final Instant t0 = clock.instant();

  @Test
  void restoresTheExactItemSetOfAnySecondInTheWindow() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    Instant t1 = history("orders");

    clock.advance(Duration.ofMinutes(10));
    PointInTimeRecoveryDescription window = pitr("orders");
    assertThat(window.earliestRestorableDateTime()).isEqualTo(t0);
    assertThat(window.latestRestorableDateTime()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(window.recoveryPeriodInDays()).isEqualTo(35);

    assertThat(restoreAt("orders", t1.plusSeconds(30), "at-t1")).containsExactly("a=v1", "b=v1");
    assertThat(restoreAt("orders", t1.plusSeconds(90), "at-t2")).containsExactly("a=v2", "b=v1", "c=v1");
    assertThat(restoreAt("orders", t1.plusSeconds(150), "at-t3")).containsExactly("a=v2", "c=v1");
    assertThat(restoreAt("orders", t1.minusSeconds(1), "before")).isEmpty();
    // The second of a write includes it.
    assertThat(restoreAt("orders", t1.plusSeconds(60), "at-t2-exactly")).containsExactly("a=v2", "b=v1", "c=v1");

    Instant latestRestorable = pitr("orders").latestRestorableDateTime();
    TableDescription latest = ddb.restoreTableToPointInTime(b -> b.sourceTableName("orders")
        .targetTableName("latest").useLatestRestorableTime(true)).tableDescription();
    assertThat(latest.restoreSummary().restoreDateTime()).isEqualTo(latestRestorable)
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(latest.restoreSummary().sourceTableArn()).isEqualTo(tableArn("orders"));
    assertThat(latest.restoreSummary().sourceBackupArn()).isNull();
    assertThat(latest.restoreSummary().restoreInProgress()).isTrue();
    assertThat(latest.tableStatus()).isEqualTo(TableStatus.CREATING);
    // The definition is the source's as it is now; settings are not restored, as with every DynamoDB restore.
    TableDescription active = awaitActive("latest");
    assertThat(active.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-gpk");
    assertThat(active.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-lsk");
    assertThat(active.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
    assertThat(active.streamSpecification()).isNull();
    assertThat(active.deletionProtectionEnabled()).isFalse();
    assertThat(ddb.listTagsOfResource(b -> b.resourceArn(active.tableArn())).tags()).isEmpty();
    assertThat(pitr("latest").pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
  }

  @Test
  void overridesApplyAsForABackupRestore() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    enable("orders");
    clock.advance(Duration.ofMinutes(6));
    ddb.restoreTableToPointInTime(b -> b.sourceTableName("orders").targetTableName("slim")
        .useLatestRestorableTime(true).billingModeOverride(BillingMode.PAY_PER_REQUEST)
        .globalSecondaryIndexOverride(List.of()).sseSpecificationOverride(s -> s.enabled(false)));
    TableDescription slim = awaitActive("slim");
    assertThat(slim.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(slim.globalSecondaryIndexes()).isEmpty();
    assertThat(slim.sseDescription()).isNull();
  }

  @Test
  void refusesWhatDynamoDbRefuses() {
    createTable("plain");
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("plain").targetTableName("xyz")
        .useLatestRestorableTime(true)))
        .isInstanceOf(PointInTimeRecoveryUnavailableException.class)
        .hasMessageContaining("Point in time recovery is not enabled for table 'plain'");

    createTable("orders");
    enable("orders");
    clock.advance(Duration.ofMinutes(30));
    PointInTimeRecoveryDescription window = pitr("orders");
    for (Instant outside : List.of(t0.minusSeconds(1), window.latestRestorableDateTime().plusSeconds(1))) {
      assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("orders").targetTableName("xyz")
          .restoreDateTime(outside)))
          .isInstanceOf(InvalidRestoreTimeException.class)
          .hasMessageContaining("EarliestRestorableDateTime " + window.earliestRestorableDateTime())
          .hasMessageContaining("LatestRestorableDateTime " + window.latestRestorableDateTime());
    }
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("orders").targetTableName("plain")
        .useLatestRestorableTime(true))).isInstanceOf(TableAlreadyExistsException.class);
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("missing").targetTableName("xyz")
        .useLatestRestorableTime(true))).isInstanceOf(TableNotFoundException.class);
    assertValidation(b -> b.sourceTableName("orders").sourceTableArn(tableArn("orders")).targetTableName("xyz")
        .useLatestRestorableTime(true), "exactly one of SourceTableArn and SourceTableName");
    assertValidation(b -> b.sourceTableName("orders").targetTableName("xyz"),
        "exactly one of RestoreDateTime and UseLatestRestorableTime");
    assertValidation(b -> b.sourceTableName("orders").targetTableName("xyz").useLatestRestorableTime(true)
        .restoreDateTime(t0), "exactly one of RestoreDateTime and UseLatestRestorableTime");
    assertThat(aws.calls()).filteredOn(c -> c.operation().equals("RestoreTableToPointInTime"))
        .allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(400));
    assertThat(ddb.listTables().tableNames()).containsExactly("orders", "plain");
  }

  @Test
  void theWindowFollowsTheRecoveryPeriodAndReenablingStartsANewHistory() {
    createTable("orders");
    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(1)));
    putItem("orders", "a", "v1");
    clock.advance(Duration.ofDays(2));
    assertThat(pitr("orders").earliestRestorableDateTime()).isEqualTo(clock.instant().minus(Duration.ofDays(1)));
    // A version older than the period still holds when nothing replaced it.
    assertThat(restoreAt("orders", pitr("orders").earliestRestorableDateTime(), "old")).containsExactly("a=v1");

    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(false)));
    clock.advance(Duration.ofMinutes(1));
    enable("orders");
    PointInTimeRecoveryDescription restarted = pitr("orders");
    assertThat(restarted.earliestRestorableDateTime()).isEqualTo(clock.instant());
    assertThat(restarted.latestRestorableDateTime()).isEqualTo(clock.instant());
  }

  @Test
  void aDeletedTableIsRestoredByItsArnWithinItsRecoveryPeriod() {
    createTable("orders");
    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(3)));
    Instant t1 = history("orders");
    clock.advance(Duration.ofMinutes(1));
    Instant deletedAt = clock.instant();
    ddb.deleteTable(b -> b.tableName("orders"));
    clock.advance(Duration.ofHours(1));

    assertThatThrownBy(() -> ddb.describeContinuousBackups(b -> b.tableName("orders")))
        .isInstanceOf(TableNotFoundException.class);
    assertThat(ddb.listBackups(b -> b.backupType(BackupTypeFilter.SYSTEM)).backupSummaries())
        .singleElement().satisfies(s -> {
          assertThat(s.backupName()).isEqualTo("orders$DeletedTableBackup");
          assertThat(s.backupType()).isEqualTo(BackupType.SYSTEM);
          assertThat(s.backupExpiryDateTime()).isEqualTo(deletedAt.plus(Duration.ofDays(35)));
        });
    assertThat(ddb.listBackups(b -> b.backupType(BackupTypeFilter.USER)).backupSummaries()).isEmpty();
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("orders").targetTableName("xyz")
        .useLatestRestorableTime(true))).isInstanceOf(TableNotFoundException.class);

    assertThat(restoreByArnAt(tableArn("orders"), t1.plusSeconds(30), "at-t1")).containsExactly("a=v1", "b=v1");
    // The latest restorable time of a deleted table is its deletion.
    ddb.restoreTableToPointInTime(b -> b.sourceTableArn(tableArn("orders")).targetTableName("last")
        .useLatestRestorableTime(true));
    assertThat(awaitActive("last").restoreSummary().restoreDateTime()).isEqualTo(deletedAt);
    assertThat(items("last")).containsExactly("a=v2", "c=v1");
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableArn(tableArn("orders"))
        .targetTableName("xyz").restoreDateTime(deletedAt.plusSeconds(1))))
        .isInstanceOf(InvalidRestoreTimeException.class);

    clock.advance(Duration.ofDays(3));
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableArn(tableArn("orders"))
        .targetTableName("xyz").useLatestRestorableTime(true))).isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void restoresIntoAnotherRegionOfTheSameAccountBySourceArn() {
    createTable("orders");
    enable("orders");
    Instant t1 = history("orders");
    clock.advance(Duration.ofMinutes(10));
    DynamoDbClient west = ddb(ACCOUNT, "us-west-2");
    west.restoreTableToPointInTime(b -> b.sourceTableArn(tableArn("orders")).targetTableName("orders")
        .restoreDateTime(t1.plusSeconds(90)));
    TableDescription restored = awaitActive(west, "orders");
    assertThat(restored.tableArn()).isEqualTo("arn:aws:dynamodb:us-west-2:111122223333:table/orders");
    assertThat(items(west, "orders")).containsExactly("a=v2", "b=v1", "c=v1");

    DynamoDbClient other = ddb("444455556666", REGION);
    assertThatThrownBy(() -> other.restoreTableToPointInTime(b -> b.sourceTableArn(tableArn("orders"))
        .targetTableName("theirs").useLatestRestorableTime(true))).isInstanceOf(TableNotFoundException.class);
    assertThatThrownBy(() -> west.restoreTableToPointInTime(b -> b
        .sourceTableArn("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders").targetTableName("cn")
        .useLatestRestorableTime(true))).isInstanceOf(DynamoDbException.class)
        .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
            .isEqualTo("ValidationException"));
  }

  /** Writes a at t1 (+0 s), b at t1, changes a and adds c at t1 + 60 s, deletes b at t1 + 120 s; returns t1. */
  private Instant history(String table) {
    clock.advance(Duration.ofMinutes(1));
    Instant t1 = clock.instant();
    putItem(table, "a", "v1");
    putItem(table, "b", "v1");
    clock.advance(Duration.ofMinutes(1));
    putItem(table, "a", "v2");
    putItem(table, "c", "v1");
    clock.advance(Duration.ofMinutes(1));
    ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("b"), "sk", n(1))));
    return t1;
  }

  private void putItem(String table, String pk, String version) {
    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", n(1), "version", s(version))));
  }

  private void enable(String table) {
    ddb.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
  }

  private PointInTimeRecoveryDescription pitr(String table) {
    return ddb.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
  }

  private List<String> restoreAt(String source, Instant at, String target) {
    ddb.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(target).restoreDateTime(at));
    awaitActive(target);
    return items(target);
  }

  private List<String> restoreByArnAt(String sourceArn, Instant at, String target) {
    ddb.restoreTableToPointInTime(b -> b.sourceTableArn(sourceArn).targetTableName(target).restoreDateTime(at));
    awaitActive(target);
    return items(target);
  }

  private TableDescription awaitActive(String table) {
    return awaitActive(ddb, table);
  }

  private TableDescription awaitActive(DynamoDbClient client, String table) {
    for (int i = 0; i < 600; i++) {
      TableDescription t = client.describeTable(b -> b.tableName(table)).table();
      if (t.tableStatus() == TableStatus.ACTIVE) {
        return t;
      }
      clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError(table + " did not become ACTIVE");
  }

  private List<String> items(String table) {
    return items(ddb, table);
  }

  private static List<String> items(DynamoDbClient client, String table) {
    return client.scan(b -> b.tableName(table)).items().stream()
        .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s()))
        .map(i -> i.get("pk").s() + "=" + i.get("version").s()).toList();
  }

  private void assertValidation(Consumer<RestoreTableToPointInTimeRequest.Builder> request, String message) {
    assertThatThrownBy(() -> ddb.restoreTableToPointInTime(request))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
            .isEqualTo("ValidationException"));
  }
}
