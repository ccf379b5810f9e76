package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finalizer that deletes data (deletionPolicy Delete) passes the tenancy policy as it is when the object is deleted,
 * not as it was when the data was made: when the policy no longer allows the vault, the table, the account or the
 * Region, the recovery points and the table are kept, the finalizer is removed, and a Warning event says so — and
 * local-aws receives no delete call.
 */
class TenancyDeletionIT {
  static final String EU = CrossTenantIT.EU;
  static final String US = CrossTenantIT.US;
  static final String BEFORE = """
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault, "arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-dr"]
          tables: ["team-a-*"]
        - namespaces: [team-b]
          accounts: ["111122223333"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::111122223333:role/team-b-*"]
          backupVaults: [team-b-vault]
          tables: ["team-b-*"]
      """;
  /** team-a moved to a new vault and may touch only its source table; team-b is gone from the policy. */
  static final String AFTER = """
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault-2]
          tables: ["team-a-orders"]
      """;
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void deletingWhatThePolicyNoLongerAllowsKeepsTheDataAndSaysSo(@TempDir Path dir) throws Exception {
    harness.createTable(EU, "team-a-orders", 5);
    harness.createTable(EU, "team-b-orders", 4);
    harness.createVault(EU, "team-a-vault");
    harness.createVault(US, "team-a-dr");
    harness.createVault(EU, "team-b-vault");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), BEFORE);
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString()));

    DynamoBackup teamA = backup("nightly", "team-a-orders", "team-a-vault", "arn:aws:iam::111122223333:role/team-a-b");
    CopyTarget copy = new CopyTarget();
    copy.backupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-dr";
    teamA.getSpec().copies = List.of(copy);
    harness.create("team-a", teamA);
    harness.create("team-b", backup("nightly", "team-b-orders", "team-b-vault",
        "arn:aws:iam::111122223333:role/team-b-b"));
    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    DynamoBackup teamBDone = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-b", "nightly"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    String copyArn = done.getStatus().copies.get(0).destinationRecoveryPointArn;
    DynamoRestore restore = TenancyTests.restore("scratch", "team-a-scratch", EU, "arn:aws:iam::111122223333:role/team-a-r");
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("nightly");
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create("team-a", restore);
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", "scratch").getStatus(),
        s -> s != null && s.phase == RestorePhase.Ready);

    // The platform team changes the policy; the operator restarts with it.
    Files.writeString(policy, AFTER);
    harness.aws.clearCalls();
    harness.restartOperator();
    assertThat(notPermitted(DynamoBackup.class, "team-a", "nightly")).startsWith("spec.backupVault: team-a-vault not"
        + " allowed for namespace team-a (tenancy rule backupVaults: [team-a-vault-2])");
    assertThat(notPermitted(DynamoBackup.class, "team-b", "nightly")).startsWith("metadata.namespace: namespace team-b"
        + " matches no tenant");
    assertThat(notPermitted(DynamoRestore.class, "team-a", "scratch")).startsWith("spec.target.tableName:"
        + " team-a-scratch not allowed for namespace team-a (tenancy rule tables: [team-a-orders])");
    harness.client().resources(DynamoBackup.class).inNamespace("team-a").withName("nightly").delete();
    harness.client().resources(DynamoBackup.class).inNamespace("team-b").withName("nightly").delete();
    harness.client().resources(DynamoRestore.class).inNamespace("team-a").withName("scratch").delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly"), b -> b == null);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-b", "nightly"), b -> b == null);
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", "scratch"), r -> r == null);

    assertThat(harness.aws.calls()).as("AWS calls for deletions the policy no longer allows")
        .extracting(CallRecord::operation).isEmpty();
    assertThat(warning("team-a", "nightly")).isEqualTo("deletionPolicy is Delete, but the tenancy policy does not allow"
        + " deleting recovery point " + done.getStatus().recoveryPointArn + " and 1 copy now; they are kept in AWS:"
        + " spec.backupVault: team-a-vault not allowed for namespace team-a (tenancy rule backupVaults: [team-a-vault-2]);"
        + " status.copies[0].destinationBackupVaultArn: arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-dr"
        + " not allowed for namespace team-a (tenancy rule backupVaults: [team-a-vault-2])");
    assertThat(warning("team-b", "nightly")).startsWith("deletionPolicy is Delete, but the tenancy policy does not"
        + " allow deleting recovery point " + teamBDone.getStatus().recoveryPointArn + " now; it is kept in AWS:"
        + " metadata.namespace: namespace team-b matches no tenant");
    assertThat(warning("team-a", "scratch")).isEqualTo("deletionPolicy is Delete, but the tenancy policy does not allow"
        + " deleting table team-a-scratch now; it is kept in AWS: spec.target.tableName: team-a-scratch not allowed for"
        + " namespace team-a (tenancy rule tables: [team-a-orders])");

    assertThat(harness.dynamoDb(EU).listTables().tableNames()).contains("team-a-scratch");
    assertThat(harness.backup(EU).describeRecoveryPoint(b -> b.backupVaultName("team-a-vault")
        .recoveryPointArn(done.getStatus().recoveryPointArn)).statusAsString()).isEqualTo("COMPLETED");
    assertThat(harness.backup(US).describeRecoveryPoint(b -> b.backupVaultName("team-a-dr")
        .recoveryPointArn(copyArn)).statusAsString()).isEqualTo("COMPLETED");
    assertThat(harness.operator().registry().scrape()).contains("dynamobackup_tenancy_denials_total{"
        + "field=\"spec.target.tableName\",kind=\"DynamoRestore\",namespace=\"team-a\"}");
  }

  @Test
  void aTenantThatMayNotDeleteDataKeepsItWhateverDeletionPolicySays(@TempDir Path dir) throws Exception {
    harness.createTable(EU, "team-a-orders", 3);
    harness.createVault(EU, "team-a-vault");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), BEFORE.replace("tables: [\"team-a-*\"]\n",
        "tables: [\"team-a-*\"]\n    allowDataDeletion: false\n"));
    assertThat(Files.readString(policy)).contains("    tables: [\"team-a-*\"]\n    allowDataDeletion: false\n");
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString()));
    harness.create("team-a", backup("nightly", "team-a-orders", "team-a-vault",
        "arn:aws:iam::111122223333:role/team-a-b"));
    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
    DynamoRestore restore = TenancyTests.restore("copy", "team-a-copy", EU, "arn:aws:iam::111122223333:role/team-a-r");
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("nightly");
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create("team-a", restore);
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", "copy").getStatus(),
        s -> s != null && s.phase == RestorePhase.Ready);

    harness.aws.clearCalls();
    harness.client().resources(DynamoBackup.class).inNamespace("team-a").withName("nightly").delete();
    harness.client().resources(DynamoRestore.class).inNamespace("team-a").withName("copy").delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "team-a", "nightly"), b -> b == null);
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "team-a", "copy"), r -> r == null);

    assertThat(harness.aws.calls()).extracting(CallRecord::operation)
        .doesNotContain("DeleteRecoveryPoint", "DeleteTable", "UpdateTable");
    assertThat(warning("team-a", "nightly")).isEqualTo("deletionPolicy is Delete, but the tenancy policy does not allow"
        + " deleting recovery point " + done.getStatus().recoveryPointArn + " now; it is kept in AWS:"
        + " spec.deletionPolicy: Delete may not delete recovery points for namespace team-a (tenancy rule"
        + " allowDataDeletion: false)");
    assertThat(warning("team-a", "copy")).isEqualTo("deletionPolicy is Delete, but the tenancy policy does not allow"
        + " deleting table team-a-copy now; it is kept in AWS: spec.deletionPolicy: Delete may not delete restored"
        + " tables for namespace team-a (tenancy rule allowDataDeletion: false)");
    assertThat(harness.dynamoDb(EU).listTables().tableNames()).contains("team-a-copy");
    assertThat(harness.backup(EU).describeRecoveryPoint(b -> b.backupVaultName("team-a-vault")
        .recoveryPointArn(done.getStatus().recoveryPointArn)).statusAsString()).isEqualTo("COMPLETED");
  }

  /**
   * Waits for Ready=False, NotPermitted. Unlike TenancyTests.notPermitted, a Completed/Ready status is not a failure
   * here: it is what the objects showed before the restart, until the restarted operator reconciles them.
   */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> String notPermitted(Class<T> type, String namespace,
      String name) {
    io.fabric8.kubernetes.api.model.Condition ready = harness.advanceUntil(() -> {
      T object = harness.get(type, namespace, name);
      List<io.fabric8.kubernetes.api.model.Condition> conditions = object instanceof DynamoBackup b
          ? b.getStatus().conditions : ((DynamoRestore) object).getStatus().conditions;
      return io.dynamobackup.operator.common.Conditions.find(conditions,
          io.dynamobackup.operator.common.Conditions.READY).orElse(null);
    }, c -> c != null && "NotPermitted".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    return ready.getMessage();
  }

  /** The message of the one Warning event DeletionNotPermitted of the object. */
  private String warning(String namespace, String name) {
    List<Event> events = harness.events(namespace, name).stream()
        .filter(e -> "DeletionNotPermitted".equals(e.getReason())).toList();
    assertThat(events).as("DeletionNotPermitted events of %s/%s", namespace, name).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    return events.get(0).getMessage();
  }

  static DynamoBackup backup(String name, String table, String vault, String role) {
    DynamoBackup backup = TenancyTests.backup(name, table, EU, vault, role);
    backup.getSpec().deletionPolicy = DeletionPolicy.Delete;
    return backup;
  }
}
