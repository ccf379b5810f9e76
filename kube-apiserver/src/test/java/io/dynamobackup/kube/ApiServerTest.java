package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API server extensions over HTTP, without kubectl: discovery, OpenAPI, tables, patches, selectors, GC. */
class ApiServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-20T10:00:00Z"));
  static ApiServer server;
  static KubernetesClient client;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new ApiServer(CLOCK).start("127.0.0.1", 0);
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
        .withNamespace("default").build()).build();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    try (var files = Files.list(Path.of("../crds"))) {
      for (Path file : files.toList()) {
        client.apiextensions().v1().customResourceDefinitions()
            .resource(Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class)).create();
      }
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static JsonNode get(String path, String accept) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  static GenericKubernetesResource backup(String name, Map<String, String> labels) {
    return Serialization.unmarshal("""
        {"apiVersion":"dynamobackup.io/v1alpha1","kind":"DynamoBackup","metadata":{"name":"%s","labels":%s},
         "spec":{"table":{"name":"orders","region":"eu-west-1"},"backupVault":"prod-vault",
                 "iamRoleArn":"arn:aws:iam::111122223333:role/x"}}""".formatted(name,
        Serialization.asJson(labels)), GenericKubernetesResource.class);
  }

  @Test
  void discoveryAdvertisesCrdsWithShortNamesCategoriesAndStatus() throws Exception {
    assertThat(get("/api", "application/json").path("versions").toString()).contains("v1");
    assertThat(get("/apis", "application/json").toString()).contains("dynamobackup.io/v1alpha1",
        "coordination.k8s.io/v1", "apiextensions.k8s.io/v1");
    JsonNode resources = get("/apis/dynamobackup.io/v1alpha1", "application/json").path("resources");
    assertThat(resources.toString()).contains("\"ddbbackup\"", "\"dynamobackup\"", "dynamobackups/status",
        "\"ddbplan\"", "\"ddbrestore\"");
    assertThat(get("/api/v1", "application/json").toString()).contains("\"events\"", "\"configmaps\"",
        "\"namespaces\"");
    assertThat(get("/version", "application/json").path("minor").asText()).isEqualTo("32");
  }

  @Test
  void openApiV3PublishesCrdSchemasAndFieldValidation() throws Exception {
    JsonNode index = get("/openapi/v3", "application/json");
    String url = index.path("paths").path("apis/dynamobackup.io/v1alpha1").path("serverRelativeURL").asText();
    JsonNode doc = get(url, "application/json");
    JsonNode schema = doc.path("components").path("schemas").path("io.dynamobackup.v1alpha1.DynamoRestore");
    assertThat(schema.path("properties").path("spec").path("properties").has("target")).isTrue();
    assertThat(schema.path("x-kubernetes-group-version-kind").toString()).contains("DynamoRestore");
    assertThat(doc.path("paths").toString()).contains("fieldValidation");
  }

  @Test
  void tablesUsePrinterColumnsAndTheSandboxClock() throws Exception {
    client.resource(backup("table-1", Map.of())).create();
    client.genericKubernetesResources("dynamobackup.io/v1alpha1", "DynamoBackup").withName("table-1")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Completed\",\"tableName\":\"orders\",\"completionTime\":\"2026-11-20T09:00:00Z\"}}");
    CLOCK.advance(Duration.ofMinutes(5));
    JsonNode table = get("/apis/dynamobackup.io/v1alpha1/namespaces/default/dynamobackups?fieldSelector=metadata.name%3Dtable-1",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").toString()).contains("Phase", "Recovery Point Age");
    JsonNode row = table.path("rows").get(0).path("cells");
    assertThat(row.toString()).contains("table-1", "orders", "Completed", "65m", "5m");
  }

  @Test
  void validatesDefaultsAndRejectsUnknownFieldsWhenStrict() {
    GenericKubernetesResource bad = backup("bad-1", Map.of());
    ((Map<String, Object>) bad.getAdditionalProperties().get("spec")).put("backupVault", "no spaces allowed");
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(bad).create()).getCode()).isEqualTo(422);
    GenericKubernetesResource created = client.resource(backup("defaults-1", Map.of())).create();
    assertThat(created.get("spec", "deletionPolicy").toString()).isEqualTo("Retain");
  }

  @Test
  void mergePatchReplacesListsAndServerSideApplyRemovesDroppedFields() {
    client.resource(backup("patch-1", Map.of())).create();
    var resource = client.genericKubernetesResources("dynamobackup.io/v1alpha1", "DynamoBackup").withName("patch-1");
    String condition = "\"status\":\"True\",\"reason\":\"Test\",\"message\":\"\","
        + "\"lastTransitionTime\":\"2026-11-20T10:00:00Z\"";
    String two = "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"A\"," + condition + "},"
        + "{\"type\":\"B\"," + condition + "}]}}";
    resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), two);
    resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), two);
    assertThat((List<?>) resource.get().get("status", "conditions")).hasSize(2);
    PatchContext apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
        .withFieldManager("test").withForce(true).build();
    String base = "{\"apiVersion\":\"dynamobackup.io/v1alpha1\",\"kind\":\"DynamoBackup\",\"metadata\":"
        + "{\"name\":\"patch-1\",\"namespace\":\"default\"},\"status\":";
    resource.subresource("status").patch(apply, base + "{\"phase\":\"Running\",\"backupJobId\":\"j-1\"}}");
    resource.subresource("status").patch(apply, base + "{\"phase\":\"Completed\"}}");
    GenericKubernetesResource after = resource.get();
    assertThat(after.get("status", "phase").toString()).isEqualTo("Completed");
    assertThat(((Map<?, ?>) after.get("status")).containsKey("backupJobId")).isFalse();
  }

  @Test
  void setBasedLabelSelectorsAndFilteredWatches() {
    client.resource(backup("sel-a", Map.of("tier", "gold"))).create();
    client.resource(backup("sel-b", Map.of("tier", "silver"))).create();
    var backups = client.genericKubernetesResources("dynamobackup.io/v1alpha1", "DynamoBackup");
    assertThat(backups.withLabelIn("tier", "gold", "bronze").list().getItems()).extracting(r -> r.getMetadata().getName())
        .containsExactly("sel-a");
    assertThat(backups.withLabelNotIn("tier", "gold").list().getItems()).extracting(r -> r.getMetadata().getName())
        .contains("sel-b").doesNotContain("sel-a");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch = backups.withLabelIn("tier", "platinum").watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
      }
    })) {
      client.resource(backup("sel-c", Map.of("tier", "platinum"))).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED sel-c"));
      assertThat(seen).noneMatch(s -> s.contains("sel-a") || s.contains("sel-b"));
    }
  }

  @Test
  void listsInPagesWithContinueTokensAsInformersAndKubectlAskForThem() throws Exception {
    for (int i = 0; i < 5; i++) {
      client.resource(backup("page-" + i, Map.of("paged", "yes"))).create();
    }
    var backups = client.genericKubernetesResources("dynamobackup.io/v1alpha1", "DynamoBackup").withLabel("paged");
    var first = backups.list(new ListOptionsBuilder().withLimit(2L).build());
    assertThat(first.getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("page-0", "page-1");
    assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(3);
    client.resource(backup("page-00", Map.of("paged", "yes"))).create(); // before the token's key: not in later pages
    var second = backups.list(new ListOptionsBuilder().withLimit(2L)
        .withContinue(first.getMetadata().getContinue()).build());
    assertThat(second.getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("page-2", "page-3");
    assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    var last = backups.list(new ListOptionsBuilder().withLimit(2L)
        .withContinue(second.getMetadata().getContinue()).build());
    assertThat(last.getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("page-4");
    assertThat(last.getMetadata().getContinue()).isNull();
    JsonNode table = get("/apis/dynamobackup.io/v1alpha1/namespaces/default/dynamobackups?labelSelector=paged&limit=4",
        "application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(table.path("rows")).hasSize(4);
    assertThat(table.path("metadata").path("remainingItemCount").asInt()).isEqualTo(2);
    assertThat(get("/apis/dynamobackup.io/v1alpha1/namespaces/default/dynamobackups?continue=bogus",
        "application/json").path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void garbageCollectsChildrenOfDeletedOwnersAndStrategicMergePatchWorksForConfigMaps() {
    var owner = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata()
        .addToData("a", "1").build()).create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("child")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
        .withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
    client.configMaps().withName("owner").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"data\":{\"b\":\"2\",\"$patch\":\"merge\"}}");
    assertThat(client.configMaps().withName("owner").get().getData()).containsEntry("a", "1").containsEntry("b", "2");
    client.configMaps().withName("owner").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.configMaps().withName("child").get() == null);
  }
}
