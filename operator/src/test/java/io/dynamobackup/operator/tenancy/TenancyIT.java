package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-tenant mode: with a tenancy policy for team-a and team-b, what team-a may not do is refused field by field
 * with reason NotPermitted, a Warning event and a metric, and without a single AWS call; what it may do works.
 */
class TenancyIT {
  private static final String REGION = "eu-west-1";
  private static final String TEAM_A_ROLE = "arn:aws:iam::111122223333:role/team-a-backup";
  private static final String TEAM_B_ROLE = "arn:aws:iam::444455556666:role/team-b-backup";
  private static final String TEAM_B_POINT = "arn:aws:backup:eu-west-1:444455556666:recovery-point:team-b-point-1";
  private static final String TEAM_A_POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:team-a-point-1";
  static final String POLICY = """
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault]
          tables: ["team-a-*"]
          readRecoveryPointsOf: [team-a-staging]
        - namespaces: [team-a-staging]
          accounts: ["111122223333"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault]
          tables: ["team-a-*"]
        - namespaces: [team-b]
          accounts: ["444455556666"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::444455556666:role/team-b-*"]
          backupVaults: [team-b-vault]
          tables: ["team-b-*"]
      """;
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void teamACannotUseWhatItsTenancyRuleDoesNotListAndNothingReachesAws(@TempDir Path dir) throws Exception {
    harness.createTable(REGION, "team-a-orders", 5);
    harness.createVault(REGION, "team-a-vault");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), POLICY);
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString()));
    harness.aws.clearCalls();

    DynamoRestore teamBPoint = restore("restore-team-b-point", "team-a-restored", REGION);
    teamBPoint.getSpec().source.recoveryPointArn = TEAM_B_POINT;
    // Without a role: team-a's role and team-b's point are of different accounts, which is an invalid spec first.
    teamBPoint.getSpec().iamRoleArn = null;
    DynamoRestore teamBBackup = restore("restore-team-b-backup", "team-a-restored", REGION);
    teamBBackup.getSpec().source.backupRef = new RestoreSource.ObjectRef("orders-nightly");
    teamBBackup.getSpec().source.backupRef.namespace = "team-b";
    DynamoRestore otherRegion = restore("restore-other-region", "team-a-restored", "us-east-1");
    otherRegion.getSpec().source.recoveryPointArn = TEAM_A_POINT;
    harness.create("team-a", teamBPoint);
    harness.create("team-a", teamBBackup);
    harness.create("team-a", otherRegion);
    harness.create("team-a", backup("backup-team-b-role", "team-a-vault", TEAM_B_ROLE));
    harness.create("team-a", backup("backup-other-vault", "shared-vault", TEAM_A_ROLE));
    harness.create("team-c", backup("backup-no-tenant", "team-a-vault", TEAM_A_ROLE));

    assertThat(notPermitted(DynamoRestore.class, "team-a", "restore-team-b-point", r -> r.getStatus().conditions))
        .isEqualTo("spec.source.recoveryPointArn: 444455556666 not allowed for namespace team-a (tenancy rule"
            + " accounts: [111122223333])");
    assertThat(notPermitted(DynamoRestore.class, "team-a", "restore-team-b-backup", r -> r.getStatus().conditions))
        .isEqualTo("spec.source.backupRef.namespace: team-b not allowed for namespace team-a (tenancy rule"
            + " readRecoveryPointsOf: [team-a-staging])");
    assertThat(notPermitted(DynamoRestore.class, "team-a", "restore-other-region", r -> r.getStatus().conditions))
        .isEqualTo("spec.target.region: us-east-1 not allowed for namespace team-a (tenancy rule regions:"
            + " [eu-west-1, us-west-2])");
    assertThat(notPermitted(DynamoBackup.class, "team-a", "backup-team-b-role", b -> b.getStatus().conditions))
        .isEqualTo("spec.iamRoleArn: " + TEAM_B_ROLE + " not allowed for namespace team-a (tenancy rule iamRoles:"
            + " [arn:aws:iam::111122223333:role/team-a-*])");
    assertThat(notPermitted(DynamoBackup.class, "team-a", "backup-other-vault", b -> b.getStatus().conditions))
        .isEqualTo("spec.backupVault: shared-vault not allowed for namespace team-a (tenancy rule backupVaults:"
            + " [team-a-vault])");
    assertThat(notPermitted(DynamoBackup.class, "team-c", "backup-no-tenant", b -> b.getStatus().conditions))
        .startsWith("metadata.namespace: namespace team-c matches no tenant of the tenancy policy");

    // Observed, not slept on: after time passes, an edit (deletionPolicy, the one mutable field) makes the operator
    // reconcile a denied object again (observedGeneration 2); it is still denied and no AWS call was made for any.
    harness.clock.advance(Duration.ofMinutes(30));
    harness.client().resources(DynamoBackup.class).inNamespace("team-a").withName("backup-other-vault")
        .edit(b -> {
          b.getSpec().deletionPolicy = io.dynamobackup.operator.api.v1alpha1.DeletionPolicy.Delete;
          return b;
        });
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "backup-other-vault").getStatus()
        .observedGeneration, generation -> generation != null && generation == 2L);
    assertThat(Conditions.find(harness.get(DynamoBackup.class, "team-a", "backup-other-vault").getStatus().conditions,
        Conditions.READY).orElseThrow().getReason()).isEqualTo("NotPermitted");
    assertThat(harness.aws.calls()).as("AWS calls made for denied objects").isEmpty();
    for (String name : List.of("restore-team-b-point", "restore-team-b-backup", "restore-other-region",
        "backup-team-b-role", "backup-other-vault")) {
      assertThat(harness.events("team-a", name)).as("events of " + name)
          .anySatisfy(e -> assertThat(List.of(e.getType(), e.getReason())).containsExactly("Warning", "NotPermitted"));
    }
    DynamoBackup denied = harness.get(DynamoBackup.class, "team-a", "backup-other-vault");
    assertThat(denied.getStatus().backupJobId).isNull();
    // kubectl get ddbbackup: TABLE and PHASE say what was asked and that nothing ran (REASON NotPermitted).
    assertThat(denied.getStatus().tableName).isEqualTo("team-a-orders");
    assertThat(denied.getStatus().phase).isEqualTo(BackupPhase.Pending);
    String metrics = harness.operator().registry().scrape();
    assertThat(metrics)
        .contains("dynamobackup_tenancy_denials_total{field=\"spec.iamRoleArn\",kind=\"DynamoBackup\",namespace=\"team-a\"} 1.0")
        .contains("dynamobackup_tenancy_denials_total{field=\"spec.target.region\",kind=\"DynamoRestore\",namespace=\"team-a\"}")
        .contains("field=\"metadata.namespace\",kind=\"DynamoBackup\",namespace=\"team-c\"");

    // What team-a may use works end to end. By the time it completed, over many reconciles and half an hour of AWS
    // time, a retry loop of a denied object would have called AWS: the call log holds the allowed backup's calls only.
    harness.create("team-a", backup("backup-allowed", "team-a-vault", TEAM_A_ROLE));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "backup-allowed").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);
    assertThat(harness.aws.calls()).isNotEmpty().allSatisfy(call -> {
      assertThat(call.accountId()).isEqualTo("111122223333");
      assertThat(call.region()).isEqualTo(REGION);
    });
    assertThat(harness.aws.calls()).extracting(CallRecord::operation).containsOnlyOnce("StartBackupJob")
        .doesNotContain("DescribeRecoveryPoint", "StartRestoreJob", "RestoreTableFromBackup", "StartCopyJob");
  }

  @Test
  void aNamespaceRestoresFromAnotherOnlyWhenThePolicyLetsItReadItsRecoveryPoints(@TempDir Path dir) throws Exception {
    harness.createTable(REGION, "team-a-orders", 5);
    harness.createVault(REGION, "team-a-vault");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), POLICY);
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString()));
    harness.create("team-a-staging", backup("staging-nightly", "team-a-vault", TEAM_A_ROLE));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a-staging", "staging-nightly").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);

    DynamoRestore fromStaging = restore("from-staging", "team-a-from-staging", REGION);
    fromStaging.getSpec().source.backupRef = new RestoreSource.ObjectRef("staging-nightly");
    fromStaging.getSpec().source.backupRef.namespace = "team-a-staging";
    harness.create("team-a", fromStaging);
    DynamoRestore otherWay = restore("from-team-a", "team-a-other-way", REGION);
    otherWay.getSpec().source.backupRef = new RestoreSource.ObjectRef("staging-nightly");
    otherWay.getSpec().source.backupRef.namespace = "team-a";
    harness.create("team-a-staging", otherWay);

    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", "from-staging").getStatus(),
        s -> s != null && s.phase == io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase.Ready);
    assertThat(harness.dynamoDb(REGION).scan(b -> b.tableName("team-a-from-staging")).count()).isEqualTo(5);
    assertThat(notPermitted(DynamoRestore.class, "team-a-staging", "from-team-a", r -> r.getStatus().conditions))
        .isEqualTo("spec.source.backupRef.namespace: team-a not allowed for namespace team-a-staging (tenancy rule"
            + " readRecoveryPointsOf: [])");
  }

  @Test
  void aTagSelectorLeavesOutAnotherTeamsTablesWithoutNamingThemAndSaysSoOnce(@TempDir Path dir) throws Exception {
    String mine = harness.createTable(REGION, "team-a-orders", 2);
    String theirs = harness.createTable(REGION, "team-b-items", 2);
    var dynamoDb = harness.dynamoDb(REGION);
    dynamoDb.tagResource(b -> b.resourceArn(mine).tags(t -> t.key("backup").value("gold")));
    dynamoDb.tagResource(b -> b.resourceArn(theirs).tags(t -> t.key("backup").value("gold")));
    harness.createVault(REGION, "team-a-vault");
    String policy = """
        tenants:
          - namespaces: [team-a]
            accounts: ["111122223333"]
            regions: [eu-west-1]
            iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
            backupVaults: [team-a-vault]
            tables: ["team-a-*"]
        """;
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE",
        Files.writeString(dir.resolve("tenancy.yaml"), policy).toString()));
    var plan = new io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan();
    plan.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("gold").build());
    var spec = new io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec();
    spec.tableSelector = new io.dynamobackup.operator.api.v1alpha1.plan.TableSelector();
    spec.tableSelector.region = REGION;
    spec.tableSelector.matchTags = Map.of("backup", "gold");
    spec.template.backupVault = "team-a-vault";
    spec.template.iamRoleArn = TEAM_A_ROLE;
    spec.template.captureTableSettings = false;
    spec.schedule = "*/10 * * * *";
    plan.setSpec(spec);
    harness.create("team-a", plan);

    // Two slots: many reconciles, each seeing the same table left out.
    harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class).inNamespace("team-a").list().getItems()
        .stream().filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed).count(),
        completed -> completed >= 2);
    var events = harness.events("team-a", "gold").stream().filter(e -> "NotPermitted".equals(e.getReason())).toList();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getCount()).isIn(null, 1);
      assertThat(e.getMessage()).isEqualTo("left out 1 selected table(s) outside the tenancy policy of namespace team-a"
          + " (tenancy rule tables: [team-a-*]); they are not named, as they may be another team's");
    });
    var status = harness.get(io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan.class, "team-a", "gold")
        .getStatus();
    assertThat(status.selectedTables).containsExactly("eu-west-1/team-a-orders");
    assertThat(harness.client().resources(DynamoBackup.class).inNamespace("team-a").list().getItems())
        .allSatisfy(b -> assertThat(b.getSpec().table.name).isEqualTo("team-a-orders"));
    assertThat(harness.client().v1().events().inNamespace("team-a").list().getItems()).noneSatisfy(e -> assertThat(e.getMessage()).contains("team-b-items"));
  }

  @Test
  void aTagSelectorWhoseTablesThePolicyLeavesOutSaysSoInsteadOfFindingNone(@TempDir Path dir) throws Exception {
    var dynamoDb = harness.dynamoDb(REGION);
    for (String name : List.of("team-a-orders", "team-a-items", "team-a-users")) {
      String arn = harness.createTable(REGION, name, 1);
      dynamoDb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("backup").value("gold")));
    }
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE",
        Files.writeString(dir.resolve("tenancy.yaml"), POLICY).toString()));
    var plan = new io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan();
    plan.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("gold").build());
    var spec = new io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec();
    spec.tableSelector = new io.dynamobackup.operator.api.v1alpha1.plan.TableSelector();
    spec.tableSelector.region = REGION;
    spec.tableSelector.matchTags = Map.of("backup", "gold");
    spec.template.backupVault = "team-b-vault";
    spec.template.iamRoleArn = TEAM_B_ROLE;
    spec.schedule = "@daily";
    plan.setSpec(spec);
    harness.create("team-b", plan);

    Condition ready = harness.advanceUntil(() -> {
      var current = harness.get(io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan.class, "team-b", "gold");
      return current == null || current.getStatus() == null ? null
          : Conditions.find(current.getStatus().conditions, Conditions.READY).orElse(null);
    }, c -> c != null && "NoTablesSelected".equals(c.getReason()));
    String message = "spec.tableSelector: 3 tables carry the tags {backup=gold} in Region eu-west-1 but the tenancy"
        + " policy for namespace team-b allows none of them (tenancy rule tables: [team-b-*])";
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo(message);
    assertThat(harness.events("team-b", "gold")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("NoTablesSelected");
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  private <T extends HasMetadata> String notPermitted(Class<T> type, String namespace, String name,
      Function<T, List<Condition>> conditions) {
    return TenancyTests.notPermitted(harness, type, namespace, name, conditions);
  }

  private static DynamoBackup backup(String name, String vault, String role) {
    return TenancyTests.backup(name, "team-a-orders", REGION, vault, role);
  }

  private static DynamoRestore restore(String name, String table, String region) {
    return TenancyTests.restore(name, table, region, TEAM_A_ROLE);
  }
}
