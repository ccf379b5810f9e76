package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl delete namespace team-b}: the namespace is Terminating until its objects are gone (those with
 * finalizers stay until the finalizers are removed), and refuses new objects meanwhile.
 */
class NamespaceLifecycleTest {
  final ApiServer server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
  final KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
      .withMasterUrl(server.url()).withNamespace("team-b").build()).build();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aDeletedNamespaceTerminatesUntilItsObjectsAreGone() {
    Namespace created = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b")
        .endMetadata().build()).create();
    assertThat(created.getStatus().getPhase()).isEqualTo("Active");
    assertThat(created.getSpec().getFinalizers()).containsExactly("kubernetes");
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("plain").endMetadata().build())
        .create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("guarded")
        .withFinalizers("example.com/guard").endMetadata().build()).create();

    client.namespaces().withName("team-b").delete();

    Namespace terminating = client.namespaces().withName("team-b").get();
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.configMaps().withName("plain").get() == null);
    assertThat(client.configMaps().withName("guarded").get().getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.namespaces().withName("team-b").get()).isNotNull();
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata()
            .build()).create());
    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new"
        + " content in namespace team-b because it is being terminated");
    // a write to the namespace cannot drop its finalizer or its phase
    client.namespaces().withName("team-b").edit(n -> new NamespaceBuilder(n).editSpec().withFinalizers(List.of())
        .endSpec().editMetadata().addToLabels("x", "y").endMetadata().build());
    assertThat(client.namespaces().withName("team-b").get().getStatus().getPhase()).isEqualTo("Terminating");

    client.configMaps().withName("guarded").edit(c -> new ConfigMapBuilder(c).editMetadata()
        .withFinalizers(List.of()).endMetadata().build());

    await().atMost(Duration.ofSeconds(10)).until(() -> client.namespaces().withName("team-b").get() == null);
  }
}
