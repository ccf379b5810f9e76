package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-namespace credentials: a tenant with {@code assumeRole} is served with that role's temporary credentials
 * (sts:AssumeRole with its ExternalId, assumed once and cached), so its AWS calls land in the role's account; a wrong
 * ExternalId is AccessDenied on the object, retried with back-off.
 */
class AssumeRoleIT {
  private static final String REGION = "eu-west-1";
  private static final String TENANT_ACCOUNT = "444455556666";
  private static final String TEAM_A_OPERATOR = "arn:aws:iam::444455556666:role/team-a-operator";
  private static final String TEAM_B_OPERATOR = "arn:aws:iam::444455556666:role/team-b-operator";
  private static final String POLICY = """
      tenants:
        - namespaces: [team-a]
          accounts: ["444455556666"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::444455556666:role/team-a-*"]
          backupVaults: [team-a-vault]
          tables: ["team-a-*"]
          assumeRole:
            roleArn: arn:aws:iam::444455556666:role/team-a-operator
            externalId: team-a-7f3c
        - namespaces: [team-b]
          accounts: ["444455556666"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::444455556666:role/team-b-*"]
          backupVaults: [team-b-vault]
          tables: ["team-b-*"]
          assumeRole: {roleArn: "arn:aws:iam::444455556666:role/team-b-operator", externalId: not-the-right-one}
      """;
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private void start(Path dir, Map<String, String> environment) throws Exception {
    // The roles' trust policies: only the operator, and only with the tenant's ExternalId.
    harness.aws.faults().requireExternalId(TEAM_A_OPERATOR, "team-a-7f3c");
    harness.aws.faults().requireExternalId(TEAM_B_OPERATOR, "team-b-0a9d");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), POLICY);
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString());
    harness.startOperator(all);
  }

  @Test
  void aTenantsBackupRunsInItsOwnAccountWithTheAssumedRole(@TempDir Path dir) throws Exception {
    harness.createTable(TENANT_ACCOUNT, REGION, "team-a-orders", 5);
    harness.createVault(TENANT_ACCOUNT, REGION, "team-a-vault");
    start(dir, Map.of());
    harness.aws.clearCalls();

    harness.create("team-a", backup("nightly", "team-a-orders", "team-a-vault",
        "arn:aws:iam::444455556666:role/team-a-backup"));
    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly"),
        b -> b != null && b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    assertThat(done.getStatus().recoveryPointArn).contains(":" + TENANT_ACCOUNT + ":");
    harness.create("team-a", backup("second", "team-a-orders", "team-a-vault",
        "arn:aws:iam::444455556666:role/team-a-backup"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "second"),
        b -> b != null && b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);

    List<CallRecord> calls = harness.aws.calls();
    // One AssumeRole, made with the operator's own identity, for every reconcile of both objects.
    assertThat(calls).filteredOn(c -> c.service().equals("sts"))
        .extracting(CallRecord::operation, CallRecord::accountId, CallRecord::httpStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("AssumeRole", OperatorHarness.ACCOUNT, 200));
    List<CallRecord> tenantCalls = calls.stream().filter(c -> !c.service().equals("sts")).toList();
    assertThat(tenantCalls).extracting(CallRecord::service).contains("backup", "dynamodb");
    assertThat(tenantCalls).extracting(CallRecord::operation).contains("DescribeTable", "StartBackupJob",
        "DescribeBackupJob");
    assertThat(tenantCalls).allSatisfy(c -> assertThat(c.accountId()).as(c.toString()).isEqualTo(TENANT_ACCOUNT));
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_aws_calls_total{operation=\"AssumeRole\",outcome=\"success\",service=\"Sts\"} 1.0");
  }

  @Test
  void aWrongExternalIdIsAccessDeniedAndRetriedWithBackOff(@TempDir Path dir) throws Exception {
    harness.createTable(TENANT_ACCOUNT, REGION, "team-b-orders", 5);
    harness.createVault(TENANT_ACCOUNT, REGION, "team-b-vault");
    // AccessDenied is looked at again only after errorRetry.maxInterval: an hour here, so every attempt this test
    // sees comes from a reconcile it caused
    start(dir, Map.of("DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", "PT1H"));
    harness.aws.clearCalls();

    harness.create("team-b", backup("nightly", "team-b-orders", "team-b-vault",
        "arn:aws:iam::444455556666:role/team-b-backup"));
    Condition ready = harness.advanceUntil(() -> {
      DynamoBackup b = harness.get(DynamoBackup.class, "team-b", "nightly");
      return b == null || b.getStatus() == null || b.getStatus().conditions == null ? null
          : Conditions.find(b.getStatus().conditions, Conditions.READY).orElse(null);
    }, c -> c != null && "AccessDenied".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("sts:AssumeRole", TEAM_B_OPERATOR);

    // An edit makes the operator reconcile once more (observed: observedGeneration 2): each reconcile costs one
    // refused AssumeRole and nothing else - no hot loop, no call with the operator's own identity.
    harness.client().resources(DynamoBackup.class).inNamespace("team-b").withName("nightly").edit(b -> {
      b.getSpec().deletionPolicy = io.dynamobackup.operator.api.v1alpha1.DeletionPolicy.Delete;
      return b;
    });
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-b", "nightly").getStatus().observedGeneration,
        generation -> generation != null && generation == 2L);
    // (an edit right after the first attempt may wait its turn in the StartBackupJob queue first)
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.aws.calls().size() >= 2);
    List<CallRecord> calls = harness.aws.calls();
    assertThat(calls).extracting(CallRecord::operation).containsExactly("AssumeRole", "AssumeRole");
    assertThat(calls).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(403));
    DynamoBackup backup = harness.get(DynamoBackup.class, "team-b", "nightly");
    assertThat(backup.getStatus().backupJobId).isNull();
  }

  private static DynamoBackup backup(String name, String table, String vault, String role) {
    return TenancyTests.backup(name, table, REGION, vault, role);
  }
}
