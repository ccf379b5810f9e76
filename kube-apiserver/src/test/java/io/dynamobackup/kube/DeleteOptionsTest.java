package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DeleteOptions in the body of a DELETE, as kubectl and client-go send them: {@code dryRun} (kubectl {@code delete
 * --dry-run=server}) deletes nothing, preconditions refuse a delete of another object or version, and
 * {@code propagationPolicy: Orphan} keeps the dependents.
 */
class DeleteOptionsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final ApiServer server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
  final KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
      .withMasterUrl(server.url()).withNamespace("default").build()).build();

  DeleteOptionsTest() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  ConfigMap configMap(String name, String... finalizers) {
    return client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withFinalizers(finalizers).endMetadata().addToData("k", "v").build()).create();
  }

  HttpResponse<String> delete(String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDryRunDeleteInTheBodyAsKubectlSendsItDeletesNothing() throws Exception {
    configMap("kept");
    configMap("guarded", "example.com/guard");

    // kubectl delete --dry-run=server
    HttpResponse<String> response = delete("/api/v1/namespaces/default/configmaps/kept",
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"meta.k8s.io/v1\",\"propagationPolicy\":\"Background\","
            + "\"dryRun\":[\"All\"]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("metadata").path("name").asText()).isEqualTo("kept");
    assertThat(client.configMaps().withName("kept").get()).isNotNull();

    // an object with finalizers: the answer shows the deletionTimestamp it would get, the stored one has none
    JsonNode guarded = JSON.readTree(delete("/api/v1/namespaces/default/configmaps/guarded",
        "{\"dryRun\":[\"All\"]}").body());
    assertThat(guarded.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(client.configMaps().withName("guarded").get().getMetadata().getDeletionTimestamp()).isNull();

    // the fabric8 client, and the query parameter
    client.configMaps().withName("kept").dryRun().delete();
    assertThat(delete("/api/v1/namespaces/default/configmaps/kept?dryRun=All", "").statusCode()).isEqualTo(200);
    assertThat(client.configMaps().withName("kept").get()).isNotNull();

    // a typed client's protobuf DeleteOptions
    HttpResponse<String> protobuf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
        + "/api/v1/namespaces/default/configmaps/kept")).method("DELETE",
            HttpRequest.BodyPublishers.ofByteArray(protobufDryRun()))
        .header("Content-Type", "application/vnd.kubernetes.protobuf").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(protobuf.statusCode()).isEqualTo(200);
    assertThat(client.configMaps().withName("kept").get()).isNotNull();

    // deletecollection (kubectl delete --all --dry-run=server deletes one by one, client-go may not)
    HttpResponse<String> all = delete("/api/v1/namespaces/default/configmaps", "{\"dryRun\":[\"All\"]}");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(all.body()).path("items")).hasSize(2);
    assertThat(client.configMaps().list().getItems()).hasSize(2);

    HttpResponse<String> invalid = delete("/api/v1/namespaces/default/configmaps/kept", "{\"dryRun\":[\"Some\"]}");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(invalid.body()).path("message").asText())
        .isEqualTo("dryRun: Unsupported value: [\"Some\"]: supported values: \"All\"");
    assertThat(client.configMaps().withName("kept").get()).isNotNull();

    assertThat(delete("/api/v1/namespaces/default/configmaps/kept", "").statusCode()).isEqualTo(200);
    assertThat(client.configMaps().withName("kept").get()).isNull();
  }

  /** {@code k8s\0} + runtime.Unknown{typeMeta{meta.k8s.io/v1, DeleteOptions}, raw: DeleteOptions{dryRun: [All]}}. */
  static byte[] protobufDryRun() throws java.io.IOException {
    com.google.protobuf.ByteString typeMeta = com.google.protobuf.ByteString.copyFrom(message(out -> {
      out.writeString(1, "meta.k8s.io/v1");
      out.writeString(2, "DeleteOptions");
    }));
    com.google.protobuf.ByteString raw = com.google.protobuf.ByteString.copyFrom(message(out -> out.writeString(5,
        "All")));
    byte[] envelope = message(out -> {
      out.writeBytes(1, typeMeta);
      out.writeBytes(2, raw);
    });
    byte[] body = new byte[envelope.length + 4];
    System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
    System.arraycopy(envelope, 0, body, 4, envelope.length);
    return body;
  }

  interface Writer {
    void write(com.google.protobuf.CodedOutputStream out) throws java.io.IOException;
  }

  static byte[] message(Writer writer) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  @Test
  void preconditionsRefuseADeleteOfAnotherObjectOrVersion() throws Exception {
    ConfigMap made = configMap("made");
    HttpResponse<String> other = delete("/api/v1/namespaces/default/configmaps/made",
        "{\"preconditions\":{\"uid\":\"not-its-uid\"}}");
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(other.body()).path("message").asText()).isEqualTo("Operation cannot be fulfilled on"
        + " configmaps \"made\": Precondition failed: UID in precondition: not-its-uid, UID in object meta: "
        + made.getMetadata().getUid());
    client.configMaps().withName("made").edit(c -> new ConfigMapBuilder(c).addToData("k", "w").build());

    KubernetesClientException stale = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(made).lockResourceVersion().delete());
    assertThat(stale.getCode()).isEqualTo(409);
    assertThat(client.configMaps().withName("made").get()).isNotNull();
    assertThat(delete("/api/v1/namespaces/default/configmaps/made", "{\"preconditions\":{\"uid\":\""
        + made.getMetadata().getUid() + "\"}}").statusCode()).isEqualTo(200);
    assertThat(client.configMaps().withName("made").get()).isNull();
  }

  @Test
  void anOrphanDeleteKeepsTheDependents() {
    ConfigMap owner = configMap("owner");
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("dependent")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
        .withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();

    client.configMaps().withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    assertThat(client.configMaps().withName("owner").get()).isNull();
    assertThat(client.configMaps().withName("dependent").get().getMetadata().getOwnerReferences()).isEmpty();
  }
}
