package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the sandbox API server must enforce as a real one does when a user drives it with kubectl: a server-side dry
 * run deletes nothing, {@code --as}/{@code --as-group} run a request as that user, {@code auth can-i} answers, a
 * deleted namespace terminates until its objects are gone, and {@code create rolebinding} (protobuf) says to use YAML.
 */
class KubectlIdentityE2E {
  @RegisterExtension
  static final KubectlSandbox sandbox = new KubectlSandbox(options -> options);

  @Test
  void aServerSideDryRunDeleteKeepsTheObject() {
    assertThat(sandbox.run(null, "delete", "ddbbackup", "orders-now", "--dry-run=server").output())
        .contains("deleted (server dry run)");
    assertThat(sandbox.run(null, "delete", "ddbbackup", "--all", "--dry-run=server").code()).isZero();
    assertThat(sandbox.run(null, "get", "ddbbackup", "orders-now", "-o",
        "jsonpath={.metadata.name} {.metadata.deletionTimestamp}").output().trim()).isEqualTo("orders-now");
  }

  @Test
  void asAndAuthCanIRunAsTheImpersonatedUser() {
    assertThat(sandbox.run("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: backup-editor, namespace: team-b}
        rules:
          - apiGroups: [dynamobackup.io]
            resources: [dynamobackups]
            verbs: [get, list, delete]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: team-b-backup-editors, namespace: team-b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: backup-editor}
        subjects:
          - {kind: Group, name: team-b, apiGroup: rbac.authorization.k8s.io}
        """, "apply", "-f", "-").code()).isZero();

    KubectlSandbox.Result denied = sandbox.run(null, "--as=bob", "--as-group=team-b", "delete", "ddbbackup",
        "orders-now", "-n", "default");
    assertThat(denied.code()).isNotZero();
    assertThat(denied.output()).contains("dynamobackups.dynamobackup.io \"orders-now\" is forbidden: User \"bob\""
        + " cannot delete resource \"dynamobackups\" in API group \"dynamobackup.io\" in the namespace \"default\"");
    assertThat(sandbox.run(null, "get", "ddbbackup", "orders-now", "-o", "name").output().trim())
        .isEqualTo("dynamobackup.dynamobackup.io/orders-now");

    assertThat(sandbox.run(null, "auth", "can-i", "delete", "ddbbackup", "-n", "default", "--as=bob",
        "--as-group=team-b")).isEqualTo(new KubectlSandbox.Result(1, "no\n"));
    assertThat(sandbox.run(null, "auth", "can-i", "delete", "ddbbackup", "-n", "team-b", "--as=bob",
        "--as-group=team-b")).isEqualTo(new KubectlSandbox.Result(0, "yes\n"));
    assertThat(sandbox.run(null, "auth", "can-i", "delete", "ddbbackup", "-n", "default"))
        .isEqualTo(new KubectlSandbox.Result(0, "yes\n"));
    assertThat(sandbox.run(null, "auth", "whoami", "--as=bob", "--as-group=team-b").output())
        .containsPattern("Username +bob").containsPattern("Groups +\\[team-b system:authenticated\\]");
    assertThat(sandbox.run(null, "auth", "can-i", "--list", "-n", "team-b", "--as=bob", "--as-group=team-b").output())
        .containsPattern("dynamobackups.dynamobackup.io +\\[\\] +\\[\\] +\\[get list delete\\]");

    KubectlSandbox.Result binding = sandbox.run(null, "create", "rolebinding", "viewers", "--clusterrole=view",
        "--group=team-b", "-n", "team-b");
    assertThat(binding.code()).isNotZero();
    assertThat(binding.output()).contains("create it from YAML or JSON with kubectl apply -f");
  }

  @Test
  void aDeletedNamespaceTerminatesUntilItsObjectsAreGone() {
    assertThat(sandbox.run("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-c}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: guarded, namespace: team-c, finalizers: [example.com/guard]}
        """, "apply", "-f", "-").code()).isZero();

    assertThat(sandbox.run(null, "delete", "namespace", "team-c", "--wait=false").code()).isZero();

    assertThat(sandbox.run(null, "get", "namespace", "team-c", "-o", "jsonpath={.status.phase}").output())
        .isEqualTo("Terminating");
    KubectlSandbox.Result refused = sandbox.run(null, "create", "configmap", "late", "-n", "team-c");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.output()).contains("because it is being terminated");
    assertThat(sandbox.run(null, "patch", "configmap", "guarded", "-n", "team-c", "--type=merge", "-p",
        "{\"metadata\":{\"finalizers\":null}}").code()).isZero();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> sandbox.run(null, "get", "namespace", "team-c").output(), o -> o.contains("NotFound"));
  }
}
