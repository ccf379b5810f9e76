package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Argo CD (server-side apply, field manager argocd-controller) and the operator (server-side apply of status, as in
 * production) on the same object: each owns its fields, the operator's status writes do not change what Argo CD
 * applied, and Argo CD's next syncs find nothing to change - no endless diff, no reconcile loop.
 */
class GitOpsApplyIT {
  static final String MANIFEST = """
      apiVersion: dynamobackup.io/v1alpha1
      kind: DynamoBackup
      metadata:
        name: orders-gitops
        namespace: default
        labels: {app.kubernetes.io/instance: payments}
      spec:
        table: {name: orders, region: eu-west-1}
        backupVault: prod-vault
        iamRoleArn: arn:aws:iam::111122223333:role/dynamo-backup
      """;
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private GenericKubernetesResource argoSync() {
    return harness.client().resource(Serialization.unmarshal(MANIFEST, GenericKubernetesResource.class))
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("argocd-controller").withForce(false).build());
  }

  @Test
  void argoCdSyncsAndOperatorStatusWritesDoNotFight() {
    harness.createTable("eu-west-1", "orders", 10);
    harness.createVault("eu-west-1", "prod-vault");
    harness.startOperator();
    argoSync();
    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-gitops"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    String resourceVersion = done.getMetadata().getResourceVersion();

    for (int sync = 0; sync < 3; sync++) {
      GenericKubernetesResource synced = argoSync();
      assertThat(synced.getMetadata().getResourceVersion()).as("sync %d changed nothing", sync)
          .isEqualTo(resourceVersion);
      assertThat(synced.getMetadata().getGeneration()).isEqualTo(1L);
    }
    DynamoBackup after = harness.get(DynamoBackup.class, "orders-gitops");
    assertThat(after.getStatus().phase).isEqualTo(BackupPhase.Completed);
    assertThat(after.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager,
        ManagedFieldsEntry::getOperation, ManagedFieldsEntry::getSubresource).contains(
        org.assertj.core.groups.Tuple.tuple("argocd-controller", "Apply", null));
    ManagedFieldsEntry argo = after.getMetadata().getManagedFields().stream()
        .filter(e -> e.getManager().equals("argocd-controller")).findFirst().orElseThrow();
    assertThat(Serialization.asJson(argo.getFieldsV1())).contains("f:backupVault").doesNotContain("f:status");
    ManagedFieldsEntry status = after.getMetadata().getManagedFields().stream()
        .filter(e -> "status".equals(e.getSubresource())).findFirst().orElseThrow();
    assertThat(status.getManager()).isNotEqualTo("argocd-controller");
    assertThat(status.getOperation()).as("the operator writes status with server-side apply").isEqualTo("Apply");
    assertThat(Serialization.asJson(status.getFieldsV1())).contains("f:phase").doesNotContain("f:spec");
  }
}
