package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.AlreadyExistsException;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

class BackupVaultTest extends LocalAwsTestBase {

  @Test
  void createDescribeListDelete() {
    var created = backup.createBackupVault(b -> b.backupVaultName("prod-vault")
        .backupVaultTags(Map.of("env", "prod")).creatorRequestId("req-1"));
    assertThat(created.backupVaultArn()).isEqualTo("arn:aws:backup:us-east-1:111122223333:backup-vault:prod-vault");
    assertThat(created.creationDate()).isEqualTo(clock.instant());
    DescribeBackupVaultResponse d = backup.describeBackupVault(b -> b.backupVaultName("prod-vault"));
    assertThat(d.numberOfRecoveryPoints()).isZero();
    assertThat(d.encryptionKeyArn()).startsWith("arn:aws:kms:us-east-1:111122223333:key/");
    assertThat(d.creatorRequestId()).isEqualTo("req-1");
    assertThat(backup.listTags(b -> b.resourceArn(created.backupVaultArn())).tags()).containsEntry("env", "prod");
    createVault("second");
    assertThat(backup.listBackupVaults().backupVaultList()).extracting(BackupVaultListMember::backupVaultName)
        .containsExactly("prod-vault", "second");
    backup.deleteBackupVault(b -> b.backupVaultName("second"));
    assertThat(backup.listBackupVaults().backupVaultList()).hasSize(1);
  }

  @Test
  void errorsMapToModelledExceptions() {
    assertThatThrownBy(() -> backup.describeBackupVault(b -> b.backupVaultName("missing")))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404));
    createVault("v1");
    assertThatThrownBy(() -> createVault("v1")).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> createVault("bad name!")).isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> backup.deleteBackupVault(b -> b.backupVaultName("missing")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void creatorRequestIdMakesCreateIdempotent() {
    backup.createBackupVault(b -> b.backupVaultName("vault-v").creatorRequestId("same"));
    backup.createBackupVault(b -> b.backupVaultName("vault-v").creatorRequestId("same"));
    assertThat(backup.listBackupVaults().backupVaultList()).hasSize(1);
  }

  @Test
  void nonEmptyVaultCannotBeDeleted() {
    completedRecoveryPoint("full", "tbl", 3);
    assertThatThrownBy(() -> backup.deleteBackupVault(b -> b.backupVaultName("full")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("recovery points");
  }

  @Test
  void vaultsArePerRegionAndAccountWithPartitionArns() {
    createVault("vault-v");
    BackupClient west = backup(ACCOUNT, "us-west-2");
    BackupClient china = backup("444455556666", "cn-northwest-1");
    assertThat(west.listBackupVaults().backupVaultList()).isEmpty();
    assertThat(china.createBackupVault(b -> b.backupVaultName("vault-v")).backupVaultArn())
        .isEqualTo("arn:aws-cn:backup:cn-northwest-1:444455556666:backup-vault:vault-v");
    assertThat(backup(ACCOUNT, "us-gov-east-1").createBackupVault(b -> b.backupVaultName("vault-v")).backupVaultArn())
        .isEqualTo("arn:aws-us-gov:backup:us-gov-east-1:111122223333:backup-vault:vault-v");
  }
}
