package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox's API server as kubectl meets it: CRD descriptions in {@code kubectl explain}, specs the schema and CEL
 * rules refuse (client-side and server-side apply), and built-in objects created as a user creates them. No example
 * is applied: nothing here waits for the operator.
 */
class SandboxApiE2E {
  @RegisterExtension
  static final KubectlSandbox sandbox = new KubectlSandbox(options -> options.withExamples(false));

  @Test
  void explainShowsCrdDescriptions() {
    assertThat(sandbox.kubectl("explain", "ddbrestore.spec.target")).contains("tableName", "billingMode");
    assertThat(sandbox.kubectl("explain", "ddbplan.spec.retention")).contains("keepLast");
  }

  @Test
  void applyInvalidAndUnknownFieldsAreRejected() {
    String bad = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: e2e-bad}
        spec:
          table: {name: orders, region: eu-west-1}
          backupVault: "not a vault"
          iamRoleArn: arn:aws:iam::111122223333:role/dynamo-backup
        """;
    KubectlSandbox.Result invalid = sandbox.run(bad, "apply", "-f", "-");
    assertThat(invalid.code()).isNotZero();
    assertThat(invalid.output()).contains("is invalid", "spec.backupVault");
    KubectlSandbox.Result unknown = sandbox.run(bad.replace("\"not a vault\"", "prod-vault") + "  retentionDays: 3\n",
        "apply", "-f", "-");
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.output()).contains("unknown field \"spec.retentionDays\"");
  }

  @Test
  void celRulesAndImmutableFieldsAreEnforcedByTheApiServer() {
    String backup = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: e2e-cel}
        spec:
          table: {name: orders, region: eu-west-1}
          backupVault: prod-vault
          iamRoleArn: arn:aws:iam::111122223333:role/dynamo-backup
          deletionPolicy: Delete
        """;
    KubectlSandbox.Result both = sandbox.run(backup.replace("{name: orders, region: eu-west-1}",
        "{name: orders, arn: \"arn:aws:dynamodb:eu-west-1:111122223333:table/orders\"}"), "apply", "-f", "-");
    assertThat(both.code()).isNotZero();
    assertThat(both.output()).contains("The DynamoBackup \"e2e-cel\" is invalid", "spec.table",
        "set exactly one of name or arn");
    assertThat(sandbox.apply(backup)).contains("dynamobackup.dynamobackup.io/e2e-cel created");
    String payments = backup.replace("name: orders,", "name: payments,");
    KubectlSandbox.Result moved = sandbox.run(payments, "apply", "-f", "-");
    assertThat(moved.code()).isNotZero();
    assertThat(moved.output()).contains("spec.table: Invalid value: \"object\": table is immutable");
    // server-side apply: the field belongs to the client-side apply above, and even forced the rule holds
    KubectlSandbox.Result ssa = sandbox.run(payments, "apply", "--server-side", "-f", "-");
    assertThat(ssa.code()).isNotZero();
    assertThat(ssa.output()).contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\":"
        + " .spec.table.name");
    KubectlSandbox.Result forced = sandbox.run(payments, "apply", "--server-side", "--force-conflicts", "-f", "-");
    assertThat(forced.code()).isNotZero();
    assertThat(forced.output()).contains("table is immutable");
    sandbox.kubectl("delete", "ddbbackup", "e2e-cel", "--wait=false");
  }

  @Test
  void builtInObjectsAsAUserCreatesThem() {
    // kubectl sends these creates as protobuf
    assertThat(sandbox.kubectl("create", "namespace", "team-a")).contains("namespace/team-a created");
    assertThat(sandbox.kubectl("create", "configmap", "settings", "-n", "team-a", "--from-literal=tier=gold"))
        .contains("configmap/settings created");
    assertThat(sandbox.kubectl("create", "secret", "generic", "token", "-n", "team-a", "--from-literal=key=s3cret"))
        .contains("secret/token created");
    assertThat(sandbox.kubectl("create", "serviceaccount", "runner", "-n", "team-a"))
        .contains("serviceaccount/runner created");
    assertThat(sandbox.kubectl("label", "configmap", "settings", "-n", "team-a", "owner=payments"))
        .contains("configmap/settings labeled");
    assertThat(sandbox.kubectl("annotate", "configmap", "settings", "-n", "team-a", "note=managed by hand"))
        .contains("configmap/settings annotated");
    assertThat(sandbox.kubectl("get", "configmap", "settings", "-n", "team-a", "-o",
        "jsonpath={.data.tier} {.metadata.labels.owner} {.metadata.annotations.note}"))
        .isEqualTo("gold payments managed by hand");
    assertThat(sandbox.kubectl("get", "secret", "token", "-n", "team-a", "-o", "jsonpath={.data.key}"))
        .isEqualTo("czNjcmV0");
    assertThat(sandbox.kubectl("get", "ns", "team-a")).contains("team-a");
  }
}
