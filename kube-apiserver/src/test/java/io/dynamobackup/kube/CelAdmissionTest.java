package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * x-kubernetes-validations on writes, as the API server evaluates them: plain rules, transition rules (oldSelf) only
 * on updates, messageExpression, fieldPath and reason, on the main resource and the status subresource, answered with
 * 422 Invalid and one cause per broken rule.
 */
class CelAdmissionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.io}
      spec:
        group: example.io
        scope: Namespaced
        names: {kind: Widget, plural: widgets, singular: widget}
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
                    x-kubernetes-validations:
                      - rule: "self.min <= self.max"
                        messageExpression: "'min (' + string(self.min) + ') must not exceed max (' + string(self.max) + ')'"
                      - rule: "!has(self.mode) || self.mode != 'Off' || self.max == 0"
                        message: "mode Off needs max 0"
                        fieldPath: ".max"
                        reason: FieldValueForbidden
                    properties:
                      name:
                        type: string
                        x-kubernetes-validations:
                          - {rule: "self == oldSelf", message: "name is immutable"}
                      min: {type: integer}
                      max: {type: integer}
                      mode: {type: string}
                  status:
                    type: object
                    properties:
                      count:
                        type: integer
                        x-kubernetes-validations:
                          - {rule: "self >= oldSelf", message: "count never goes down"}
      """;
  static final String PATH = "/apis/example.io/v1/namespaces/default/widgets";
  static ApiServer server;

  @BeforeAll
  static void start() {
    server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0);
    server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n");
    server.createAll(CRD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String widget(String name, String spec) {
    return "{\"apiVersion\":\"example.io/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":"
        + spec + "}";
  }

  @Test
  void brokenRulesAreRefusedWithKubernetesCauses() throws Exception {
    HttpResponse<String> refused = send("POST", PATH, "application/json", widget("w1",
        "{\"name\":\"a\",\"min\":5,\"max\":2,\"mode\":\"Off\"}"));
    assertThat(refused.statusCode()).isEqualTo(422);
    JsonNode status = JSON.readTree(refused.body());
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText()).isEqualTo("Widget.example.io \"w1\" is invalid: [spec: Invalid"
        + " value: \"object\": min (5) must not exceed max (2), spec.max: Forbidden: mode Off needs max 0]");
    assertThat(status.path("details").path("causes").get(0).toString())
        .isEqualTo("{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: \\\"object\\\": min (5) must not"
            + " exceed max (2)\",\"field\":\"spec\"}");
    assertThat(status.path("details").path("causes").get(1).path("reason").asText()).isEqualTo("FieldValueForbidden");
  }

  @Test
  void transitionRulesApplyToUpdatesOnly() throws Exception {
    assertThat(send("POST", PATH, "application/json", widget("w2", "{\"name\":\"a\",\"min\":1,\"max\":2}"))
        .statusCode()).as("oldSelf rules are not evaluated on create").isEqualTo(201);
    HttpResponse<String> renamed = send("PATCH", PATH + "/w2", "application/merge-patch+json",
        "{\"spec\":{\"name\":\"b\"}}");
    assertThat(renamed.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(renamed.body()).path("message").asText())
        .isEqualTo("Widget.example.io \"w2\" is invalid: spec.name: Invalid value: \"string\": name is immutable");
    assertThat(send("PATCH", PATH + "/w2", "application/merge-patch+json", "{\"spec\":{\"max\":3}}").statusCode())
        .isEqualTo(200);

    assertThat(send("PATCH", PATH + "/w2/status", "application/merge-patch+json", "{\"status\":{\"count\":3}}")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> down = send("PATCH", PATH + "/w2/status", "application/merge-patch+json",
        "{\"status\":{\"count\":1}}");
    assertThat(down.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(down.body()).path("message").asText()).contains("status.count: Invalid value:"
        + " \"integer\": count never goes down");
  }
}
