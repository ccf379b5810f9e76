package io.dynamobackup.operator.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.SourceTableInfo;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.plan.ChildBackups;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the recovery catalog records about a DynamoBackup's recovery points, and what a restore or an adopting backup
 * reads back: the source table's description and the captured settings travel as JSON documents, so fields added to
 * either later are kept by records written before and read by operators that do not know them yet.
 */
public final class CatalogRecords {
  /** Records outlive their recovery point by this long, then DynamoDB's TTL drops them. */
  static final Duration GRACE = Duration.ofDays(30);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private CatalogRecords() {}

  /** The record of the backup's own recovery point, in its vault's account and Region. */
  public static CatalogRecord source(DynamoBackup backup, Optional<CapturedTableSettings> captured, Instant now) {
    var status = backup.getStatus();
    Instant created = time(status.creationTime);
    return new CatalogRecord(status.recoveryPointArn, status.recoveryPointArn, backup.getSpec().backupVault,
        status.tableArn, backup.getSpec().iamRoleArn, created, time(status.completionTime), status.sizeBytes,
        producer(backup), json(status.sourceTable), captured.map(CapturedSettings::toJson).orElse(null), now,
        expiry(created, backup.getSpec().lifecycle));
  }

  /** The record of one completed copy, in the copy's account and Region, keyed by the copy's ARN. */
  public static CatalogRecord copy(DynamoBackup backup, CopyStatus copy, Optional<CapturedTableSettings> captured,
      Instant now) {
    var status = backup.getStatus();
    Instant completed = copy.completionTime != null ? time(copy.completionTime) : now;
    Lifecycle lifecycle = backup.getSpec().copies == null ? null : backup.getSpec().copies.stream()
        .filter(t -> t.backupVaultArn.equals(copy.destinationBackupVaultArn)).findFirst()
        .map((CopyTarget t) -> t.lifecycle).orElse(null);
    return new CatalogRecord(copy.destinationRecoveryPointArn, status.recoveryPointArn,
        Arn.parse(copy.destinationBackupVaultArn).resourceName(), status.tableArn, backup.getSpec().iamRoleArn,
        time(status.creationTime), completed, status.sizeBytes, producer(backup), json(status.sourceTable),
        captured.map(CapturedSettings::toJson).orElse(null), now, expiry(completed, lifecycle));
  }

  /** The source table as the record describes it, or null. */
  public static SourceTableInfo sourceTable(CatalogRecord record) {
    if (record.sourceTable() == null) {
      return null;
    }
    try {
      return JSON.readValue(record.sourceTable(), SourceTableInfo.class);
    } catch (IOException e) {
      return null; // a damaged description must not block a restore; the settings may still be there
    }
  }

  /**
   * The settings captured with the recorded point, when there were any; settings captured before the source table's
   * identity travelled with them get it from the record.
   */
  public static Optional<CapturedTableSettings> settings(CatalogRecord record) {
    return Optional.ofNullable(record.capturedSettings()).map(CapturedSettings::fromJson).map(s -> {
      s.sourceTableArn = s.sourceTableArn != null ? s.sourceTableArn : record.resourceArn();
      s.sourceTableName = s.sourceTableName != null ? s.sourceTableName : tableName(record);
      return s;
    });
  }

  /** The name of the table the recorded point was taken of. */
  public static String tableName(CatalogRecord record) {
    return record.resourceArn() == null ? null : Arn.parse(record.resourceArn()).resourceName();
  }

  private static CatalogRecord.Producer producer(DynamoBackup backup) {
    var metadata = backup.getMetadata();
    Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    return new CatalogRecord.Producer(metadata.getNamespace(), metadata.getName(), metadata.getUid(),
        labels.get(ChildBackups.PLAN_LABEL), annotations.get(ChildBackups.SLOT_ANNOTATION));
  }

  private static Instant expiry(Instant from, Lifecycle lifecycle) {
    if (from == null || lifecycle == null || lifecycle.deleteAfterDays == null) {
      return null;
    }
    return from.plus(Duration.ofDays(lifecycle.deleteAfterDays)).plus(GRACE);
  }

  private static String json(Object value) {
    try {
      return value == null ? null : JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant time(String value) {
    return value == null ? null : Instant.parse(value);
  }
}
