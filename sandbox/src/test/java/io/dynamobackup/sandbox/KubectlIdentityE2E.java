package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox API server must enforce as a real one does when a user drives it with kubectl: a server-side dry
 * run deletes nothing, {@code --as}/{@code --as-group} run a request as that user, {@code auth can-i} answers, a
 * deleted namespace terminates until its objects are gone, and {@code create rolebinding} (protobuf) says to use YAML.
 */
class KubectlIdentityE2E {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  static Sandbox sandbox;
  static Path dir;

  record Result(int code, String output) {
  }

  @BeforeAll
  static void start(@TempDir Path temp) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL),
        "SKIPPED: /usr/bin/kubectl is absent; the sandbox end-to-end tests drive the real kubectl (.ci/run installs it)");
    dir = temp;
    sandbox = Sandbox.start(Sandbox.Options.defaults().withDirectory(temp.resolve("sandbox")));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void aServerSideDryRunDeleteKeepsTheObject() {
    assertThat(kubectl(null, "delete", "ddbbackup", "orders-now", "--dry-run=server").output())
        .contains("deleted (server dry run)");
    assertThat(kubectl(null, "delete", "ddbbackup", "--all", "--dry-run=server").code()).isZero();
    assertThat(kubectl(null, "get", "ddbbackup", "orders-now", "-o",
        "jsonpath={.metadata.name} {.metadata.deletionTimestamp}").output().trim()).isEqualTo("orders-now");
  }

  @Test
  void asAndAuthCanIRunAsTheImpersonatedUser() {
    assertThat(kubectl("""
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

    Result denied = kubectl(null, "--as=bob", "--as-group=team-b", "delete", "ddbbackup", "orders-now", "-n",
        "default");
    assertThat(denied.code()).isNotZero();
    assertThat(denied.output()).contains("dynamobackups.dynamobackup.io \"orders-now\" is forbidden: User \"bob\""
        + " cannot delete resource \"dynamobackups\" in API group \"dynamobackup.io\" in the namespace \"default\"");
    assertThat(kubectl(null, "get", "ddbbackup", "orders-now", "-o", "name").output().trim())
        .isEqualTo("dynamobackup.dynamobackup.io/orders-now");

    assertThat(kubectl(null, "auth", "can-i", "delete", "ddbbackup", "-n", "default", "--as=bob",
        "--as-group=team-b")).isEqualTo(new Result(1, "no\n"));
    assertThat(kubectl(null, "auth", "can-i", "delete", "ddbbackup", "-n", "team-b", "--as=bob",
        "--as-group=team-b")).isEqualTo(new Result(0, "yes\n"));
    assertThat(kubectl(null, "auth", "can-i", "delete", "ddbbackup", "-n", "default")).isEqualTo(new Result(0, "yes\n"));
    assertThat(kubectl(null, "auth", "whoami", "--as=bob", "--as-group=team-b").output())
        .containsPattern("Username +bob").containsPattern("Groups +\\[team-b system:authenticated\\]");
    assertThat(kubectl(null, "auth", "can-i", "--list", "-n", "team-b", "--as=bob", "--as-group=team-b").output())
        .containsPattern("dynamobackups.dynamobackup.io +\\[\\] +\\[\\] +\\[get list delete\\]");

    Result binding = kubectl(null, "create", "rolebinding", "viewers", "--clusterrole=view", "--group=team-b", "-n",
        "team-b");
    assertThat(binding.code()).isNotZero();
    assertThat(binding.output()).contains("create it from YAML or JSON with kubectl apply -f");
  }

  @Test
  void aDeletedNamespaceTerminatesUntilItsObjectsAreGone() {
    assertThat(kubectl("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-c}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: guarded, namespace: team-c, finalizers: [example.com/guard]}
        """, "apply", "-f", "-").code()).isZero();

    assertThat(kubectl(null, "delete", "namespace", "team-c", "--wait=false").code()).isZero();

    assertThat(kubectl(null, "get", "namespace", "team-c", "-o", "jsonpath={.status.phase}").output())
        .isEqualTo("Terminating");
    Result refused = kubectl(null, "create", "configmap", "late", "-n", "team-c");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.output()).contains("because it is being terminated");
    assertThat(kubectl(null, "patch", "configmap", "guarded", "-n", "team-c", "--type=merge", "-p",
        "{\"metadata\":{\"finalizers\":null}}").code()).isZero();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl(null, "get", "namespace", "team-c").output(), o -> o.contains("NotFound"));
  }

  private static Result kubectl(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig",
        sandbox.kubeconfig().toString(), "--cache-dir", dir.resolve("kube-cache").toString(), "--request-timeout",
        "30s"));
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile(dir, "kubectl", ".out");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args).isTrue();
      return new Result(p.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
