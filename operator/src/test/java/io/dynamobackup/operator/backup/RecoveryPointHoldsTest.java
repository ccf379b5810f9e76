package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.BackupService.ActiveRestore;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Holds on the recovery point itself (tags every shard and cluster sees), and what they decide. */
class RecoveryPointHoldsTest {
  static final String POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1";

  @Test
  void aHoldOfAnotherBackupCountsButItsOwnAndItsPredecessorsDoNot() {
    DynamoBackup backup = backup("orders-adopted", "team-a", "uid-own");
    backup.getMetadata().setAnnotations(Map.of("dynamobackup.io/adopted-from", "uid-lost-cluster"));
    Map<String, String> tags = new LinkedHashMap<>(Map.of("dynamobackup.io/hold/uid-own", "team-a/orders-adopted",
        "dynamobackup.io/hold/uid-lost-cluster", "team-a/orders-adopted", "dynamobackup.io/uid", "uid-other",
        "team", "payments"));
    assertThat(RecoveryPointHolds.other(backup, tags)).as("its own, its predecessor's, and no hold tags").isEmpty();

    tags.put("dynamobackup.io/hold/uid-other", "team-a/orders-now");
    assertThat(RecoveryPointHolds.other(backup, tags).map(h -> RecoveryPointHolds.describe(h, backup)))
        .contains("DynamoBackup orders-now (tag dynamobackup.io/hold/uid-other on the point)");
    DynamoBackup otherTenant = backup("mine", "team-b", "uid-b");
    assertThat(RecoveryPointHolds.other(otherTenant, tags).map(h -> RecoveryPointHolds.describe(h, otherTenant)))
        .as("a holder in another namespace is not named")
        .contains("a DynamoBackup in another namespace (tag dynamobackup.io/hold/uid-lost-cluster on the point)");
  }

  @Test
  void anAdoptionRecordsItsHoldAndGivesItBackWhenAnotherHoldIsThere() {
    Map<String, String> tags = new HashMap<>(Map.of("team", "payments"));
    BackupService backups = tagsPerPoint(Map.of(POINT, tags));
    DynamoBackup first = backup("orders-adopted", "team-a", "uid-1");
    assertThat(RecoveryPointHolds.take(first, List.of(POINT), backups)).isEmpty();
    assertThat(tags).containsEntry("dynamobackup.io/hold/uid-1", "team-a/orders-adopted");

    DynamoBackup second = backup("orders-again", "team-a", "uid-2");
    assertThat(RecoveryPointHolds.take(second, List.of(POINT), backups)).contains(new RecoveryPointHolds.Refusal(
        POINT, "recovery point " + POINT
        + " is already held by DynamoBackup orders-adopted (tag dynamobackup.io/hold/uid-1 on the point)",
        "dynamobackup.io/hold/uid-1"));
    assertThat(tags).as("the refused adopter leaves no hold behind").doesNotContainKey("dynamobackup.io/hold/uid-2")
        .containsKey("dynamobackup.io/hold/uid-1");

    RecoveryPointHolds.release(first, POINT, backups);
    assertThat(tags).containsOnlyKeys("team");
    assertThat(RecoveryPointHolds.otherHolder(second, POINT, backups)).isEmpty();
  }

  @Test
  void aRefusalNamesTheFieldOfTheCopyTheOtherHoldIsOnNotThePoint() {
    String copy = "arn:aws:backup:us-west-2:111122223333:recovery-point:c-1";
    Map<String, Map<String, String>> tags = new HashMap<>(Map.of(POINT, new HashMap<>(),
        copy, new HashMap<>(Map.of("dynamobackup.io/hold/uid-gone", "team-a/orders-before-migration"))));
    DynamoBackup adopter = backup("orders-adopted", "team-a", "uid-1");
    adopter.getSpec().recoveryPointArn = POINT;
    CopyTarget named = new CopyTarget();
    named.backupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr";
    named.recoveryPointArn = copy;
    adopter.getSpec().copies = List.of(new CopyTarget(), named);

    var refusal = RecoveryPointHolds.take(adopter, List.of(POINT, copy), tagsPerPoint(tags));
    assertThat(refusal).map(RecoveryPointHolds.Refusal::arn).contains(copy);
    assertThat(BackupAdoption.adoptedFields(adopter.getSpec()))
        .containsExactly(Map.entry(POINT, "spec.recoveryPointArn"), Map.entry(copy, "spec.copies[1].recoveryPointArn"));
    assertThat(tags.get(POINT)).as("its hold on the free point is given back too").isEmpty();
  }

  @Test
  void onlyARestoreJobThatHasNotEndedFromThatPointBlocksItsDeletion() {
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    List<ActiveRestore> active = List.of(
        new ActiveRestore("other-point", "RUNNING", "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-2", t),
        new ActiveRestore("newer", "PENDING", POINT, t.plusSeconds(60)),
        new ActiveRestore("older", "RUNNING", POINT, t));
    assertThat(BackupDeletion.restoreFrom(POINT, active)).map(ActiveRestore::restoreJobId).contains("older");
    assertThat(BackupDeletion.restoreFrom(POINT, List.of(new ActiveRestore("done", "COMPLETED", POINT, t))))
        .isEmpty();
  }

  @Test
  void aJobsPointCarriesItsMakersHoldAndTheTagRoomCountsIt() {
    DynamoBackup backup = backup("orders-now", "team-a", "uid-1");
    var request = BackupSpecs.startRequest(backup, new TableKey("eu-west-1", "orders"),
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders");
    assertThat(request.recoveryPointTags()).containsEntry("dynamobackup.io/hold/uid-1", "team-a/orders-now");
    assertThat(BackupSpecs.operatorTags(backup)).isEqualTo(request.recoveryPointTags().size());
  }

  /** A BackupService that keeps the tags of several points; any other call is a test failure. */
  @SuppressWarnings("unchecked")
  private static BackupService tagsPerPoint(Map<String, Map<String, String>> tags) {
    return (BackupService) Proxy.newProxyInstance(BackupService.class.getClassLoader(),
        new Class<?>[] {BackupService.class}, (proxy, method, args) -> {
          Map<String, String> point = tags.get((String) args[0]);
          return switch (method.getName()) {
            case "recoveryPointTags" -> new HashMap<>(point);
            case "tagRecoveryPoint" -> {
              point.putAll((Map<String, String>) args[1]);
              yield null;
            }
            case "untagRecoveryPoint" -> {
              ((List<String>) args[1]).forEach(point::remove);
              yield null;
            }
            default -> throw new AssertionError("unexpected call " + method.getName());
          };
        });
  }

  private static DynamoBackup backup(String name, String namespace, String uid) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(uid).build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named("orders", "eu-west-1");
    spec.backupVault = "prod-vault";
    backup.setSpec(spec);
    return backup;
  }
}
