package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recovery point has one owner: who holds it, who may adopt it, and how the holder is named. */
class RecoveryPointHoldersTest {
  static final String POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1";
  static final String COPY = "arn:aws:backup:us-west-2:111122223333:recovery-point:c-1";

  @Test
  void everyPointOrCopyASpecOrStatusNamesIsIndexed() {
    DynamoBackup made = backup("nightly", "team-a", "2026-01-01T00:00:00Z");
    made.getStatus().recoveryPointArn = POINT;
    CopyStatus copy = new CopyStatus();
    copy.destinationRecoveryPointArn = COPY;
    made.getStatus().copies = List.of(copy, new CopyStatus());
    assertThat(RecoveryPointHolders.points(made)).containsExactly(POINT, COPY);

    DynamoBackup adopting = backup("adopting", "team-a", "2026-01-01T00:00:00Z");
    adopting.getSpec().recoveryPointArn = POINT;
    adopting.getSpec().copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    adopting.getSpec().copies.get(0).recoveryPointArn = COPY;
    assertThat(RecoveryPointHolders.points(adopting)).containsExactly(POINT, COPY);
    assertThat(RecoveryPointHolders.points(backup("new", "team-a", null))).isEmpty();
  }

  @Test
  void aPointHeldByItsMakerOrAnEarlierAdopterCannotBeAdoptedAgain() {
    DynamoBackup maker = backup("orders-now", "team-a", "2026-01-02T00:00:00Z");
    maker.getStatus().recoveryPointArn = POINT;
    DynamoBackup duplicate = adopter("adopt-dup", "team-a", "2026-01-01T00:00:00Z");
    assertThat(RecoveryPointHolders.ownerBeforeAdoption(duplicate, POINT, List.of(maker, duplicate))).contains(maker);

    // A copy another backup made is held too.
    DynamoBackup copied = backup("with-copy", "team-a", "2026-01-02T00:00:00Z");
    CopyStatus copy = new CopyStatus();
    copy.destinationRecoveryPointArn = COPY;
    copied.getStatus().copies = List.of(copy);
    assertThat(RecoveryPointHolders.ownerBeforeAdoption(adopter("c", "team-a", null), COPY, List.of(copied)))
        .contains(copied);

    // Two adopting at once: the older one wins; a refused (Failed) adopter holds nothing.
    DynamoBackup first = adopter("first", "team-a", "2026-01-01T00:00:00Z");
    DynamoBackup second = adopter("second", "team-a", "2026-01-01T00:00:05Z");
    assertThat(RecoveryPointHolders.ownerBeforeAdoption(first, POINT, List.of(first, second))).isEmpty();
    assertThat(RecoveryPointHolders.ownerBeforeAdoption(second, POINT, List.of(first, second))).contains(first);
    first.getStatus().phase = BackupPhase.Failed;
    assertThat(RecoveryPointHolders.ownerBeforeAdoption(second, POINT, List.of(first, second))).isEmpty();
    assertThat(RecoveryPointHolders.otherHolder(second, POINT, List.of(first, second))).isEmpty();
  }

  @Test
  void aDeletionKeepsAPointAnotherBackupHoldsAndNamesItOnlyInTheSameNamespace() {
    DynamoBackup maker = backup("orders-now", "team-a", "2026-01-02T00:00:00Z");
    maker.getStatus().recoveryPointArn = POINT;
    DynamoBackup adopted = adopter("adopt-dup", "team-a", "2026-01-03T00:00:00Z");
    adopted.getStatus().recoveryPointArn = POINT;
    adopted.getStatus().phase = BackupPhase.Completed;
    assertThat(RecoveryPointHolders.otherHolder(adopted, POINT, List.of(maker, adopted))).contains(maker);
    assertThat(RecoveryPointHolders.otherHolder(maker, POINT, List.of(maker, adopted))).contains(adopted);
    assertThat(RecoveryPointHolders.otherHolder(maker, POINT, List.of(maker))).isEmpty();

    assertThat(RecoveryPointHolders.describe(maker, adopted)).isEqualTo("DynamoBackup orders-now");
    DynamoBackup elsewhere = adopter("theirs", "team-b", null);
    assertThat(RecoveryPointHolders.describe(elsewhere, adopted)).isEqualTo("a DynamoBackup in another namespace");
  }

  static DynamoBackup adopter(String name, String namespace, String created) {
    DynamoBackup backup = backup(name, namespace, created);
    backup.getSpec().recoveryPointArn = POINT;
    return backup;
  }

  static DynamoBackup backup(String name, String namespace, String created) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(namespace + "/" + name)
        .withCreationTimestamp(created).build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", "eu-west-1");
    backup.getSpec().backupVault = "prod-vault";
    backup.setStatus(new DynamoBackupStatus());
    return backup;
  }
}
