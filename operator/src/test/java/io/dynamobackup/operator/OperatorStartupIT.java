package io.dynamobackup.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.operator.api.CrdFiles;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorStartupIT {
  @Test
  void startsServesHealthAndMetricsAndAcknowledgesEveryKind() throws Exception {
    try (OperatorHarness harness = new OperatorHarness().startOperator()) {
      OperatorMain.Running running = harness.operator();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + running.management().port();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok\n");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("jvm_memory_used_bytes");

      var examples = CrdFiles.projectRoot().resolve("examples");
      var client = harness.client();
      client.resource(Serialization.unmarshal(Files.readString(examples.resolve("plan-minimal.yaml")), DynamoBackupPlan.class))
          .inNamespace("default").create();
      client.resource(Serialization.unmarshal(Files.readString(examples.resolve("restore-minimal.yaml")), DynamoRestore.class))
          .inNamespace("default").create();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var plan = client.resources(DynamoBackupPlan.class).inNamespace("default").withName("orders-nightly").get();
        assertThat(plan.getStatus()).isNotNull();
        assertThat(plan.getStatus().observedGeneration).isEqualTo(plan.getMetadata().getGeneration());
        assertThat(Conditions.find(plan.getStatus().conditions, Conditions.READY)).isPresent();
        var restore = client.resources(DynamoRestore.class).inNamespace("default").withName("orders-restored").get();
        assertThat(restore.getStatus()).isNotNull();
      });
      assertThat(client.resources(DynamoBackup.class).inNamespace("default").list().getItems()).isEmpty();
      // Each kind is watched once: the plan and restore controllers read the backup controller's cache (SharedCaches)
      // instead of parsing every DynamoBackup change a second and a third time.
      assertThat(harness.kubernetes.server().audit().events().stream()
          .filter(e -> e.verb().equals("watch") && e.resource().equals("dynamobackups") && e.user().contains("operator")))
          .hasSize(1);
      // JOSDK's reconcile metrics, beside the operator's own.
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("operator_sdk_reconciliations_started_total")
          .contains("operator_sdk_events_received_total");
    }
  }
}
