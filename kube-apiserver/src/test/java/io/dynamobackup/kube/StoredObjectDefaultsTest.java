package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Objects stored before their CRD had a default, as a cluster has them after a CRD upgrade: the API server serves them
 * defaulted (it defaults what it reads from etcd), and a write to the status subresource never moves
 * {@code metadata.generation} nor changes spec, so a controller's status write cannot make itself look outdated.
 */
class StoredObjectDefaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String COLLECTION = "/apis/example.com/v1/namespaces/default/widgets";
  private static final String PATH = COLLECTION + "/old";
  private static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.com}
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
        versions:
        - name: v1
          served: true
          storage: true
          subresources: {status: {}}
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    size: {type: integer}
                    %s
                status:
                  type: object
                  properties:
                    phase: {type: string}
      """;
  private static final String MODE = "mode: {type: string, default: Fast}";
  private ApiServer server;

  @BeforeEach
  void start() {
    server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
    server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anObjectStoredWithoutTheDefaultIsServedWithItAndKeepsItsGenerationOnStatusWrites() throws Exception {
    server.createAll(CRD.formatted(MODE));
    ResourceType widgets = server.resources().find("example.com", "v1", "widgets").orElseThrow();
    server.store().create(widgets, (ObjectNode) JSON.readTree("""
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "old", "namespace": "default"},
         "spec": {"size": 1}}"""));

    JsonNode read = json(send("GET", PATH, null, null));
    assertThat(read.path("spec").path("mode").asText()).isEqualTo("Fast");
    assertThat(read.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertThat(json(send("GET", COLLECTION, null, null)).path("items").get(0).path("spec").path("mode").asText())
        .isEqualTo("Fast");
    assertThat(firstWatchEvent().path("object").path("spec").path("mode").asText()).isEqualTo("Fast");

    assertStatusWritesKeepGeneration(1, read.path("spec"));
    assertSpecChangeMovesGeneration(1);
  }

  @Test
  void aDefaultAddedToTheSchemaLaterIsServedWithoutMovingTheGeneration() throws Exception {
    server.createAll(CRD.formatted(""));
    assertThat(send("POST", COLLECTION, "application/json", """
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "old"}, "spec": {"size": 1}}""")
        .statusCode()).isEqualTo(201);
    HttpResponse<String> upgraded = send("PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
        + "widgets.example.com?fieldManager=helm&force=true", "application/apply-patch+yaml", CRD.formatted(MODE));
    assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);

    JsonNode read = json(send("GET", PATH, null, null));
    assertThat(read.path("spec").path("mode").asText()).isEqualTo("Fast");
    assertThat(read.path("metadata").path("generation").asLong()).isEqualTo(1);
    // a metadata-only write compares against the object as served: no spec change, no new generation
    JsonNode labelled = json(send("PATCH", PATH, "application/merge-patch+json",
        "{\"metadata\": {\"labels\": {\"tier\": \"gold\"}}}"));
    assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(1);

    assertStatusWritesKeepGeneration(1, read.path("spec"));
    assertSpecChangeMovesGeneration(1);
  }

  @Test
  void aStatusWriteIgnoresSpecAndGenerationInItsBody() throws Exception {
    server.createAll(CRD.formatted(MODE));
    assertThat(send("POST", COLLECTION, "application/json", """
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "old"}, "spec": {"size": 1}}""")
        .statusCode()).isEqualTo(201);

    JsonNode written = json(send("PUT", PATH + "/status", "application/json", """
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "old", "generation": 7},
         "spec": {"size": 9, "mode": "Slow"}, "status": {"phase": "Ready"}}"""));

    assertThat(written.path("status").path("phase").asText()).isEqualTo("Ready");
    assertThat(written.path("spec")).isEqualTo(JSON.readTree("{\"size\": 1, \"mode\": \"Fast\"}"));
    assertThat(written.path("metadata").path("generation").asLong()).isEqualTo(1);
  }

  private void assertStatusWritesKeepGeneration(long generation, JsonNode spec) throws Exception {
    JsonNode patched = json(send("PATCH", PATH + "/status", "application/merge-patch+json",
        "{\"status\": {\"phase\": \"Pending\"}}"));
    assertThat(patched.path("status").path("phase").asText()).isEqualTo("Pending");
    assertThat(patched.path("metadata").path("generation").asLong()).isEqualTo(generation);
    assertThat(patched.path("spec")).isEqualTo(spec);

    JsonNode applied = json(send("PATCH", PATH + "/status?fieldManager=widget-controller&force=true",
        "application/apply-patch+yaml", """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: old, namespace: default}
            status: {phase: Ready}
            """));
    assertThat(applied.path("status").path("phase").asText()).isEqualTo("Ready");
    assertThat(applied.path("metadata").path("generation").asLong()).isEqualTo(generation);
    assertThat(applied.path("spec")).isEqualTo(spec);
    assertThat(json(send("GET", PATH, null, null)).path("metadata").path("generation").asLong())
        .isEqualTo(generation);
  }

  private void assertSpecChangeMovesGeneration(long generation) throws Exception {
    JsonNode changed = json(send("PATCH", PATH, "application/merge-patch+json", "{\"spec\": {\"size\": 2}}"));
    assertThat(changed.path("metadata").path("generation").asLong()).isEqualTo(generation + 1);
    assertThat(changed.path("spec").path("mode").asText()).isEqualTo("Fast");
    assertThat(changed.path("status").path("phase").asText()).isEqualTo("Ready");
  }

  private JsonNode firstWatchEvent() throws Exception {
    HttpResponse<Stream<String>> watch = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + COLLECTION
        + "?watch=true")).build(), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = watch.body()) {
      return JSON.readTree(lines.filter(l -> !l.isBlank()).findFirst().orElseThrow());
    }
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return JSON.readTree(response.body());
  }
}
