package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.dynamobackup.operator.testing.KubernetesApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  // the project's API server (kube-apiserver) with the chart's RBAC: the recorder writes as the operator's
  // ServiceAccount (create and patch on events, no get), the test reads as an administrator
  private final KubernetesApi kubernetes = new KubernetesApi(java.time.Clock.systemUTC());
  private final KubernetesClient client = kubernetes.client();
  private final KubernetesClient operator = kubernetes.operatorClient();

  @org.junit.jupiter.api.AfterEach
  void closeApiServer() {
    operator.close();
    kubernetes.close();
  }
  private Instant now = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void aRepeatUpdatesCountAndLastTimestampOfTheSameEvent() {
    EventRecorder events = recorder();
    DynamoBackup backup = backup("orders-now", "uid-1");
    events.warning(backup, "ThrottlingException", "Rate exceeded");
    now = now.plusSeconds(30);
    events.warning(backup, "ThrottlingException", "Rate exceeded");
    now = now.plusSeconds(30);
    events.warning(backup, "ThrottlingException", "Rate exceeded");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(3);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-20T10:00:00Z");
      assertThat(e.getLastTimestamp()).isEqualTo("2026-11-20T10:01:00Z");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
    });
  }

  @Test
  void anotherMessageReasonOrObjectIsAnotherEvent() {
    EventRecorder events = recorder();
    events.warning(backup("orders-now", "uid-1"), "ThrottlingException", "Rate exceeded");
    events.warning(backup("orders-now", "uid-1"), "ThrottlingException", "Rate exceeded for DescribeTable");
    events.normal(backup("orders-now", "uid-1"), "JobStarted", "Rate exceeded");
    events.warning(backup("orders-later", "uid-2"), "ThrottlingException", "Rate exceeded");
    assertThat(events()).hasSize(4).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aRestartedOperatorCountsOnInsteadOfAddingAnEvent() {
    DynamoBackup backup = backup("orders-now", "uid-1");
    recorder().warning(backup, "AccessDeniedException", "not authorized");
    recorder().warning(backup, "AccessDeniedException", "not authorized"); // a new recorder: empty cache
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
  }

  @Test
  void anExpiredEventIsWrittenAgain() {
    EventRecorder events = recorder();
    DynamoBackup backup = backup("orders-now", "uid-1");
    events.warning(backup, "AccessDeniedException", "not authorized");
    client.v1().events().inNamespace("default").delete(); // Kubernetes expires Events after an hour
    events.warning(backup, "AccessDeniedException", "not authorized");
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void repeatsAreCountedWithTheChartsCreateAndPatchOnly() {
    DynamoBackup backup = backup("orders-now", "uid-1");
    EventRecorder events = recorder();
    events.warning(backup, "ThrottlingException", "Rate exceeded");
    events.warning(backup, "ThrottlingException", "Rate exceeded"); // a repeat the cache knows
    recorder().warning(backup, "ThrottlingException", "Rate exceeded"); // one it does not: create answers 409
    client.v1().events().inNamespace("default").delete();
    events.warning(backup, "ThrottlingException", "Rate exceeded"); // the cached Event expired: patch answers 404

    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    var requests = kubernetes.server().audit().events().stream()
        .filter(r -> r.resource().equals("events") && r.user().startsWith("system:serviceaccount:")).toList();
    assertThat(requests).extracting(r -> r.verb() + " " + r.code()).containsExactly(
        "create 201", "patch 200", "create 409", "patch 200", "patch 200", "patch 404", "create 201");
  }

  private EventRecorder recorder() {
    return new EventRecorder(operator, new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    });
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("default").list().getItems();
  }

  static DynamoBackup backup(String name, String uid) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid(uid)
        .withGeneration(1L).build());
    return backup;
  }
}
