package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Objects stored before the CRDs got their current bounds, as a cluster has them after a CRD upgrade: the API server
 * serves them (it validates writes only), the operator cannot map some of their values. The operator keeps running
 * every other object, reports each such object with the field and the problem, and never acts on it.
 */
class UnreadableObjectIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void oldObjectsAreReportedAndLeftAloneWhileTheOthersReconcile() throws Exception {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    // There when the operator starts: its informers' first list holds it.
    store("dynamobackupplans", """
        {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackupPlan",
         "metadata": {"name": "old-plan", "namespace": "default"},
         "spec": {"table": {"name": "orders", "region": "eu-west-1"}, "schedule": "0 3 * * *",
                  "template": {"backupVault": "prod-vault", "iamRoleArn": "%s"},
                  "retention": {"keepLast": 3000000000}}}""".formatted(OperatorHarness.ROLE));
    harness.startOperator();

    harness.create(OperatorHarness.backup("orders-now", "orders", REGION));
    DynamoBackup good = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    assertThat(ready(good)).map(Condition::getStatus).hasValue(Conditions.TRUE);
    String recoveryPoint = good.getStatus().recoveryPointArn;

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ready(harness.get(DynamoBackupPlan.class,
        "old-plan"))).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo(Conditions.FALSE);
          assertThat(c.getReason()).isEqualTo(KindReconciler.INVALID_SPEC);
          assertThat(c.getMessage()).isEqualTo(
              "spec.retention.keepLast: 3000000000 is out of range (at most 2147483647); edit the object");
        }));
    assertThat(warnings("old-plan")).anySatisfy(e -> assertThat(e.getMessage()).contains("spec.retention.keepLast"));
    // served with the defaults its stored spec lacks; the operator's status writes leave its generation alone
    DynamoBackupPlan oldPlan = harness.get(DynamoBackupPlan.class, "old-plan");
    assertThat(oldPlan.getMetadata().getGeneration()).isEqualTo(1L);

    // Arriving by watch: an old backup that claims the good backup's recovery point, with a deletionPolicy the model
    // no longer has. Its finalizer was added when it was created.
    harness.aws.clearCalls();
    store("dynamobackups", """
        {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackup",
         "metadata": {"name": "old-backup", "namespace": "default", "finalizers": ["%s"]},
         "spec": {"table": {"name": "orders", "region": "eu-west-1"}, "backupVault": "prod-vault",
                  "iamRoleArn": "%s", "deletionPolicy": "Purge"},
         "status": {"phase": "Completed", "recoveryPointArn": "%s"}}"""
        .formatted(ReconcilerUtils.getDefaultFinalizerName(DynamoBackup.class), OperatorHarness.ROLE, recoveryPoint));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ready(harness.get(DynamoBackup.class,
        "old-backup"))).hasValueSatisfying(c -> {
          assertThat(c.getReason()).isEqualTo(KindReconciler.INVALID_SPEC);
          assertThat(c.getMessage()).startsWith("spec.deletionPolicy: \"Purge\" is not one of Retain, Delete");
        }));

    // Deleting it lets the finalizer go and keeps its AWS data, as deletionPolicy Retain does.
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("old-backup")
        .delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.get(DynamoBackup.class, "old-backup") == null);
    assertThat(harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(recoveryPoint)).statusAsString()).isEqualTo("COMPLETED");
    assertThat(harness.aws.calls().stream().map(CallRecord::operation).toList())
        .doesNotContain("DeleteRecoveryPoint", "StartBackupJob");
    assertThat(warnings("old-backup")).anySatisfy(e -> assertThat(e.getMessage())
        .contains("deleted without cleanup: its AWS data is kept, as with deletionPolicy Retain"));
    // The good object is still looked after.
    assertThat(ready(harness.get(DynamoBackup.class, "orders-now"))).map(Condition::getStatus)
        .hasValue(Conditions.TRUE);
  }

  /** Into the API server's storage as it is, without the validation of today's CRDs. */
  private void store(String plural, String json) throws Exception {
    var server = harness.kubernetes.server();
    server.store().create(server.resources().find("dynamobackup.io", "v1alpha1", plural).orElseThrow(),
        (ObjectNode) new ObjectMapper().readTree(json));
  }

  private static Optional<Condition> ready(CustomResource<?, ?> resource) {
    List<Condition> conditions = resource.getStatus() instanceof DynamoBackupPlanStatus plan ? plan.conditions
        : resource.getStatus() instanceof DynamoBackupStatus backup ? backup.conditions : null;
    return conditions == null ? Optional.empty() : Conditions.find(conditions, Conditions.READY);
  }

  private List<Event> warnings(String name) {
    return harness.events(name).stream().filter(e -> "Warning".equals(e.getType())
        && KindReconciler.INVALID_SPEC.equals(e.getReason())).toList();
  }
}
