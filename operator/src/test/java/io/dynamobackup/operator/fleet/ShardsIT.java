package io.dynamobackup.operator.fleet;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Horizontal scale on Kubernetes itself: two operator releases own disjoint shards of the objects (label selector),
 * each elects its own leader through its own Lease, and a plan's children stay in the plan's shard.
 */
class ShardsIT {
  private static final String REGION = "eu-west-1";
  private static final String RELEASE_NAMESPACE = "dynamo-backup";
  /** The chart's RBAC, rendered for two releases: each may use its own Lease. */
  private final OperatorHarness harness = new OperatorHarness(rbac -> rbac.replace(
      "resourceNames: [\"dbo-dynamo-backup-operator\"]",
      "resourceNames: [\"dynamo-backup-shard-a\", \"dynamo-backup-shard-b\"]"));

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private static Map<String, String> shard(String name) {
    return Map.of("DYNAMOBACKUP_WATCH_LABEL_SELECTOR", "shard=" + name,
        "DYNAMOBACKUP_LEADER_ELECTION", "true",
        "DYNAMOBACKUP_LEADER_ELECTION_NAMESPACE", RELEASE_NAMESPACE,
        "DYNAMOBACKUP_LEADER_ELECTION_LEASE_NAME", "dynamo-backup-shard-" + name);
  }

  @Test
  void twoShardsWithTheirOwnLeasesReconcileOnlyTheirOwnObjects() {
    harness.createTable(REGION, "orders", 3);
    harness.createTable(REGION, "users", 3);
    harness.createVault(REGION, "prod-vault");
    harness.create(backup("orders-now", "orders", "a"));
    harness.create(backup("users-now", "users", "b"));
    harness.create(plan("users-hourly", "users", "b"));

    harness.startOperator(shard("a"));
    harness.advanceUntil(() -> phase("orders-now"), phase -> phase == BackupPhase.Completed);
    assertThat(harness.get(DynamoBackup.class, "users-now").getStatus()).as("shard b's backup, untouched by shard a")
        .isNull();
    assertThat(harness.get(DynamoBackupPlan.class, "users-hourly").getStatus()).isNull();

    harness.startAnotherOperator(shard("b"));
    harness.advanceUntil(() -> phase("users-now"), phase -> phase == BackupPhase.Completed);
    List<DynamoBackup> children = harness.advanceUntil(() -> children("users-hourly"), c -> !c.isEmpty()
        && c.stream().allMatch(child -> child.getStatus() != null && child.getStatus().phase == BackupPhase.Completed));
    assertThat(children).allSatisfy(child -> assertThat(child.getMetadata().getLabels())
        .as("a plan's child stays in the plan's shard").containsEntry("shard", "b"));

    Lease a = lease("dynamo-backup-shard-a");
    Lease b = lease("dynamo-backup-shard-b");
    assertThat(a.getSpec().getHolderIdentity()).isNotBlank();
    assertThat(b.getSpec().getHolderIdentity()).isNotBlank();
  }

  private Lease lease(String name) {
    return harness.client().leases().inNamespace(RELEASE_NAMESPACE).withName(name).get();
  }

  private BackupPhase phase(String name) {
    DynamoBackup backup = harness.get(DynamoBackup.class, name);
    return backup.getStatus() == null ? null : backup.getStatus().phase;
  }

  private List<DynamoBackup> children(String plan) {
    return harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .withLabel("dynamobackup.io/plan", plan).list().getItems();
  }

  private static DynamoBackup backup(String name, String table, String shard) {
    DynamoBackup backup = OperatorHarness.backup(name, table, REGION);
    backup.getMetadata().setLabels(Map.of("shard", shard));
    return backup;
  }

  private static DynamoBackupPlan plan(String name, String table, String shard) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).addToLabels("shard", shard).build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named(table, REGION);
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    spec.template.captureTableSettings = false;
    spec.schedule = "0 * * * *";
    plan.setSpec(spec);
    return plan;
  }
}
