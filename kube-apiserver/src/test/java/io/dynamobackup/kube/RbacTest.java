package io.dynamobackup.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens and RBAC: a ServiceAccount can do what its bindings grant and gets Kubernetes' 403 otherwise. */
class RbacTest {
  static final String RBAC = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["get", "list", "watch"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: reader}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
      subjects:
        - {kind: ServiceAccount, name: app, namespace: apps}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: writer, namespace: team-a}
      rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["create"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: writer, namespace: team-a}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: writer}
      subjects:
        - {kind: ServiceAccount, name: app, namespace: apps}
      """;
  final ApiServer server = new ApiServer(new TestClock(Instant.parse("2026-11-20T10:00:00Z"))).start("127.0.0.1", 0)
      .requireAuthentication();

  @AfterEach
  void stop() {
    server.close();
  }

  KubernetesClient client(String token) {
    ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default");
    return new KubernetesClientBuilder().withConfig((token == null ? config : config.withOauthToken(token)).build())
        .build();
  }

  @Test
  void aServiceAccountMayDoWhatItsBindingsGrantAndNothingElse() {
    server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
    String token = server.installServiceAccount(RBAC);
    try (KubernetesClient app = client(token); KubernetesClient admin = client(server.issueToken(
        UserInfo.admin("admin")))) {
      admin.configMaps().inNamespace("team-b").resource(new ConfigMapBuilder().withNewMetadata().withName("x")
          .withNamespace("team-b").endMetadata().build());
      assertThat(app.configMaps().inAnyNamespace().list().getItems()).isEmpty();
      app.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("made")
          .endMetadata().build()).create();
      assertThat(app.configMaps().inNamespace("team-a").withName("made").get()).isNotNull();

      KubernetesClientException denied = catchThrowableOfType(KubernetesClientException.class,
          () -> app.configMaps().inNamespace("team-a").withName("made").delete());
      assertThat(denied.getCode()).isEqualTo(403);
      assertThat(denied.getStatus().getMessage()).isEqualTo("configmaps \"made\" is forbidden: User"
          + " \"system:serviceaccount:apps:app\" cannot delete resource \"configmaps\" in API group \"\" in the"
          + " namespace \"team-a\"");
      KubernetesClientException elsewhere = catchThrowableOfType(KubernetesClientException.class,
          () -> app.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata().withName("m")
              .endMetadata().build()).create());
      assertThat(elsewhere.getStatus().getMessage()).isEqualTo("configmaps is forbidden: User"
          + " \"system:serviceaccount:apps:app\" cannot create resource \"configmaps\" in API group \"\" in the"
          + " namespace \"apps\"");
      assertThat(admin.serviceAccounts().inNamespace("apps").withName("app").get()).isNotNull();
    }
  }

  @Test
  void aServiceAccountMayAskWhatItMayDoInANamespace() {
    server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
    String token = server.installServiceAccount(RBAC);
    try (KubernetesClient app = client(token)) {
      var review = app.authorization().v1().selfSubjectRulesReview().create(
          new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder().withNewSpec()
              .withNamespace("team-a").endSpec().build());
      assertThat(review.getStatus().getIncomplete()).isFalse();
      assertThat(review.getStatus().getResourceRules()).extracting(r -> r.getVerbs().toString())
          .containsExactlyInAnyOrder("[get, list, watch]", "[create]");
      var elsewhere = app.authorization().v1().selfSubjectRulesReview().create(
          new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder().withNewSpec()
              .withNamespace("team-b").endSpec().build());
      assertThat(elsewhere.getStatus().getResourceRules()).extracting(r -> r.getVerbs().toString())
          .containsExactly("[get, list, watch]");
    }
  }

  @Test
  void anonymousAndUnknownTokensAreRefused() {
    try (KubernetesClient anonymous = client(null); KubernetesClient wrong = client("not-a-token")) {
      assertThat(catchThrowableOfType(KubernetesClientException.class,
          () -> anonymous.namespaces().list()).getCode()).isEqualTo(403);
      assertThat(catchThrowableOfType(KubernetesClientException.class,
          () -> wrong.namespaces().list()).getCode()).isEqualTo(401);
    }
  }
}
