package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DynamoBackupPlans applied with kubectl to a sandbox without the examples (so that only these plans' backups run):
 * one schedules backups that complete, prunes them to keepLast and takes them along when deleted; one names a table
 * that does not exist and says so in {@code kubectl get -o wide}.
 */
class SandboxPlanE2E {
  @RegisterExtension
  static final KubectlSandbox sandbox = new KubectlSandbox(options -> options.withExamples(false));

  @Test
  void planSchedulesBackupsAndPrunesThem() {
    String plan = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackupPlan
        metadata: {name: e2e-plan}
        spec:
          table: {name: orders, region: eu-west-1}
          template: {backupVault: prod-vault, iamRoleArn: "arn:aws:iam::111122223333:role/dynamo-backup"}
          schedule: "*/10 * * * *"
          retention: {keepLast: 2}
        """;
    assertThat(sandbox.apply(plan)).contains("dynamobackupplan.dynamobackup.io/e2e-plan created");
    Set<String> seen = new ConcurrentSkipListSet<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      String names = sandbox.kubectl("get", "ddbbackup", "-l", "dynamobackup.io/plan in (e2e-plan)", "-o",
          "jsonpath={range .items[*]}{.metadata.name}={.status.phase}{\"\\n\"}{end}");
      names.lines().filter(l -> l.endsWith("=Completed")).forEach(seen::add);
      return seen.size() >= 3;
    });
    assertThat(sandbox.jsonpath("ddbplan/e2e-plan", ".status.nextScheduleTime")).isNotEmpty();
    // keepLast 2: older completed backups are pruned (one more may be in flight)
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> sandbox.kubectl("get",
        "ddbbackup", "-l", "dynamobackup.io/plan=e2e-plan", "-o", "name").lines().count() <= 3);
    assertThat(sandbox.kubectl("get", "ddbplan", "e2e-plan")).contains("e2e-plan", "*/10 * * * *");
    // deleting the plan garbage-collects its DynamoBackups (ownerReferences)
    sandbox.kubectl("delete", "ddbplan", "e2e-plan");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> sandbox.kubectl("get",
        "ddbbackup", "-l", "dynamobackup.io/plan=e2e-plan", "-o", "name").isBlank());
  }

  @Test
  void aPlanOfATableThatDoesNotExistNamesItAndSaysWhyItIsNotReady() {
    String plan = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackupPlan
        metadata: {name: e2e-ghost}
        spec:
          table: {name: ghost, region: eu-west-1}
          template: {backupVault: prod-vault, iamRoleArn: "arn:aws:iam::111122223333:role/dynamo-backup"}
          schedule: "@daily"
        """;
    assertThat(sandbox.apply(plan)).contains("dynamobackupplan.dynamobackup.io/e2e-ghost created");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.wideRow("ddbplan", "e2e-ghost").get("REASON"), "TableNotFound"::equals);
    assertThat(sandbox.wideRow("ddbplan", "e2e-ghost")).containsEntry("TABLE", "ghost").containsEntry("READY", "False");
    sandbox.kubectl("delete", "ddbplan", "e2e-ghost");
  }
}
