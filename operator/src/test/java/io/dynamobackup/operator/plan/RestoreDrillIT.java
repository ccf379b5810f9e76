package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.DrillResult;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.drill.RestoreDrills;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Restore drills on the moving clock: restore the newest backup into a scratch table, check it, measure, delete it. */
class RestoreDrillIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aDrillRestoresChecksMeasuresAndDeletesItsScratchTable() {
    harness.createTable(REGION, "orders", 20);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = DynamoBackupPlanIT.plan("orders-drilled", "*/10 * * * *");
    plan.getSpec().template.captureTableSettings = true;
    plan.getSpec().restoreDrill = drill("*/30 * * * *");
    harness.create(plan);

    // The drill starts on a slot once a backup completed; the operator is restarted while it runs.
    DynamoRestore running = harness.advanceUntil(this::drillChild, d -> d != null);
    assertThat(running.getMetadata().getName()).matches("orders-drilled-drill-20261120\\d{4}");
    assertThat(running.getMetadata().getLabels()).containsEntry("dynamobackup.io/drill", "orders-drilled");
    assertThat(running.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("DynamoBackupPlan"));
    assertThat(running.getSpec().settings.deletionProtection).isFalse();
    String table = running.getSpec().target.tableName;
    assertThat(table).matches("orders-drill-20261120\\d{4}");
    harness.restartOperator();

    DrillResult last = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-drilled").getStatus()
        .lastDrill, d -> d != null && !RestoreDrills.RUNNING.equals(d.result));
    assertThat(last.result).as(last.message).isEqualTo(RestoreDrills.SUCCEEDED);
    assertThat(last.tableName).isEqualTo(table);
    assertThat(last.restoreName).isEqualTo(running.getMetadata().getName());
    assertThat(last.restoreDuration).matches("(\\d+h)?(\\d+m)?\\d+s");
    assertThat(last.message).contains("settings applied").contains("20 items");
    DynamoBackupPlan drilled = harness.get(DynamoBackupPlan.class, "orders-drilled");
    assertThat(condition(drilled, RestoreDrills.DRILL_FAILED).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(drilled.getStatus().nextDrillTime).isNotNull();

    harness.advanceUntil(() -> harness.dynamoDb(REGION).listTables().tableNames(), names -> !names.contains(table));
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, running.getMetadata().getName()), r -> r == null);
    assertThat(harness.events("orders-drilled")).extracting(Event::getReason)
        .contains("DrillStarted", "DrillSucceeded").doesNotContain(RestoreDrills.DRILL_FAILED);
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_restore_drills_total{namespace=\"default\",plan=\"orders-drilled\",result=\"Succeeded\"}")
        .contains("dynamobackup_drill_restore_duration_recent_seconds{namespace=\"default\",plan=\"orders-drilled\","
            + "quantile=\"0.95\"}")
        .contains("dynamobackup_drill_restore_duration_seconds_bucket{namespace=\"default\",plan=\"orders-drilled\"");
  }

  @Test
  void aDrillWhoseCheckFailsReportsAndStillDeletesItsScratchTable() {
    harness.createTable(REGION, "orders", 12);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(DynamoBackupPlanIT.plan("orders-drilled", "10 10 * * *")); // one backup today, at 10:10
    DynamoBackup backup = harness.advanceUntil(() -> completed("orders-drilled"), b -> !b.isEmpty()).get(0);
    assertThat(backup.getStatus().sourceTable.itemCount).isEqualTo(12L);

    // The backup claims more items than any restore of it holds: the drill's count check must fail.
    retryOnConflict(() -> harness.client().resources(DynamoBackup.class).inNamespace(NAMESPACE)
        .withName(backup.getMetadata().getName()).editStatus(b -> {
          b.getStatus().sourceTable.itemCount = 999L;
          return b;
        }));
    retryOnConflict(() -> harness.client().resources(DynamoBackupPlan.class).inNamespace(NAMESPACE)
        .withName("orders-drilled").edit(p -> {
          p.getSpec().restoreDrill = drill("*/30 * * * *");
          return p;
        }));

    DrillResult last = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-drilled").getStatus()
        .lastDrill, d -> d != null && !RestoreDrills.RUNNING.equals(d.result));
    assertThat(last.result).isEqualTo(RestoreDrills.FAILED);
    assertThat(last.message).contains("12 items").contains("999");
    Condition failed = condition(harness.get(DynamoBackupPlan.class, "orders-drilled"), RestoreDrills.DRILL_FAILED);
    assertThat(failed.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(failed.getReason()).isEqualTo("ItemCountMismatch");
    assertThat(harness.events("orders-drilled")).filteredOn(e -> RestoreDrills.DRILL_FAILED.equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

    harness.advanceUntil(() -> harness.dynamoDb(REGION).listTables().tableNames(),
        names -> !names.contains(last.tableName));
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, last.restoreName), r -> r == null);
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_restore_drills_total{namespace=\"default\",plan=\"orders-drilled\",result=\"Failed\"}");
  }

  private static RestoreDrill drill(String schedule) {
    RestoreDrill drill = new RestoreDrill();
    drill.schedule = schedule;
    return drill;
  }

  private DynamoRestore drillChild() {
    List<DynamoRestore> drills = harness.client().resources(DynamoRestore.class).inNamespace(NAMESPACE)
        .withLabel("dynamobackup.io/drill").list().getItems();
    return drills.isEmpty() ? null : drills.get(0);
  }

  private List<DynamoBackup> completed(String plan) {
    return harness.client().resources(DynamoBackup.class).inNamespace(NAMESPACE)
        .withLabel("dynamobackup.io/plan", plan).list().getItems().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed).toList();
  }

  private static Condition condition(DynamoBackupPlan plan, String type) {
    return Conditions.find(plan.getStatus().conditions, type).orElseThrow();
  }

  private static void retryOnConflict(Runnable edit) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k
        && k.getCode() == 409).until(() -> {
          edit.run();
          return true;
        });
  }
}
