package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.StorageClass;

class LifecycleAndTagsTest extends LocalAwsTestBase {

  private String backupWithLifecycle(Long cold, Long delete) {
    createTable("orders");
    putItems("orders", 3);
    createVault("vault");
    String id = backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders")).iamRoleArn(ROLE)
        .lifecycle(l -> l.moveToColdStorageAfterDays(cold).deleteAfterDays(delete))).backupJobId();
    return awaitJob(id).recoveryPointArn();
  }

  private DescribeRecoveryPointResponse point(String arn) {
    return backup.describeRecoveryPoint(b -> b.backupVaultName("vault").recoveryPointArn(arn));
  }

  @Test
  void recoveryPointMovesToColdThenIsDeleted() {
    Instant created = clock.instant();
    String rp = backupWithLifecycle(30L, 120L);
    DescribeRecoveryPointResponse warm = point(rp);
    assertThat(warm.storageClass()).isEqualTo(StorageClass.WARM);
    assertThat(warm.lifecycle().moveToColdStorageAfterDays()).isEqualTo(30L);
    assertThat(warm.calculatedLifecycle().moveToColdStorageAt()).isEqualTo(created.plus(Duration.ofDays(30)));
    assertThat(warm.calculatedLifecycle().deleteAt()).isEqualTo(created.plus(Duration.ofDays(120)));
    clock.advance(Duration.ofDays(30));
    assertThat(point(rp).storageClass()).isEqualTo(StorageClass.COLD);
    clock.advance(Duration.ofDays(90));
    assertThatThrownBy(() -> point(rp)).isInstanceOf(ResourceNotFoundException.class);
    assertThat(backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("vault")).recoveryPoints()).isEmpty();
  }

  @Test
  void invalidLifecycleIsRejected() {
    createTable("orders");
    createVault("vault");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(ROLE).lifecycle(l -> l.moveToColdStorageAfterDays(30L).deleteAfterDays(100L))))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("90 days");
  }

  @Test
  void coldStorageCannotBeUndoneByALifecycleUpdate() {
    String rp = backupWithLifecycle(30L, 365L);
    clock.advance(Duration.ofDays(31));
    assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(b -> b.backupVaultName("vault").recoveryPointArn(rp)
        .lifecycle(l -> l.moveToColdStorageAfterDays(60L).deleteAfterDays(365L))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("already been moved to cold storage");
    assertThat(point(rp).lifecycle().moveToColdStorageAfterDays()).isEqualTo(30L);
  }

  @Test
  void updateLifecycleShortensRetention() {
    String rp = backupWithLifecycle(null, 365L);
    var updated = backup.updateRecoveryPointLifecycle(b -> b.backupVaultName("vault").recoveryPointArn(rp)
        .lifecycle(l -> l.deleteAfterDays(7L)));
    assertThat(updated.calculatedLifecycle().deleteAt()).isEqualTo(Instant.parse("2024-01-08T00:00:00Z"));
    clock.advance(Duration.ofDays(8));
    assertThat(backup.listRecoveryPointsByResource(b -> b.resourceArn(tableArn("orders"))).recoveryPoints()).isEmpty();
  }

  @Test
  void deleteRecoveryPointAndListByResource() {
    String rp = backupWithLifecycle(null, null);
    String second = awaitJob(startBackup("vault", "orders")).recoveryPointArn();
    assertThat(backup.listRecoveryPointsByResource(b -> b.resourceArn(tableArn("orders"))).recoveryPoints())
        .extracting(RecoveryPointByResource::recoveryPointArn).containsExactly(second, rp); // newest first
    assertThat(backup.listRecoveryPointsByResource(b -> b.resourceArn(tableArn("orders"))).recoveryPoints().get(0)
        .backupSizeBytes()).isPositive();
    backup.deleteRecoveryPoint(b -> b.backupVaultName("vault").recoveryPointArn(rp));
    assertThat(backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("vault")).recoveryPoints())
        .singleElement().satisfies(p -> assertThat(p.recoveryPointArn()).isEqualTo(second));
    assertThatThrownBy(() -> backup.deleteRecoveryPoint(b -> b.backupVaultName("vault").recoveryPointArn(rp)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void backupTagsOnVaultsAndRecoveryPoints() {
    String rp = backupWithLifecycle(null, null);
    backup.tagResource(b -> b.resourceArn(rp).tags(Map.of("a", "1", "b", "2")));
    backup.untagResource(b -> b.resourceArn(rp).tagKeyList("a"));
    assertThat(backup.listTags(b -> b.resourceArn(rp)).tags()).containsExactly(Map.entry("b", "2"));
    String vaultArn = backup.describeBackupVault(b -> b.backupVaultName("vault")).backupVaultArn();
    backup.tagResource(b -> b.resourceArn(vaultArn).tags(Map.of("env", "prod")));
    assertThat(backup.listTags(b -> b.resourceArn(vaultArn)).tags()).containsEntry("env", "prod");
    assertThatThrownBy(() -> backup.listTags(b -> b.resourceArn("arn:aws:backup:us-east-1:111122223333:backup-vault:nope")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void dynamoDbTags() {
    createTable("orders");
    ddb.tagResource(b -> b.resourceArn(tableArn("orders")).tags(t -> t.key("k").value("v"), t -> t.key("x").value("y")));
    ddb.untagResource(b -> b.resourceArn(tableArn("orders")).tagKeys("x"));
    assertThat(ddb.listTagsOfResource(b -> b.resourceArn(tableArn("orders"))).tags())
        .singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("k"));
    assertThatThrownBy(() -> ddb.listTagsOfResource(b -> b.resourceArn(tableArn("missing"))))
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
  }
}
