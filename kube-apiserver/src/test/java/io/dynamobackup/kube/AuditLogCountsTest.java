package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The audit log's counters: every request and every watch event sent, by user, verb and resource, never capped. */
class AuditLogCountsTest {
  @Test
  void countsRequestsByVerbAndResourceAndTheWatchEventsSent() {
    try (ApiServer server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url()).withNamespace("default").build()).build()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
          .create();
      AtomicInteger received = new AtomicInteger();
      try (var watch = client.configMaps().watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          received.incrementAndGet();
        }

        @Override
        public void onClose(WatcherException cause) {}
      })) {
        for (String name : new String[] {"a", "b"}) {
          client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
              .addToData("k", "v").build()).create();
        }
        await().until(() -> received.get() == 2);
      }

      Map<String, Long> byVerb = new java.util.TreeMap<>();
      server.audit().counts().forEach((k, v) -> byVerb.merge(k.verb() + " " + k.resource(), v, Long::sum));
      assertThat(byVerb).containsEntry("create configmaps", 2L).containsEntry("watch configmaps", 1L)
          .containsEntry(AuditLog.WATCH_EVENT + " configmaps", 2L).containsEntry("create namespaces", 1L);
      assertThat(server.audit().watchEventBytes().values()).singleElement()
          .satisfies(bytes -> assertThat(bytes).isGreaterThan(100L));
    }
  }
}
