package io.dynamobackup.operator.backup;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.DR_VAULT_ARN;
import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;

/** A hand-made DynamoBackup adopts an existing recovery point: no job is started, the point is checked and kept. */
class BackupAdoptionIT {
  private final OperatorHarness harness = new OperatorHarness();
  private final DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void anExistingPointAndItsCopyAreAdoptedWithoutAJobAndKeptOnDeletion() {
    String tableArn = fixtures.sourceTable("orders", 4);
    BackupClient backups = harness.backup(SOURCE);
    String job = backups.startBackupJob(b -> b.resourceArn(tableArn).backupVaultName("prod-vault").iamRoleArn(ROLE))
        .backupJobId();
    String point = harness.advanceUntil(() -> backups.describeBackupJob(b -> b.backupJobId(job)),
        j -> j.stateAsString().equals("COMPLETED")).recoveryPointArn();
    String copyJob = backups.startCopyJob(b -> b.recoveryPointArn(point).sourceBackupVaultName("prod-vault")
        .destinationBackupVaultArn(DR_VAULT_ARN).iamRoleArn(ROLE)).copyJobId();
    String copy = harness.advanceUntil(() -> backups.describeCopyJob(b -> b.copyJobId(copyJob)).copyJob(),
        j -> j.stateAsString().equals("COMPLETED")).destinationRecoveryPointArn();
    harness.startOperator();
    int before = harness.aws.calls().size();

    DynamoBackup adopting = DisasterRecoveryFixtures.backup("orders-adopted", "orders");
    adopting.getSpec().recoveryPointArn = point;
    CopyTarget existing = new CopyTarget(DR_VAULT_ARN, null);
    existing.recoveryPointArn = copy;
    adopting.getSpec().copies = List.of(existing);
    harness.create(adopting);
    DynamoBackup done = fixtures.awaitBackup("orders-adopted", BackupPhase.Completed);

    assertThat(done.getSpec().deletionPolicy).isEqualTo(DeletionPolicy.Retain);
    var status = done.getStatus();
    assertThat(status.recoveryPointArn).isEqualTo(point);
    assertThat(status.tableArn).isEqualTo(tableArn);
    assertThat(status.backupJobId).isNull();
    assertThat(status.completionTime).isNotNull();
    assertThat(status.copies).singleElement().satisfies(c -> {
      assertThat(c.destinationRecoveryPointArn).isEqualTo(copy);
      assertThat(c.state).isEqualTo("COMPLETED");
    });
    assertThat(Conditions.find(status.conditions, Conditions.READY).orElseThrow().getReason()).isEqualTo("Adopted");
    assertThat(Conditions.find(status.conditions, "Cataloged")).as("not written again").isEmpty();
    var calls = harness.aws.calls();
    assertThat(calls.subList(before, calls.size())).extracting(c -> c.operation())
        .doesNotContain("StartBackupJob", "StartCopyJob", "PutItem");

    String hold = "dynamobackup.io/hold/" + done.getMetadata().getUid();
    assertThat(backups.listTags(b -> b.resourceArn(point)).tags()).containsEntry(hold, "default/orders-adopted");
    assertThat(harness.backup(DisasterRecoveryFixtures.DR).listTags(b -> b.resourceArn(copy)).tags())
        .containsKey(hold);

    harness.client().resource(done).delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-adopted"), b -> b == null);
    assertThat(backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(point)).status())
        .hasToString("COMPLETED");
    assertThat(backups.listTags(b -> b.resourceArn(point)).tags()).as("Retain lets the point go for a later adopter")
        .doesNotContainKey(hold);
    assertThat(harness.backup(DisasterRecoveryFixtures.DR).listTags(b -> b.resourceArn(copy)).tags())
        .doesNotContainKey(hold);
  }

  @Test
  void aPointThatDoesNotExistOrIsOfAnotherTableIsRefused() {
    String tableArn = fixtures.sourceTable("orders", 2);
    harness.createTable(SOURCE, "payments", 2);
    BackupClient backups = harness.backup(SOURCE);
    String job = backups.startBackupJob(b -> b.resourceArn(tableArn).backupVaultName("prod-vault").iamRoleArn(ROLE))
        .backupJobId();
    String point = harness.advanceUntil(() -> backups.describeBackupJob(b -> b.backupJobId(job)),
        j -> j.stateAsString().equals("COMPLETED")).recoveryPointArn();
    harness.startOperator();

    DynamoBackup missing = DisasterRecoveryFixtures.backup("missing", "orders");
    missing.getSpec().copies = null;
    missing.getSpec().recoveryPointArn = "arn:aws:backup:eu-west-1:111122223333:recovery-point:no-such-point";
    harness.create(missing);
    DynamoBackup wrongTable = DisasterRecoveryFixtures.backup("wrong-table", "payments");
    wrongTable.getSpec().copies = null;
    wrongTable.getSpec().recoveryPointArn = point;
    harness.create(wrongTable);

    DynamoBackup notFound = fixtures.awaitBackup("missing", BackupPhase.Failed);
    assertThat(notFound.getStatus().failure.code).isEqualTo("RecoveryPointNotFound");
    assertThat(notFound.getStatus().failure.message).contains("spec.recoveryPointArn", "no-such-point");
    DynamoBackup other = fixtures.awaitBackup("wrong-table", BackupPhase.Failed);
    assertThat(other.getStatus().failure.code).isEqualTo("RecoveryPointOfAnotherTable");
    assertThat(other.getStatus().failure.message).contains(tableArn, "eu-west-1/payments");
    assertThat(Conditions.isTrue(other.getStatus().conditions, "Stalled")).isTrue();
  }

  @Test
  void aPointAnotherDynamoBackupHoldsIsNotAdoptedAgainNorDeletedUnderIt() {
    fixtures.sourceTable("orders", 3);
    harness.startOperator();
    DynamoBackup made = DisasterRecoveryFixtures.backup("orders-now", "orders");
    made.getSpec().copies = null;
    made.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create(made);
    String point = fixtures.awaitBackup("orders-now", BackupPhase.Completed).getStatus().recoveryPointArn;

    DynamoBackup duplicate = DisasterRecoveryFixtures.backup("adopt-dup", "orders");
    duplicate.getSpec().copies = null;
    duplicate.getSpec().recoveryPointArn = point;
    duplicate.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create(duplicate);
    DynamoBackup refused = fixtures.awaitBackup("adopt-dup", BackupPhase.Failed);
    assertThat(refused.getStatus().failure.code).isEqualTo("RecoveryPointInUse");
    assertThat(refused.getStatus().failure.message).startsWith("spec.recoveryPointArn: recovery point " + point
        + " is already held by DynamoBackup orders-now;");
    assertThat(refused.getStatus().recoveryPointArn).isNull();
    assertThat(harness.events("adopt-dup")).filteredOn(e -> "RecoveryPointInUse".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

    // A second owner recorded before adoptions were checked (status as an older operator wrote it): deleting it with
    // deletionPolicy Delete keeps the point that orders-now still holds.
    harness.retryOnConflict(() -> harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .withName("adopt-dup").editStatus(b -> {
          b.getStatus().phase = BackupPhase.Completed;
          b.getStatus().failure = null;
          b.getStatus().recoveryPointArn = point;
          return b;
        }));
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("adopt-dup")
        .delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "adopt-dup"), b -> b == null);
    BackupClient backups = harness.backup(SOURCE);
    assertThat(backups.describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(point)).status())
        .hasToString("COMPLETED");
    assertThat(harness.events("adopt-dup")).filteredOn(e -> "RecoveryPointInUse".equals(e.getReason()))
        .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("deletionPolicy is Delete, but another DynamoBackup"
            + " holds recovery point " + point + " (held by DynamoBackup orders-now): kept in AWS, as that DynamoBackup"
            + " owns it"));

    // Its owner's own deletion still deletes it.
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-now")
        .delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"), b -> b == null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> backups.describeRecoveryPoint(b -> b
        .backupVaultName("prod-vault").recoveryPointArn(point))).hasMessageContaining("not");
  }
}
