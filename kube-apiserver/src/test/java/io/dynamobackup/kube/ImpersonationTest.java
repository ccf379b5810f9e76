package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl --as=bob --as-group=team-b}: a request runs as the user it impersonates once the caller may
 * impersonate that user and each group; {@code kubectl auth can-i}: a SelfSubjectAccessReview answers with the same
 * RBAC evaluation.
 */
class ImpersonationTest {
  static final String RBAC = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-a}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-b}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: editor, namespace: team-b}
      rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["get", "create", "delete"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: team-b-editors, namespace: team-b}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: editor}
      subjects:
        - {kind: Group, name: team-b}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: impersonate-bob}
      rules:
        - apiGroups: [""]
          resources: ["users"]
          verbs: ["impersonate"]
          resourceNames: ["bob"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: alice-impersonates-bob}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-bob}
      subjects:
        - {kind: User, name: alice}
      """;
  final ApiServer server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0)
      .requireAuthentication();
  String admin;
  String alice;

  @BeforeEach
  void install() {
    server.createAll(RBAC);
    admin = server.issueToken(UserInfo.admin("admin"));
    alice = server.issueToken(new UserInfo("alice", List.of("system:authenticated")));
    server.createAll("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: team-a}\n---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: team-b}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  KubernetesClient client(String token, String user, String... groups) {
    ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default")
        .withOauthToken(token);
    if (user != null) {
      config.withImpersonateUsername(user).withImpersonateGroups(groups);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  @Test
  void anImpersonatedRequestIsAuthorizedAndAuditedAsTheImpersonatedUser() {
    try (KubernetesClient bob = client(admin, "bob", "team-b")) {
      bob.configMaps().inNamespace("team-b").withName("settings").delete();
      KubernetesClientException denied = catchThrowableOfType(KubernetesClientException.class,
          () -> bob.configMaps().inNamespace("team-a").withName("settings").delete());
      assertThat(denied.getCode()).isEqualTo(403);
      assertThat(denied.getStatus().getMessage()).isEqualTo("configmaps \"settings\" is forbidden: User \"bob\""
          + " cannot delete resource \"configmaps\" in API group \"\" in the namespace \"team-a\"");
    }
    assertThat(server.store().get(ApiResources.BUILTIN.get(1), "team-b", "settings")).isEmpty();
    assertThat(server.store().get(ApiResources.BUILTIN.get(1), "team-a", "settings")).isPresent();
    assertThat(server.audit().events()).filteredOn(e -> e.verb().equals("delete"))
        .extracting(AuditLog.Event::user, AuditLog.Event::namespace, AuditLog.Event::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "team-b", 200),
            org.assertj.core.groups.Tuple.tuple("bob", "team-a", 403));
  }

  @Test
  void impersonationNeedsTheImpersonateVerbOnTheUserAndEachGroup() {
    try (KubernetesClient asBob = client(alice, "bob"); KubernetesClient asCarol = client(alice, "carol");
        KubernetesClient asMaster = client(alice, "bob", "system:masters")) {
      // alice may impersonate bob (who may do nothing in team-a) but not carol, nor a group
      assertThat(catchThrowableOfType(KubernetesClientException.class,
          () -> asBob.configMaps().inNamespace("team-b").withName("settings").get()).getStatus().getMessage())
          .isEqualTo("configmaps \"settings\" is forbidden: User \"bob\" cannot get resource \"configmaps\" in API"
              + " group \"\" in the namespace \"team-b\"");
      KubernetesClientException carol = catchThrowableOfType(KubernetesClientException.class,
          () -> asCarol.configMaps().inNamespace("team-b").withName("settings").get());
      assertThat(carol.getCode()).isEqualTo(403);
      assertThat(carol.getStatus().getMessage()).isEqualTo("users \"carol\" is forbidden: User \"alice\" cannot"
          + " impersonate resource \"users\" in API group \"\" at the cluster scope");
      assertThat(catchThrowableOfType(KubernetesClientException.class,
          () -> asMaster.configMaps().inNamespace("team-a").withName("settings").delete()).getStatus().getMessage())
          .isEqualTo("groups \"system:masters\" is forbidden: User \"alice\" cannot impersonate resource \"groups\""
              + " in API group \"\" at the cluster scope");
    }
    assertThat(server.store().get(ApiResources.BUILTIN.get(1), "team-a", "settings")).isPresent();
  }

  @Test
  void aGroupWithoutAUserIsABadRequest() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
        + "/api/v1/namespaces")).header("Authorization", "Bearer " + admin).header("Impersonate-Group", "team-b")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void aSelfSubjectReviewSaysWhoTheRequestRunsAs() throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(server.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews")).header("Authorization", "Bearer " + admin)
        .header("Impersonate-User", "bob").header("Impersonate-Group", "team-b").header("Impersonate-Group", "team-c")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("status")
        .path("userInfo").toString()).isEqualTo("{\"username\":\"bob\",\"groups\":[\"team-b\",\"team-c\","
            + "\"system:authenticated\"]}");
  }

  @Test
  void everyImpersonatedGroupCounts() {
    try (KubernetesClient bob = client(admin, "bob", "team-b", "team-c")) {
      assertThat(canI(bob, "delete", "configmaps", "team-b")).isTrue();
    }
    try (KubernetesClient bob = client(admin, "bob", "team-c", "team-b")) {
      assertThat(canI(bob, "delete", "configmaps", "team-b")).isTrue();
    }
  }

  @Test
  void aSelfSubjectAccessReviewAnswersWhatRbacWouldDecide() {
    try (KubernetesClient bob = client(admin, "bob", "team-b"); KubernetesClient root = client(admin, null)) {
      assertThat(canI(bob, "delete", "configmaps", "team-b")).isTrue();
      assertThat(canI(bob, "delete", "configmaps", "team-a")).isFalse();
      assertThat(canI(bob, "list", "configmaps", "team-b")).isFalse();
      assertThat(canI(root, "delete", "configmaps", "team-a")).isTrue();
      assertThat(root.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("authorization.k8s.io"));
      assertThat(root.getApiResources("authorization.k8s.io/v1").getResources())
          .extracting(r -> r.getName()).contains("selfsubjectaccessreviews", "selfsubjectrulesreviews");
    }
  }

  private static boolean canI(KubernetesClient client, String verb, String resource, String namespace) {
    SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb(verb)
            .withResource(resource).withNamespace(namespace).endResourceAttributes().endSpec().build());
    return review.getStatus().getAllowed();
  }
}
