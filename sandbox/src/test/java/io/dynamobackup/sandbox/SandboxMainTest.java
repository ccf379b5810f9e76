package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console a newcomer reads: every endpoint, and only commands that work for what was started. */
class SandboxMainTest {
  @Test
  void theWelcomeNamesEveryEndpointIncludingTheOperatorsMetrics() {
    String text = SandboxMain.welcome(welcome(true));
    assertThat(text).contains("started in 4.2 s", "Kubernetes API  http://127.0.0.1:6443",
        "local-aws       http://127.0.0.1:4566", "operator        http://127.0.0.1:8080/metrics   (also /healthz, /readyz)",
        "operator log    /tmp/sb/sandbox.log", "\nexport KUBECONFIG=/tmp/sb/kubeconfig\n");
  }

  @Test
  void withTheExamplesItSuggestsCommandsAboutThem() {
    assertThat(SandboxMain.welcome(welcome(true))).contains("kubectl describe ddbrestore orders-restored",
        "kubectl delete ddbrestore orders-restored", "kubectl get ddbbackup -o wide");
  }

  @Test
  void withoutExamplesItSuggestsNothingAboutExampleObjects() {
    String text = SandboxMain.welcome(welcome(false));
    assertThat(text).doesNotContain("orders-restored", "orders-now", "orders-nightly", "gold-tables", "describe ddb",
        "delete ddb");
    assertThat(text).contains("kubectl get dynamobackup", "none yet (--no-examples)",
        "kubectl apply -f examples/backup-minimal.yaml");
  }

  @Test
  void theAwsCliListsAwsBackupPointsOnlyWithBackupTypeAll() {
    assertThat(SandboxMain.welcome(welcome(true))).contains(
        "aws --endpoint-url http://127.0.0.1:4566 --region eu-west-1 dynamodb list-backups --backup-type ALL",
        "without --backup-type ALL the CLI lists only USER backups");
  }

  @Test
  void whatARegionOutageLeftUncheckedIsMarkedAsSuch() {
    String text = SandboxMain.welcome(welcome(false, List.of("prod-vault@eu-west-1", "orders@eu-west-1")));
    assertThat(text).contains("running on its own", "vaults prod-vault@eu-west-1 (not checked: its Region does not"
        + " answer), dr@us-west-2, eu-dr@eu-central-1; table orders@eu-west-1 (not checked: its Region does not answer)");
    assertThat(SandboxMain.welcome(welcome(true))).contains("vaults prod-vault@eu-west-1, dr@us-west-2,"
        + " eu-dr@eu-central-1; table orders@eu-west-1)").doesNotContain("not checked");
  }

  private static SandboxMain.Welcome welcome(boolean examples) {
    return welcome(examples, null);
  }

  /** With {@code unchecked} non-null: on a local-aws running on its own, started while some Regions did not answer. */
  private static SandboxMain.Welcome welcome(boolean examples, List<String> unchecked) {
    return new SandboxMain.Welcome(Duration.ofMillis(4200), "http://127.0.0.1:6443", Path.of("/tmp/sb/kubeconfig"),
        "http://127.0.0.1:4566", "http://127.0.0.1:8080", Path.of("/tmp/sb/sandbox.log"), 60, examples,
        Path.of("examples"), null, unchecked != null, unchecked == null ? List.of() : unchecked);
  }
}
