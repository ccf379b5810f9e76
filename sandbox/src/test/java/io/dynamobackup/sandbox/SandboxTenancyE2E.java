package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's two-team example, as a user runs it: the sandbox with {@code --tenancy-policy
 * sandbox/tenancy-two-teams.yaml}, driven with the real kubectl. Team A (namespace default) runs the examples; team B
 * (namespace team-b, same AWS account) is refused team A's recovery points by ARN and by reference, and team A's table;
 * its tag selector finds team A's tables and is told they are left out.
 */
class SandboxTenancyE2E {
  static final Path POLICY = KubectlSandbox.projectRoot().resolve("sandbox/tenancy-two-teams.yaml");
  @RegisterExtension
  static final KubectlSandbox sandbox = new KubectlSandbox(options -> options.withTenancyPolicy(POLICY));

  @Test
  void teamBIsRefusedTeamAsRecoveryPointsAndTableWhileTeamAsExamplesRun() {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> kubectl("get", "ddbbackup", "orders-now", "-o", "jsonpath={.status.phase}"),
            "Completed"::equals);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> kubectl("get", "ddbrestore", "orders-restored", "-o", "jsonpath={.status.phase}"),
            "Ready"::equals);
    String point = kubectl("get", "ddbbackup", "orders-now", "-o", "jsonpath={.status.recoveryPointArn}");

    sandbox.apply("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoRestore
        metadata: {name: by-arn, namespace: team-b}
        spec:
          source: {recoveryPointArn: %s}
          target: {tableName: team-b-orders, region: eu-west-1}
          iamRoleArn: arn:aws:iam::111122223333:role/team-b-restore
        ---
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoRestore
        metadata: {name: by-ref, namespace: team-b}
        spec:
          source: {backupRef: {name: orders-now, namespace: default}}
          target: {tableName: team-b-orders-2, region: eu-west-1}
          iamRoleArn: arn:aws:iam::111122223333:role/team-b-restore
        ---
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: team-a-table, namespace: team-b}
        spec:
          table: {name: orders, region: eu-west-1}
          backupVault: team-b-vault
          iamRoleArn: arn:aws:iam::111122223333:role/team-b-backup
        ---
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackupPlan
        metadata: {name: gold, namespace: team-b}
        spec:
          tableSelector: {region: eu-west-1, matchTags: {backup: gold}}
          schedule: "0 * * * *"
          template:
            backupVault: team-b-vault
            iamRoleArn: arn:aws:iam::111122223333:role/team-b-backup
        """.formatted(point));

    assertThat(ready("ddbrestore", "by-arn")).isEqualTo("NotPermitted: spec.source.recoveryPointArn: recovery point "
        + point + " not allowed for namespace team-b (tenancy rule backupVaults: [team-b-vault]); DescribeRecoveryPoint"
        + " finds it in none of the vaults [team-b-vault] in 111122223333/eu-west-1");
    assertThat(ready("ddbrestore", "by-ref")).isEqualTo("NotPermitted: spec.source.backupRef.namespace: default not"
        + " allowed for namespace team-b (tenancy rule readRecoveryPointsOf: [])");
    assertThat(ready("ddbbackup", "team-a-table")).isEqualTo("NotPermitted: spec.table.name: orders not allowed for"
        + " namespace team-b (tenancy rule tables: [team-b-*])");
    // Team A's tables carrying backup=gold (orders and its restores) are left out, and the plan says so, not that
    // no table carries the tags.
    assertThat(ready("ddbplan", "gold", "NoTablesSelected")).matches("NoTablesSelected: spec.tableSelector: [0-9]+"
        + " tables carry the tags \\{backup=gold\\} in Region eu-west-1 but the tenancy policy for namespace team-b"
        + " allows none of them \\(tenancy rule tables: \\[team-b-\\*\\]\\)");
    assertThat(kubectl("get", "events", "-n", "team-b", "--field-selector", "reason=NotPermitted", "-o",
        "jsonpath={.items[*].involvedObject.name}")).contains("by-arn", "by-ref", "team-a-table", "gold");
    try (var dynamoDb = DemoAws.dynamoDb(sandbox.awsEndpoint(), "eu-west-1")) {
      assertThat(dynamoDb.listTables().tableNames()).noneMatch(t -> t.startsWith("team-b"));
    }
    // Team A's own objects are all allowed.
    assertThat(kubectl("get", "dynamobackup", "-n", "default", "-o",
        "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].reason}")).doesNotContain("NotPermitted");
  }

  /** "reason: message" of the Ready condition once its reason is NotPermitted (or after 60 s, whatever it is). */
  private static String ready(String kind, String name) {
    return ready(kind, name, "NotPermitted");
  }

  /** "reason: message" of the Ready condition once its reason is {@code reason} (or after 60 s, whatever it is). */
  private static String ready(String kind, String name, String reason) {
    String path = "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}: "
        + "{.status.conditions[?(@.type==\"Ready\")].message}";
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl("get", kind, name, "-n", "team-b", "-o", path), r -> r.startsWith(reason));
    return kubectl("get", kind, name, "-n", "team-b", "-o", path);
  }

  /** What kubectl printed, trimmed; it must succeed. */
  private static String kubectl(String... args) {
    return sandbox.kubectl(args).trim();
  }
}
