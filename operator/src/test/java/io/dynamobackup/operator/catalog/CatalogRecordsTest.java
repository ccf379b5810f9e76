package io.dynamobackup.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.SourceTableInfo;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.common.CapturedSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a catalog record says about a backup and its copies, and that it reads back whatever fields it holds. */
class CatalogRecordsTest {
  static final String POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:a1";
  static final String COPY = "arn:aws:backup:us-west-2:111122223333:recovery-point:b2";
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  @Test
  void aBackupAndItsCopyAreRecordedWithTheirProducerSettingsAndSourceTable() {
    DynamoBackup backup = backup();
    CapturedTableSettings captured = new CapturedTableSettings();
    captured.tags = Map.of("team", "payments");
    captured.sourceTableName = "orders";

    CatalogRecord source = CatalogRecords.source(backup, Optional.of(captured), NOW);
    CatalogRecord copy = CatalogRecords.copy(backup, backup.getStatus().copies.get(0), Optional.of(captured), NOW);

    assertThat(source.isCopy()).isFalse();
    assertThat(source.backupVaultName()).isEqualTo("prod-vault");
    assertThat(source.producer()).isEqualTo(new CatalogRecord.Producer("team-a", "orders-nightly-202611200300",
        "uid-1", "orders-nightly", "2026-11-20T03:00:00Z"));
    assertThat(source.expiresAt()).as("lifecycle 35 days + 30 days of grace")
        .isEqualTo(Instant.parse("2026-11-20T03:00:05Z").plusSeconds(65L * 86_400));
    assertThat(CatalogRecords.sourceTable(source).keySchema).extracting(k -> k.attributeName).containsExactly("pk");
    assertThat(copy.isCopy()).isTrue();
    assertThat(copy.recoveryPointArn()).isEqualTo(COPY);
    assertThat(copy.sourceRecoveryPointArn()).isEqualTo(POINT);
    assertThat(copy.backupVaultName()).isEqualTo("dr");
    assertThat(copy.expiresAt()).as("the copy target has no lifecycle").isNull();
    assertThat(CatalogRecords.settings(copy)).hasValueSatisfying(s -> {
      assertThat(s.tags).containsEntry("team", "payments");
      assertThat(s.sourceTableArn).as("filled in from the record").isEqualTo(backup.getStatus().tableArn);
    });
  }

  @Test
  void settingsWithFieldsThisVersionDoesNotKnowStillReadBack() {
    CapturedTableSettings settings = CapturedSettings.fromJson(
        "{\"tags\":{\"a\":\"b\"},\"aFieldFromALaterVersion\":{\"x\":1},\"pointInTimeRecovery\":true}");
    assertThat(settings.tags).containsEntry("a", "b");
    assertThat(settings.pointInTimeRecovery).isTrue();
  }

  private static DynamoBackup backup() {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("orders-nightly-202611200300").withNamespace("team-a")
        .withUid("uid-1").addToLabels("dynamobackup.io/plan", "orders-nightly")
        .addToAnnotations("dynamobackup.io/scheduled-at", "2026-11-20T03:00:00Z").build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named("orders", "eu-west-1");
    spec.backupVault = "prod-vault";
    spec.iamRoleArn = "arn:aws:iam::111122223333:role/backup";
    spec.lifecycle = new Lifecycle(null, 35L);
    spec.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    backup.setSpec(spec);
    DynamoBackupStatus status = new DynamoBackupStatus();
    status.recoveryPointArn = POINT;
    status.tableArn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
    status.creationTime = "2026-11-20T03:00:05Z";
    status.completionTime = "2026-11-20T03:04:00Z";
    status.sizeBytes = 1024L;
    status.sourceTable = new SourceTableInfo();
    status.sourceTable.keySchema = List.of(new SourceTableInfo.KeyAttribute("pk", "S", "HASH"));
    CopyStatus copy = new CopyStatus();
    copy.destinationBackupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr";
    copy.destinationRecoveryPointArn = COPY;
    copy.state = "COMPLETED";
    copy.completionTime = "2026-11-20T03:10:00Z";
    status.copies = List.of(copy);
    backup.setStatus(status);
    return backup;
  }
}
