package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.testing.ItemHistory;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoRestore from a table's point-in-time recovery: items written at t1, changed at t2 and deleted at t3 come
 * back exactly as at a chosen second, from a live table and from one deleted within its recovery period, with the
 * source's settings re-applied; what DynamoDB would refuse is refused before any restore call.
 */
class PointInTimeRestoreIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();
  private final DynamoDbClient dynamoDb = harness.dynamoDb(REGION);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void restoresTheItemsOfTheChosenSecondAndReappliesTheSourcesSettings() {
    String tableArn = sourceWithPitr("orders");
    Instant t1 = new ItemHistory(harness, dynamoDb, "orders").writeHistory();
    harness.clock.advance(Duration.ofMinutes(10));
    harness.startOperator();

    harness.create(restore("between-t2-and-t3", TableReference.named("orders", REGION), t1.plusSeconds(90),
        "orders-t2"));
    DynamoRestore done = awaitPhase("between-t2-and-t3", RestorePhase.Ready);
    assertThat(ItemHistory.items(dynamoDb, "orders-t2")).containsExactly("a=v2", "b=v1", "c=v1", "d=v1");
    var status = done.getStatus();
    assertThat(status.restorePath).startsWith("PointInTimeRecovery");
    assertThat(status.sourceTableArn).isEqualTo(tableArn);
    assertThat(status.restoreDateTime).isEqualTo(t1.plusSeconds(90).toString());
    assertThat(status.recoveryPointArn).isNull();
    // spec.target.region is omitted: the Region column of kubectl get -o wide reads the one recorded here
    assertThat(done.getSpec().target.region).isNull();
    assertThat(status.targetRegion).isEqualTo(REGION);
    assertThat(status.sourceSettingsFrom).startsWith("table " + tableArn + " as it was when the restore was requested");
    // Ready says what was restored: a table and a second, not a recovery point (there is none)
    assertThat(Conditions.find(status.conditions, Conditions.READY).orElseThrow().getMessage())
        .contains("is restored from point-in-time recovery of table " + tableArn + " at " + status.restoreDateTime,
            "source settings from: table " + tableArn)
        .doesNotContain("null");
    // The source's settings as they are now: tags, TTL and PITR come back although DynamoDB restores none of them.
    var restored = dynamoDb.describeTable(b -> b.tableName("orders-t2")).table();
    assertThat(dynamoDb.listTagsOfResource(b -> b.resourceArn(restored.tableArn())).tags())
        .extracting(t -> t.key() + "=" + t.value()).contains("team=payments");
    assertThat(dynamoDb.describeTimeToLive(b -> b.tableName("orders-t2")).timeToLiveDescription().attributeName())
        .isEqualTo("expiresAt");
    assertThat(dynamoDb.describeContinuousBackups(b -> b.tableName("orders-t2")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");

    harness.create(restore("between-t1-and-t2", TableReference.named("orders", REGION), t1.plusSeconds(30),
        "orders-t1"));
    awaitPhase("between-t1-and-t2", RestorePhase.Ready);
    assertThat(ItemHistory.items(dynamoDb, "orders-t1")).containsExactly("a=v1", "b=v1", "c=v1");

    harness.create(restore("latest", TableReference.named("orders", REGION), null, "orders-latest"));
    assertThat(Instant.parse(awaitPhase("latest", RestorePhase.Ready).getStatus().restoreDateTime))
        .isAfter(t1.plusSeconds(120));
    assertThat(ItemHistory.items(dynamoDb, "orders-latest")).containsExactly("a=v2", "c=v1", "d=v1");
    assertThat(harness.aws.callCount("RestoreTableToPointInTime")).isEqualTo(3);
    assertThat(harness.aws.callCount("StartRestoreJob")).isZero();
  }

  @Test
  void sourceSettingsTooLargeForStatusAreKeptInAConfigMapOwnedByTheRestore() {
    String tableArn = sourceWithPitr("orders");
    StringBuilder statements = new StringBuilder();
    for (int i = 0; i < 80; i++) { // about 18.6 KB: more than a status holds, within DynamoDB's 20 KB policy limit
      statements.append(i == 0 ? "" : ",").append("{\"Sid\":\"ReadOnlyForAnalyticsRole").append(i)
          .append("\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/analytics-")
          .append(i).append("\"},\"Action\":[\"dynamodb:GetItem\"],\"Resource\":\"").append(tableArn).append("\"}");
    }
    dynamoDb.putResourcePolicy(b -> b.resourceArn(tableArn)
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
    harness.clock.advance(Duration.ofMinutes(10));
    harness.startOperator();

    harness.create(restore("big", TableReference.named("orders", REGION), null, "orders-big"));
    var status = awaitPhase("big", RestorePhase.Ready).getStatus();

    assertThat(status.sourceSettings).isNull();
    assertThat(status.sourceSettingsConfigMap).isEqualTo("big-source-settings");
    var configMap = harness.client().configMaps().inNamespace(OperatorHarness.NAMESPACE)
        .withName("big-source-settings").get();
    assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("big"));
    String restoredArn = dynamoDb.describeTable(b -> b.tableName("orders-big")).table().tableArn();
    assertThat(dynamoDb.getResourcePolicy(b -> b.resourceArn(restoredArn)).policy())
        .contains("ReadOnlyForAnalyticsRole79", restoredArn).doesNotContain(tableArn + "\"");
  }

  @Test
  void restoresADeletedTableByItsArnWithTheSettingsOfItsNewestBackup() {
    String tableArn = sourceWithPitr("orders");
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("orders-now").build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", REGION);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = ROLE;
    harness.create(backup);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    Instant t1 = new ItemHistory(harness, dynamoDb, "orders").writeHistory();
    harness.clock.advance(Duration.ofMinutes(1));
    dynamoDb.deleteTable(b -> b.tableName("orders"));
    harness.clock.advance(Duration.ofHours(1));

    // By name, a deleted table is not found: the operator says to name it by ARN.
    harness.create(restore("by-name", TableReference.named("orders", REGION), t1.plusSeconds(90), "orders-back"));
    Condition refused = awaitReady("by-name", "SourceTableNotFound");
    assertThat(refused.getMessage()).contains("set spec.source.pointInTimeRecovery.table.arn");

    TableReference byArn = new TableReference();
    byArn.arn = tableArn;
    harness.create(restore("by-arn", byArn, t1.plusSeconds(90), "orders-back"));
    DynamoRestore done = awaitPhase("by-arn", RestorePhase.Ready);
    assertThat(ItemHistory.items(dynamoDb, "orders-back")).containsExactly("a=v2", "b=v1", "c=v1", "d=v1");
    assertThat(done.getStatus().sourceSettingsFrom).startsWith("DynamoBackup orders-now")
        .contains("because table orders was deleted");
    var restored = dynamoDb.describeTable(b -> b.tableName("orders-back")).table();
    assertThat(dynamoDb.listTagsOfResource(b -> b.resourceArn(restored.tableArn())).tags())
        .extracting(t -> t.key() + "=" + t.value()).contains("team=payments");
  }

  @Test
  void refusesWhatDynamoDbWouldRefuseBeforeAnyRestoreCall() {
    harness.createTable(REGION, "no-pitr", 1);
    String tableArn = sourceWithPitr("orders");
    Instant enabled = harness.clock.instant();
    harness.createTable(REGION, "taken", 0);
    harness.clock.advance(Duration.ofMinutes(30));
    harness.startOperator();

    harness.create(restore("pitr-off", TableReference.named("no-pitr", REGION), null, "x-pitr-off"));
    awaitStalled("pitr-off", "PointInTimeRecoveryUnavailable", "point-in-time recovery is not enabled on table no-pitr");
    harness.create(restore("too-early", TableReference.named("orders", REGION), enabled.minusSeconds(60),
        "x-too-early"));
    awaitStalled("too-early", "RestoreTimeOutsideWindow", "is before EarliestRestorableDateTime " + enabled);
    harness.create(restore("target-taken", TableReference.named("orders", REGION), enabled.plusSeconds(60),
        "taken"));
    awaitStalled("target-taken", "TargetExists", "table taken already exists");
    assertThat(harness.aws.callCount("RestoreTableToPointInTime")).as("no restore call for a refused restore")
        .isZero();
    assertThat(harness.events("pitr-off")).extracting(Event::getType, Event::getReason)
        .contains(org.assertj.core.groups.Tuple.tuple("Warning", "PointInTimeRecoveryUnavailable"));

    // A time DynamoDB cannot restore yet (after LatestRestorableDateTime): the restore waits for it, then runs.
    Instant soon = harness.clock.instant().minus(Duration.ofMinutes(2));
    harness.create(restore("recent", TableReference.named("orders", REGION), soon, "orders-recent"));
    Condition waiting = awaitReady("recent", "WaitingForRestorableTime");
    assertThat(waiting.getMessage()).contains("is after LatestRestorableDateTime");
    DynamoRestore recent = awaitPhase("recent", RestorePhase.Ready);
    assertThat(recent.getStatus().restoreDateTime).isEqualTo(soon.toString());
    assertThat(recent.getStatus().sourceTableArn).isEqualTo(tableArn);
  }

  /** The table "orders" (pk/sk), with tags, TTL and point-in-time recovery on; returns its ARN. */
  private String sourceWithPitr(String name) {
    String arn = harness.createTable(REGION, name, 0);
    dynamoDb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("payments")));
    dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    dynamoDb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    return arn;
  }

  /** A restore of {@code table} as of {@code at}, or at its latest restorable time when {@code at} is null. */
  private static DynamoRestore restore(String name, TableReference table, Instant at, String target) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(table,
        at == null ? null : at.toString(), at == null ? Boolean.TRUE : null);
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = target;
    restore.getSpec().settings = new RestoreSettings();
    return restore;
  }

  private DynamoRestore awaitPhase(String name, RestorePhase phase) {
    return harness.advanceUntil(() -> harness.get(DynamoRestore.class, name),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == phase);
  }

  private Condition awaitReady(String name, String reason) {
    return harness.advanceUntil(() -> {
      DynamoRestore restore = harness.get(DynamoRestore.class, name);
      return restore == null || restore.getStatus() == null ? null
          : Conditions.find(restore.getStatus().conditions, Conditions.READY).orElse(null);
    }, c -> c != null && reason.equals(c.getReason()));
  }

  private void awaitStalled(String name, String reason, String message) {
    assertThat(awaitReady(name, reason).getMessage()).contains(message);
    DynamoRestore restore = harness.get(DynamoRestore.class, name);
    assertThat(restore.getStatus().phase).isEqualTo(RestorePhase.Pending);
    assertThat(Conditions.isTrue(restore.getStatus().conditions, Readiness.STALLED)).isTrue();
  }
}
