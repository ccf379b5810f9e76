package io.dynamobackup.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class RegisteredKindsTest {
  private static final String EVENT = """
      {"type":"MODIFIED","object":{"apiVersion":"dynamobackup.io/v1alpha1","kind":"%s",
       "metadata":{"name":"orders","namespace":"team-a","resourceVersion":"7"}}}""";

  @Test
  void watchEventsOfTheOperatorsKindsAreParsedIntoTheirClassesAtOnce() {
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
        .build()) {
      assertThat(client.getKubernetesSerialization().unmarshal(EVENT.formatted("DynamoBackup"), WatchEvent.class)
          .getObject()).isInstanceOf(GenericKubernetesResource.class); // what the client does on its own

      OperatorMain.registerKinds(client);

      assertThat(client.getKubernetesSerialization().unmarshal(EVENT.formatted("DynamoBackup"), WatchEvent.class)
          .getObject()).isInstanceOf(DynamoBackup.class);
      assertThat(client.getKubernetesSerialization().unmarshal(EVENT.formatted("DynamoBackupPlan"),
          WatchEvent.class).getObject()).isInstanceOf(DynamoBackupPlan.class);
    }
  }
}
