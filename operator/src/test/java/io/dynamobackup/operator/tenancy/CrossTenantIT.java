package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two teams in one AWS account, separated only by the tenancy policy (vaults, tables, roles): every way team-a could
 * reach team-c's recovery points — by ARN, through a DynamoBackup (backupRef) or a plan (planRef) whose status names
 * team-c's point, through a copy chosen for a cross-Region restore, through a plan's restore drill — is denied with
 * Ready=False, reason NotPermitted naming field, value and rule, and local-aws receives no data call for it. Where the
 * point really is comes from AWS (DescribeRecoveryPoint), not from what a status claims.
 */
class CrossTenantIT {
  static final String EU = "eu-west-1";
  static final String US = "us-west-2";
  static final String ACCOUNT = OperatorHarness.ACCOUNT;
  static final String TEAM_A_ROLE = "arn:aws:iam::111122223333:role/team-a-backup";
  static final String TEAM_C_ROLE = "arn:aws:iam::111122223333:role/team-c-backup";
  static final String POLICY = """
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault, team-a-dr]
          tables: ["team-a-*"]
        - namespaces: [team-c]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-c-*"]
          backupVaults: [team-c-vault]
          tables: ["team-c-*"]
      """;

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void teamACannotRestoreTeamCsRecoveryPointsByAnyRoute(@TempDir Path dir) throws Exception {
    String teamATable = harness.createTable(EU, "team-a-orders", 5);
    String teamCTable = harness.createTable(EU, "team-c-secrets", 7);
    String teamCWestTable = harness.createTable(US, "team-c-secrets-west", 3);
    harness.createVault(EU, "team-a-vault");
    harness.createVault(US, "team-a-dr");
    harness.createVault(US, "team-a-vault");
    harness.createVault(EU, "team-c-vault");
    harness.createVault(US, "team-c-vault");
    String teamCPoint = completedBackup(EU, teamCTable, "team-c-vault", TEAM_C_ROLE);
    String teamCWestPoint = completedBackup(US, teamCWestTable, "team-c-vault", TEAM_C_ROLE);
    String teamAPoint = completedBackup(EU, teamATable, "team-a-vault", TEAM_A_ROLE);
    String teamCNativeBackup = harness.dynamoDb(EU).createBackup(b -> b.tableName("team-c-secrets")
        .backupName("before-migration")).backupDetails().backupArn();

    // DynamoBackups in team-a whose status names team-c's points (as a status writer, or a stale status, could):
    // the spec is team-a's own, so only where the point really is can tell.
    forgedBackup("forged", teamCPoint, null);
    forgedBackup("forged-plan-child", teamCPoint, Map.of("dynamobackup.io/plan", "forged-plan"));
    CopyStatus copy = new CopyStatus();
    copy.destinationBackupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-dr";
    copy.destinationRecoveryPointArn = teamCWestPoint;
    copy.copyJobId = "forged-copy-job";
    copy.state = "COMPLETED";
    forgedBackup("forged-copy", teamAPoint, null, copy);

    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE",
        Files.writeString(dir.resolve("tenancy.yaml"), POLICY).toString()));
    harness.create("team-a", TenancyTests.backup("nightly", "team-a-orders", EU, "team-a-vault", TEAM_A_ROLE));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);
    harness.aws.clearCalls();

    DynamoRestore byArn = restore("by-arn", "team-a-stolen-by-arn", EU);
    byArn.getSpec().source.recoveryPointArn = teamCPoint;
    DynamoRestore byBackupRef = restore("by-backup-ref", "team-a-stolen-by-ref", EU);
    byBackupRef.getSpec().source.backupRef = new RestoreSource.ObjectRef("forged");
    DynamoRestore byPlanRef = restore("by-plan-ref", "team-a-stolen-by-plan", EU);
    byPlanRef.getSpec().source.planRef = new RestoreSource.PlanRef("forged-plan");
    DynamoRestore byCopy = restore("by-copy", "team-a-stolen-by-copy", US);
    byCopy.getSpec().source.backupRef = new RestoreSource.ObjectRef("forged-copy");
    DynamoRestore byNativeArn = restore("by-native-arn", "team-a-stolen-native", EU);
    byNativeArn.getSpec().source.recoveryPointArn = teamCNativeBackup;
    for (DynamoRestore denied : List.of(byArn, byBackupRef, byPlanRef, byCopy, byNativeArn)) {
      harness.create("team-a", denied);
    }

    String rule = " not allowed for namespace team-a (tenancy rule backupVaults: [team-a-vault, team-a-dr])";
    assertThat(notPermitted("by-arn")).isEqualTo("spec.source.recoveryPointArn: recovery point " + teamCPoint + rule
        + "; DescribeRecoveryPoint finds it in none of the vaults [team-a-vault, team-a-dr] in 111122223333/eu-west-1");
    assertThat(notPermitted("by-backup-ref")).isEqualTo("spec.source.backupRef: recovery point " + teamCPoint + rule
        + "; DescribeRecoveryPoint finds it in none of the vaults [team-a-vault, team-a-dr] in 111122223333/eu-west-1");
    assertThat(notPermitted("by-plan-ref")).isEqualTo("spec.source.planRef: recovery point " + teamCPoint + rule
        + "; DescribeRecoveryPoint finds it in none of the vaults [team-a-vault, team-a-dr] in 111122223333/eu-west-1");
    assertThat(notPermitted("by-copy")).isEqualTo("spec.source.backupRef: recovery point " + teamCWestPoint + rule
        + "; DescribeRecoveryPoint finds it in none of the vaults [team-a-dr, team-a-vault] in 111122223333/us-west-2");
    assertThat(notPermitted("by-native-arn")).isEqualTo("spec.source.recoveryPointArn: backup " + teamCNativeBackup
        + " of table team-c-secrets not allowed for namespace team-a (tenancy rule tables: [team-a-*])");
    for (String name : List.of("by-arn", "by-backup-ref", "by-plan-ref", "by-copy", "by-native-arn")) {
      assertThat(harness.get(DynamoRestore.class, "team-a", name).getStatus().phase).as(name)
          .isEqualTo(RestorePhase.Pending);
      assertThat(harness.events("team-a", name)).as("events of " + name).anySatisfy(e ->
          assertThat(List.of(e.getType(), e.getReason())).containsExactly("Warning", "NotPermitted"));
    }

    // What team-a may restore still works, by ARN and through its own copy into the other Region (checked where it
    // landed); once these are Ready, the denied restores have had every chance to reach AWS.
    DynamoRestore own = restore("own-point", "team-a-restored", EU);
    own.getSpec().source.recoveryPointArn = teamAPoint;
    harness.create("team-a", own);
    DynamoRestore ownInUs = restore("own-backup-in-us", "team-a-restored-in-us", US);
    ownInUs.getSpec().source.backupRef = new RestoreSource.ObjectRef("nightly");
    harness.create("team-a", ownInUs);
    awaitReady("team-a", "own-point");
    awaitReady("team-a", "own-backup-in-us");
    assertThat(harness.dynamoDb(EU).scan(b -> b.tableName("team-a-restored")).count()).isEqualTo(5);
    assertThat(harness.dynamoDb(US).scan(b -> b.tableName("team-a-restored-in-us")).count()).isEqualTo(5);

    assertThat(dataCalls()).as("data calls: only the two permitted restores").extracting(CallRecord::operation)
        .containsOnlyOnce("StartCopyJob")
        .doesNotContain("StartBackupJob", "RestoreTableFromBackup", "DeleteTable", "DeleteRecoveryPoint")
        .filteredOn("StartRestoreJob"::equals).hasSize(2);
    List<String> tables = harness.dynamoDb(EU).listTables().tableNames();
    assertThat(tables).noneMatch(t -> t.startsWith("team-a-stolen"));
    assertThat(harness.dynamoDb(US).listTables().tableNames()).noneMatch(t -> t.startsWith("team-a-stolen"));
    assertThat(harness.operator().registry().scrape()).contains("dynamobackup_tenancy_denials_total{"
        + "field=\"spec.source.backupRef\",kind=\"DynamoRestore\",namespace=\"team-a\"} 2.0");
  }

  @Test
  void teamACannotAdoptTeamCsPointNorLearnThatAnotherNamespaceHoldsIt(@TempDir Path dir) throws Exception {
    harness.createTable(EU, "team-a-orders", 5);
    harness.createTable(EU, "team-c-secrets", 7);
    harness.createVault(EU, "team-a-vault");
    harness.createVault(EU, "team-c-vault");
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE",
        Files.writeString(dir.resolve("tenancy.yaml"), POLICY).toString()));
    harness.create("team-c", TenancyTests.backup("nightly", "team-c-secrets", EU, "team-c-vault", TEAM_C_ROLE));
    String teamCPoint = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-c", "nightly").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed).recoveryPointArn;

    DynamoBackup adopt = TenancyTests.backup("adopt-c", "team-a-orders", EU, "team-a-vault", TEAM_A_ROLE);
    adopt.getSpec().recoveryPointArn = teamCPoint;
    harness.create("team-a", adopt);
    DynamoBackup otherAccount = TenancyTests.backup("adopt-elsewhere", "team-a-orders", EU, "team-a-vault",
        TEAM_A_ROLE);
    otherAccount.getSpec().recoveryPointArn = teamCPoint.replace(":111122223333:", ":444455556666:");
    harness.create("team-a", otherAccount);

    var failed = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "adopt-c").getStatus(),
        s -> s != null && s.phase == BackupPhase.Failed);
    assertThat(failed.failure.code).as("where AWS finds the point decides, before any holder is named")
        .isEqualTo("RecoveryPointNotFound");
    assertThat(failed.failure.message).doesNotContain("another namespace").doesNotContain("team-c");
    assertThat(TenancyTests.notPermitted(harness, DynamoBackup.class, "team-a", "adopt-elsewhere",
        b -> b.getStatus().conditions)).startsWith("spec.recoveryPointArn: 444455556666 not allowed for namespace team-a"
        + " (tenancy rule accounts: [111122223333])");
    assertThat(harness.get(DynamoBackup.class, "team-c", "nightly").getStatus().phase)
        .isEqualTo(BackupPhase.Completed);
  }

  @Test
  void aRestoreDrillOfAPointInAnotherTeamsVaultIsDenied(@TempDir Path dir) throws Exception {
    String teamCTable = harness.createTable(EU, "team-c-secrets", 7);
    harness.createTable(EU, "team-a-orders", 5);
    harness.createVault(EU, "team-a-vault");
    harness.createVault(EU, "team-c-vault");
    String teamCPoint = completedBackup(EU, teamCTable, "team-c-vault", TEAM_C_ROLE);

    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("orders").build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named("team-a-orders", EU);
    spec.template.backupVault = "team-a-vault";
    spec.template.iamRoleArn = TEAM_A_ROLE;
    spec.schedule = "0 0 1 1 *"; // next January: the plan itself starts no backup in this test
    spec.restoreDrill = new RestoreDrill();
    spec.restoreDrill.schedule = "*/30 * * * *";
    spec.restoreDrill.timeoutMinutes = 60;
    plan.setSpec(spec);
    plan = harness.create("team-a", plan);
    // The plan's newest completed child claims team-c's point.
    forgedBackup("orders-forged", teamCPoint, Map.of("dynamobackup.io/plan", "orders"), null, plan);

    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE",
        Files.writeString(dir.resolve("tenancy.yaml"), POLICY).toString()));
    harness.aws.clearCalls();

    DynamoRestore drill = harness.advanceUntil(() -> harness.client().resources(DynamoRestore.class)
        .inNamespace("team-a").withLabel("dynamobackup.io/drill").list().getItems().stream().findFirst().orElse(null),
        d -> d != null);
    assertThat(notPermitted(drill.getMetadata().getName())).isEqualTo("spec.source.backupRef: recovery point "
        + teamCPoint + " not allowed for namespace team-a (tenancy rule backupVaults: [team-a-vault, team-a-dr]);"
        + " DescribeRecoveryPoint finds it in none of the vaults [team-a-vault, team-a-dr] in 111122223333/eu-west-1");

    // The drill fails at its timeout, names why, and its scratch table never existed.
    var last = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "team-a", "orders").getStatus().lastDrill,
        d -> d != null && "Failed".equals(d.result));
    assertThat(last.message).startsWith("the drill's restore was not Ready within 60 minutes (phase Pending,"
        + " NotPermitted: spec.source.backupRef: recovery point " + teamCPoint);
    assertThat(Conditions.find(harness.get(DynamoBackupPlan.class, "team-a", "orders").getStatus().conditions,
        "DrillFailed").orElseThrow().getReason()).isEqualTo("DrillTimeout");
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", drill.getMetadata().getName()),
        r -> r == null);
    assertThat(dataCalls()).as("data calls for a denied drill").isEmpty();
    assertThat(harness.dynamoDb(EU).listTables().tableNames()).noneMatch(t -> t.contains("drill"));
  }

  List<CallRecord> dataCalls() {
    return TenancyTests.dataCalls(harness);
  }

  /** A completed AWS Backup recovery point of the table, made directly with the SDK. */
  String completedBackup(String region, String tableArn, String vault, String role) {
    var backup = harness.backup(region);
    String jobId = backup.startBackupJob(b -> b.resourceArn(tableArn).backupVaultName(vault).iamRoleArn(role))
        .backupJobId();
    return harness.advanceUntil(() -> backup.describeBackupJob(b -> b.backupJobId(jobId)),
        job -> job.stateAsString().equals("COMPLETED")).recoveryPointArn();
  }

  void forgedBackup(String name, String recoveryPointArn, Map<String, String> labels, CopyStatus... copies) {
    forgedBackup(name, recoveryPointArn, labels, copies.length == 0 ? null : copies[0], null);
  }

  /** A team-a DynamoBackup with an allowed spec and a completed status naming {@code recoveryPointArn}. */
  void forgedBackup(String name, String recoveryPointArn, Map<String, String> labels, CopyStatus copy,
      DynamoBackupPlan owner) {
    DynamoBackup backup = new DynamoBackup();
    var meta = new ObjectMetaBuilder().withName(name).withLabels(labels);
    if (owner != null) {
      meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
          .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
          .withController(true).build());
    }
    backup.setMetadata(meta.build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named("team-a-orders", EU);
    spec.backupVault = "team-a-vault";
    spec.iamRoleArn = TEAM_A_ROLE;
    if (copy != null) {
      CopyTarget target = new CopyTarget();
      target.backupVaultArn = copy.destinationBackupVaultArn;
      spec.copies = List.of(target);
    }
    backup.setSpec(spec);
    harness.create("team-a", backup);
    String now = Instant.parse("2026-11-20T09:00:00Z").toString();
    harness.client().resources(DynamoBackup.class).inNamespace("team-a").withName(name).editStatus(b -> {
      var status = new io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus();
      status.phase = BackupPhase.Completed;
      status.backupJobId = "forged-job-" + name;
      status.tableName = "team-a-orders";
      status.recoveryPointArn = recoveryPointArn;
      status.creationTime = now;
      status.completionTime = now;
      status.copies = copy == null ? null : List.of(copy);
      b.setStatus(status);
      return b;
    });
  }

  static DynamoRestore restore(String name, String table, String region) {
    return TenancyTests.restore(name, table, region, TEAM_A_ROLE);
  }

  void awaitReady(String namespace, String name) {
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, namespace, name).getStatus(),
        s -> s != null && s.phase == RestorePhase.Ready);
  }

  String notPermitted(String name) {
    return TenancyTests.notPermitted(harness, DynamoRestore.class, "team-a", name, r -> r.getStatus().conditions);
  }
}
