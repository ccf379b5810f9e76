package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreadableValuesTest {
  private final ObjectMapper mapper = KubernetesJson.mapper();

  /** A plan as an older CRD let the API server store it: four values the current model cannot hold. */
  private static final String OLD_PLAN = """
      {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackupPlan",
       "metadata": {"name": "orders", "namespace": "team-a", "uid": "u-1", "resourceVersion": "7"},
       "spec": {"table": {"name": "orders", "region": "eu-west-1"}, "schedule": "0 3 * * *",
                "retention": {"keepLast": 3000000000, "daily": 7},
                "concurrencyPolicy": "Replace",
                "template": {"backupVault": "prod-vault", "startWindowMinutes": 60.5,
                             "copies": [{"backupVaultArn": "arn:aws:backup:us-west-2:111122223333:backup-vault:dr"},
                                        {"backupVaultArn": {"name": "dr"}}]}},
       "status": {"observedGeneration": 1}}""";

  @Test
  void anOldObjectIsReadWithEachValueItCannotHoldNamedAndTheRestIntact() throws IOException {
    DynamoBackupPlan plan = mapper.readValue(OLD_PLAN, DynamoBackupPlan.class);

    assertThat(plan.unreadable()).containsExactly(
        "spec.retention.keepLast: 3000000000 is out of range (at most 2147483647)",
        "spec.concurrencyPolicy: \"Replace\" is not one of Forbid, Allow",
        "spec.template.startWindowMinutes: 60.5 is not a whole number",
        "spec.template.copies[1].backupVaultArn: an object where a string is expected");
    assertThat(plan.readable()).isFalse();
    // Read as absent, never as a default that would change what the operator does; the object is refused anyway.
    assertThat(plan.getSpec().retention.keepLast).isNull();
    assertThat(plan.getSpec().concurrencyPolicy).isNull();
    assertThat(plan.getSpec().retention.daily).isEqualTo(7);
    assertThat(plan.getSpec().schedule).isEqualTo("0 3 * * *");
    assertThat(plan.getSpec().template.copies).hasSize(2);
    assertThat(plan.getSpec().template.copies.get(0).backupVaultArn).endsWith(":backup-vault:dr");
    assertThat(plan.getStatus().observedGeneration).isEqualTo(1L);
  }

  @Test
  void aListOfTheInformerNamesPathsWithinEachObjectAndKeepsTheGoodOnesWhole() throws IOException {
    String list = """
        {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackupList", "metadata": {},
         "items": [{"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackup", "metadata": {"name": "good"},
                    "spec": {"backupVault": "prod-vault", "deletionPolicy": "Delete"}},
                   {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackup", "metadata": {"name": "old"},
                    "spec": {"backupVault": "prod-vault", "deletionPolicy": "Purge",
                             "lifecycle": {"deleteAfterDays": 99999999999999999999}}}]}""";
    KubernetesSerialization serialization = KubernetesJson.serialization();
    serialization.registerKubernetesResource(DynamoBackup.class);
    List<DynamoBackup> items = serialization.unmarshal(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
        new TypeReference<DefaultKubernetesResourceList<DynamoBackup>>() {}).getItems();

    assertThat(items.get(0).readable()).isTrue();
    assertThat(items.get(0).getSpec().deletionPolicy).isEqualTo(DeletionPolicy.Delete);
    assertThat(items.get(1).unreadable()).containsExactly(
        "spec.deletionPolicy: \"Purge\" is not one of Retain, Delete",
        "spec.lifecycle.deleteAfterDays: 99999999999999999999 is out of range (at most 9223372036854775807)");
    assertThat(items.get(1).getSpec().deletionPolicy).isNull();
  }

  @Test
  void aWatchEventOfAnOldObjectIsReadWithItsProblems() {
    KubernetesSerialization serialization = KubernetesJson.serialization();
    serialization.registerKubernetesResource(DynamoBackupPlan.class);

    WatchEvent event = serialization.unmarshal("{\"type\": \"MODIFIED\", \"object\": " + OLD_PLAN + "}",
        WatchEvent.class);

    assertThat(event.getObject()).isInstanceOfSatisfying(DynamoBackupPlan.class, plan -> assertThat(plan.unreadable())
        .first().isEqualTo("spec.retention.keepLast: 3000000000 is out of range (at most 2147483647)"));
  }

  @Test
  void theCopyJosdkReconcilesKeepsWhatCouldNotBeRead() throws IOException {
    DynamoBackupPlan plan = mapper.readValue(OLD_PLAN, DynamoBackupPlan.class);

    DynamoBackupPlan copy = new ResourceCloner().clone(plan);

    assertThat(copy).isNotSameAs(plan);
    assertThat(copy.unreadable()).isEqualTo(plan.unreadable());
    assertThat(new ResourceCloner().clone(mapper.readValue("""
        {"apiVersion": "dynamobackup.io/v1alpha1", "kind": "DynamoBackupPlan", "metadata": {"name": "new"},
         "spec": {"retention": {"keepLast": 7}}}""", DynamoBackupPlan.class)).readable()).isTrue();
  }

  @Test
  void otherKindsFailAsBeforeSoNothingElseIsReadLeniently() {
    assertThatThrownBy(() -> mapper.readValue("{\"name\": \"x\", \"generation\": 99999999999999999999}",
        ObjectMeta.class)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"keepLast\": 3000000000}",
        io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy.class)).isInstanceOf(IOException.class);
  }
}
