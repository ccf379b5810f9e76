package io.dynamobackup.operator.catalog;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.DR;
import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every completed recovery point, and every completed copy, is recorded once in the recovery catalog of its own
 * Region: the DynamoDB table dynamobackup-catalog, created on demand with deletion protection, PITR, SSE and TTL. A
 * failed write leaves the backup Completed with Cataloged=False and is retried.
 */
class RecoveryCatalogIT {
  private final OperatorHarness harness = new OperatorHarness();
  private final DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void eachRecoveryPointAndEachCopyIsOneWriteToTheCatalogOfItsRegion() throws Exception {
    String tableArn = fixtures.sourceTable("orders", 30);
    harness.startOperator();
    int start = harness.aws.calls().size();

    harness.create(DisasterRecoveryFixtures.backup("orders-first", "orders"));
    DynamoBackup first = fixtures.awaitCataloged("orders-first");
    int firstDone = harness.aws.calls().size();

    String point = first.getStatus().recoveryPointArn;
    String copy = first.getStatus().copies.get(0).destinationRecoveryPointArn;
    assertThat(first.getStatus().catalogedRecoveryPoints).containsExactly(point, copy);
    assertThat(Conditions.find(first.getStatus().conditions, "Cataloged").orElseThrow().getMessage())
        .contains(point, "1 copy", "dynamobackup-catalog");
    // The first write in each Region created the catalog table there.
    for (String region : List.of(SOURCE, DR)) {
      var table = harness.dynamoDb(region).describeTable(b -> b.tableName("dynamobackup-catalog")).table();
      assertThat(table.deletionProtectionEnabled()).as(region).isTrue();
      assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
      assertThat(table.sseDescription().sseTypeAsString()).isEqualTo("KMS");
      assertThat(harness.dynamoDb(region).describeContinuousBackups(b -> b.tableName("dynamobackup-catalog"))
          .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString())
          .isEqualTo("ENABLED");
      assertThat(harness.dynamoDb(region).describeTimeToLive(b -> b.tableName("dynamobackup-catalog"))
          .timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
    }
    assertThat(count(start, c -> c.operation().equals("CreateTable"))).isEqualTo(2);

    Map<String, AttributeValue> record = item(SOURCE, point);
    assertThat(record.get("sourceRecoveryPointArn").s()).isEqualTo(point);
    assertThat(record.get("resourceArn").s()).isEqualTo(tableArn);
    assertThat(record.get("backupVaultName").s()).isEqualTo("prod-vault");
    assertThat(record.get("namespace").s() + "/" + record.get("name").s()).isEqualTo("default/orders-first");
    assertThat(record.get("uid").s()).isEqualTo(first.getMetadata().getUid());
    JsonNode settings = new ObjectMapper().readTree(record.get("capturedSettings").s());
    assertThat(settings.path("tags").path("team").asText()).isEqualTo("payments");
    assertThat(settings.path("timeToLive").path("attributeName").asText()).isEqualTo("expiresAt");
    assertThat(settings.path("alarms").get(0).path("name").asText()).isEqualTo("orders-throttled");
    assertThat(settings.path("autoScaling").get(0).path("maxCapacity").asInt()).isEqualTo(50);
    JsonNode sourceTable = new ObjectMapper().readTree(record.get("sourceTable").s());
    assertThat(sourceTable.path("keySchema").get(0).path("attributeName").asText()).isEqualTo("pk");
    assertThat(sourceTable.path("keySchema").get(1).path("keyType").asText()).isEqualTo("RANGE");
    assertThat(sourceTable.path("billingMode").asText()).isEqualTo("PROVISIONED");
    assertThat(sourceTable.path("tableClass").asText()).isEqualTo("STANDARD");
    Map<String, AttributeValue> copyRecord = item(DR, copy);
    assertThat(copyRecord.get("sourceRecoveryPointArn").s()).isEqualTo(point);
    assertThat(copyRecord.get("backupVaultName").s()).isEqualTo("dr");
    assertThat(copyRecord.get("capturedSettings").s()).isEqualTo(record.get("capturedSettings").s());

    // Once the tables exist, a backup with one copy costs the catalog exactly two writes: one per Region, nothing else.
    harness.clock.advance(java.time.Duration.ofHours(1));
    int second = harness.aws.calls().size();
    harness.create(DisasterRecoveryFixtures.backup("orders-second", "orders"));
    fixtures.awaitCataloged("orders-second");
    assertThat(count(second, c -> c.operation().equals("PutItem"))).isEqualTo(2);
    assertThat(fixtures.callsTo(DR, second)).extracting(CallRecord::operation).containsExactly("PutItem");
    assertThat(count(second, c -> List.of("CreateTable", "UpdateContinuousBackups", "UpdateTimeToLive", "GetItem",
        "DescribeTimeToLive").contains(c.operation()) && c.region().equals(DR))).isZero();
    System.out.println("RECOVERY CATALOG CALLS per backup with one copy (steady state): "
        + harness.aws.calls().subList(second, harness.aws.calls().size()).stream()
            .filter(c -> c.operation().equals("PutItem")).map(c -> c.operation() + "@" + c.region()).toList()
        + "; first use per account and Region in a process: "
        + harness.aws.calls().subList(start, firstDone).stream().filter(c -> c.region().equals(DR))
            .map(CallRecord::operation).toList());
  }

  @Test
  void aFailedCatalogWriteLeavesTheBackupCompletedAndIsRetried() {
    fixtures.sourceTable("orders", 5);
    harness.startOperator();
    int start = harness.aws.calls().size();
    harness.aws.faults().failWithStatus("dynamodb:PutItem", 503, 2);

    DynamoBackup backup = DisasterRecoveryFixtures.backup("orders-now", "orders");
    backup.getSpec().copies = null;
    harness.create(backup);
    DynamoBackup failed = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"), b -> b != null
        && b.getStatus() != null && Conditions.find(b.getStatus().conditions, "Cataloged")
            .filter(c -> c.getStatus().equals("False")).isPresent());
    assertThat(failed.getStatus().phase).isEqualTo(BackupPhase.Completed);
    assertThat(Conditions.isTrue(failed.getStatus().conditions, Conditions.READY)).isTrue();
    Condition cataloged = Conditions.find(failed.getStatus().conditions, "Cataloged").orElseThrow();
    assertThat(cataloged.getReason()).isEqualTo("ServiceUnavailable");
    assertThat(cataloged.getMessage()).contains("not in the recovery catalog", "retrying");

    DynamoBackup done = fixtures.awaitCataloged("orders-now");
    assertThat(done.getStatus().catalogedRecoveryPoints).containsExactly(done.getStatus().recoveryPointArn);
    assertThat(harness.events("orders-now")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("CatalogWriteFailed");
    });
    List<CallRecord> calls = harness.aws.calls();
    assertThat(calls.subList(start, calls.size()).stream().filter(c -> c.operation().equals("PutItem"))
        .map(CallRecord::httpStatus).toList()).containsExactly(503, 503, 200);
  }

  @Test
  void anEmptyTableNameTurnsTheCatalogOff() {
    fixtures.sourceTable("orders", 5);
    harness.startOperator(Map.of("DYNAMOBACKUP_CATALOG_TABLE_NAME", ""));
    int start = harness.aws.calls().size();

    harness.create(DisasterRecoveryFixtures.backup("orders-now", "orders"));
    DynamoBackup done = fixtures.awaitBackup("orders-now", BackupPhase.Completed);

    assertThat(done.getStatus().catalogedRecoveryPoints).isNull();
    assertThat(Conditions.find(done.getStatus().conditions, "Cataloged")).isEmpty();
    List<CallRecord> calls = harness.aws.calls();
    assertThat(calls.subList(start, calls.size()).stream().map(CallRecord::operation).collect(Collectors.toSet()))
        .doesNotContain("PutItem", "CreateTable", "GetItem");
  }

  private long count(int from, Predicate<CallRecord> filter) {
    List<CallRecord> calls = harness.aws.calls();
    return calls.subList(from, calls.size()).stream().filter(filter).count();
  }

  private Map<String, AttributeValue> item(String region, String arn) {
    DynamoDbClient dynamoDb = harness.dynamoDb(region);
    return dynamoDb.getItem(b -> b.tableName("dynamobackup-catalog")
        .key(Map.of("recoveryPointArn", AttributeValue.fromS(arn)))).item();
  }
}
