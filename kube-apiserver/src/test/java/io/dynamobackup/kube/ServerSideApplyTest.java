package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply as Argo CD and a controller use it: Argo CD applies spec as {@code argocd-controller}, the operator
 * applies status on the status subresource; neither disturbs the other, re-applying the same manifest changes nothing
 * (no endless diff), and another manager changing a field Argo CD owns gets a 409 conflict unless it forces.
 */
class ServerSideApplyTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String PATH = "/apis/dynamobackup.io/v1alpha1/namespaces/default/dynamobackups/orders-nightly";
  static final String MANIFEST = """
      apiVersion: dynamobackup.io/v1alpha1
      kind: DynamoBackup
      metadata:
        name: orders-nightly
        labels: {app.kubernetes.io/instance: payments}
      spec:
        table: {name: orders, region: eu-west-1}
        backupVault: prod-vault
        iamRoleArn: arn:aws:iam::111122223333:role/backup
        deletionPolicy: Retain
      """;
  static ApiServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
    server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n");
    server.createAll(Files.readString(Path.of("../crds/dynamobackups.dynamobackup.io.yaml")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> apply(String path, String manager, boolean force, String body, boolean dryRun)
      throws Exception {
    String query = "?fieldManager=" + manager + (force ? "&force=true" : "") + (dryRun ? "&dryRun=All" : "");
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path + query))
        .header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void argoCdAndTheOperatorOwnTheirFieldsAndDoNotFight() throws Exception {
    HttpResponse<String> created = apply(PATH, "argocd-controller", false, MANIFEST, false);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String status = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: orders-nightly, namespace: default}
        status:
          phase: Completed
          conditions: [{type: Ready, status: "True", reason: Completed, message: done, lastTransitionTime: "2026-11-20T10:00:00Z"}]
        """;
    HttpResponse<String> statusWrite = apply(PATH + "/status", "dynamobackupreconciler", true, status, false);
    assertThat(statusWrite.statusCode()).as(statusWrite.body()).isEqualTo(200);
    JsonNode live = json(statusWrite);
    String resourceVersion = live.path("metadata").path("resourceVersion").asText();

    // Argo CD's next sync: the same manifest, applied again, is a no-op: nothing to diff, nothing written
    for (int sync = 0; sync < 3; sync++) {
      JsonNode again = json(apply(PATH, "argocd-controller", false, MANIFEST, false));
      assertThat(again.path("metadata").path("resourceVersion").asText()).isEqualTo(resourceVersion);
      assertThat(again.path("status").path("phase").asText()).isEqualTo("Completed");
      assertThat(again.path("metadata").path("generation").asLong()).isEqualTo(1);
    }
    assertThat(json(apply(PATH, "argocd-controller", false, MANIFEST, true))).isEqualTo(live);
    JsonNode managed = live.path("metadata").path("managedFields");
    assertThat(managed).hasSize(2);
    assertThat(managed.get(0).path("manager").asText()).isEqualTo("argocd-controller");
    assertThat(managed.get(0).path("operation").asText()).isEqualTo("Apply");
    assertThat(managed.get(0).path("fieldsV1").path("f:spec").has("f:backupVault")).isTrue();
    assertThat(managed.get(0).path("fieldsV1").has("f:status")).isFalse();
    assertThat(managed.get(1).path("manager").asText()).isEqualTo("dynamobackupreconciler");
    assertThat(managed.get(1).path("subresource").asText()).isEqualTo("status");
    assertThat(managed.get(1).path("fieldsV1").path("f:status").has("f:phase")).isTrue();

    // another manager changing a field Argo CD owns: a conflict, as kubectl shows it, unless forced
    String edited = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: orders-nightly}
        spec: {deletionPolicy: Delete}
        """;
    HttpResponse<String> conflict = apply(PATH, "kubectl", false, edited, false);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json(conflict).path("message").asText())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"argocd-controller\": .spec.deletionPolicy");
    assertThat(json(conflict).path("details").path("causes").get(0).path("reason").asText())
        .isEqualTo("FieldManagerConflict");
    JsonNode forced = json(apply(PATH, "kubectl", true, edited, false));
    assertThat(forced.path("spec").path("deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(forced.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(forced.path("status").path("phase").asText()).isEqualTo("Completed");
    assertThat(forced.path("metadata").path("managedFields").get(0).path("fieldsV1").path("f:spec")
        .has("f:deletionPolicy")).as("argocd-controller no longer owns it").isFalse();

    // a field the manager applied before and no longer applies is removed (when no one else owns it)
    JsonNode pruned = json(apply(PATH, "argocd-controller", false, MANIFEST.replace(
        "  labels: {app.kubernetes.io/instance: payments}\n", "").replace("deletionPolicy: Retain",
        "deletionPolicy: Delete"), false));
    assertThat(pruned.path("metadata").has("labels")).isFalse();
    assertThat(pruned.path("spec").path("table").path("name").asText()).isEqualTo("orders");
  }
}
