package io.dynamobackup.operator.fleet;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle AWS budget: a plan asks AWS about its tables when it is created and at its slots, never in between (also
 * not after an operator restart); a tag selector asks with one GetResources call; a Ready restore reads its table's
 * settings every drift.checkInterval and not otherwise, and never with drift checks off. Reconciles are counted from
 * JOSDK's metrics, AWS calls from local-aws's call log.
 */
class IdleBudgetIT {
  private static final String REGION = "eu-west-1";
  private static final Pattern SUCCESS = Pattern.compile(
      "^operator_sdk_controllers_execution_reconcile_success_total\\{[^}]*controller=\"(\\w+)\"[^}]*}\\s+([0-9.eE+-]+)",
      Pattern.MULTILINE);
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aTagSelectedPlanFindsItsTablesWithOneGetResourcesCallAndAsksNothingBetweenSlots() {
    String orders = harness.createTable(REGION, "orders", 3);
    harness.createTable(REGION, "scratch", 3);
    harness.dynamoDb(REGION).tagResource(b -> b.resourceArn(orders).tags(t -> t.key("backup").value("daily")));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.aws.clearCalls();

    harness.create(selectorPlan("tagged", "0 3 * * *")); // daily at 03:00 UTC; the clock starts at 10:00
    await().atMost(Duration.ofSeconds(30)).until(() -> selected("tagged") != null);
    assertThat(selected("tagged")).containsExactly("eu-west-1/orders");
    // and, being new, looks once for recovery points it made before (adopting its history)
    assertThat(operations()).containsExactlyInAnyOrder("GetResources", "ListRecoveryPointsByBackupVault");

    harness.aws.clearCalls();
    for (int hour = 1; hour <= 6; hour++) { // until 16:00, far from the next slot
      harness.clock.advance(Duration.ofHours(1));
      touchAndAwaitReconcile(DynamoBackupPlan.class, "tagged", "dynamobackupplan");
    }
    assertThat(operations()).as("no AWS call between slots").isEmpty();

    harness.restartOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles("dynamobackupplan") >= 1);
    touchAndAwaitReconcile(DynamoBackupPlan.class, "tagged", "dynamobackupplan");
    assertThat(operations()).as("after a restart the plan's status says which tables it protects").isEmpty();

    harness.clock.set(Instant.parse("2026-11-21T02:55:00Z"));
    harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .list().getItems(), children -> !children.isEmpty());
    assertThat(operations().stream().filter("GetResources"::equals).count()).as("one lookup for the slot").isEqualTo(1);
  }

  @Test
  void aReadyRestoreReadsItsSettingsOnlyWhenADriftCheckIsDueAndNeverWithDriftChecksOff() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator(Map.of("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", "PT1H"));
    harness.create(backup("orders-now", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);
    harness.create(restore("orders-restored", "orders-now"));
    DynamoRestore ready = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored"),
        r -> r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);
    Instant checked = Instant.parse(ready.getStatus().settingsCheckedTime);

    // A Ready restore is reconciled when the operator starts (and by JOSDK's periodic resync): each time, only a due
    // drift check may call AWS. Its metadata changes are not even events (JOSDK filters by generation).
    harness.aws.clearCalls();
    harness.clock.advance(Duration.ofMinutes(45));
    restartAndAwaitRestoreReconciled();
    assertThat(operations()).as("no AWS call before the check is due").isEmpty();

    harness.dynamoDb(REGION).updateTable(b -> b.tableName("orders-restored").deletionProtectionEnabled(false));
    harness.aws.clearCalls();
    harness.clock.advance(Duration.ofMinutes(20)); // 65 minutes after the last check
    restartAndAwaitRestoreReconciled();
    DynamoRestore corrected = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored"),
        r -> Instant.parse(r.getStatus().settingsCheckedTime).isAfter(checked));
    assertThat(corrected.getStatus().lastDriftCorrected).containsExactly("deletion protection on");
    assertThat(harness.dynamoDb(REGION).describeTable(b -> b.tableName("orders-restored")).table()
        .deletionProtectionEnabled()).isTrue();
    assertThat(operations()).contains("DescribeTable", "ListTagsOfResource", "UpdateTable");

    harness.aws.clearCalls();
    harness.clock.advance(Duration.ofDays(2));
    harness.restartOperator(Map.of("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", "PT0S")); // drift checks off
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles("dynamorestore") >= 1);
    assertThat(operations()).as("drift checks off: a Ready restore makes no AWS call").isEmpty();
  }

  private void restartAndAwaitRestoreReconciled() {
    harness.restartOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles("dynamorestore") >= 1);
  }

  /** Touches the object and waits until its controller has reconciled once more. */
  private <T extends HasMetadata> void touchAndAwaitReconcile(Class<T> type, String name, String controller) {
    double before = reconciles(controller);
    touch(harness.get(type, name));
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles(controller) > before);
  }

  /** A metadata-only change: the object is reconciled again, its spec (generation) stays. */
  private <T extends HasMetadata> void touch(T resource) {
    harness.client().resource(resource).edit(r -> {
      r.getMetadata().getAnnotations().put("test/touched", Long.toString(System.nanoTime()));
      return r;
    });
  }

  private List<String> operations() {
    return harness.aws.calls().stream().map(CallRecord::operation).toList();
  }

  private List<String> selected(String plan) {
    DynamoBackupPlan current = harness.get(DynamoBackupPlan.class, plan);
    return current.getStatus() == null ? null : current.getStatus().selectedTables;
  }

  /** Successful reconciles of a controller since the (current) operator started, from its /metrics. */
  private double reconciles(String controller) {
    Matcher m = SUCCESS.matcher(harness.operator().registry().scrape());
    double sum = 0;
    while (m.find()) {
      if (m.group(1).equals(controller)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static DynamoBackupPlan selectorPlan(String name, String schedule) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).withAnnotations(new java.util.HashMap<>()).build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = REGION;
    spec.tableSelector.matchTags = Map.of("backup", "daily");
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    spec.template.captureTableSettings = false;
    spec.schedule = schedule;
    plan.setSpec(spec);
    return plan;
  }

  private static DynamoBackup backup(String name, String table) {
    return OperatorHarness.backup(name, table, REGION);
  }

  private static DynamoRestore restore(String name, String backup) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).withAnnotations(new java.util.HashMap<>()).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef();
    restore.getSpec().source.backupRef.name = backup;
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = name;
    restore.getSpec().settings = new RestoreSettings();
    restore.getSpec().settings.deletionProtection = true;
    restore.getSpec().settings.driftPolicy = RestoreSettings.DriftPolicy.Correct;
    return restore;
  }
}
