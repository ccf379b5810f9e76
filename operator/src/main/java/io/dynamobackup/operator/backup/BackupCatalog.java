package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.aws.RecoveryCatalog;
import io.dynamobackup.operator.catalog.CatalogRecords;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records a backup's completed recovery points in the recovery catalog: its own when the job completed, then each
 * copy's when that copy completed, each once (status.catalogedRecoveryPoints) — one PutItem per point. A failed write
 * never holds the backup back: it stays Completed (or keeps copying) with condition Cataloged=False naming the AWS
 * error, and the write is retried with the skeleton's jittered back-off, counted from the first failure.
 * Adopted recovery points are not recorded again: they were recorded by the backup that made them, or never.
 */
final class BackupCatalog {
  private BackupCatalog() {}

  /** Writes the records still missing; returns when to try again after a failure, or null when nothing is missing. */
  static Duration recordMissing(DynamoBackup backup, BackupStatuses status, ReconcileContext<DynamoBackup> context) {
    RecoveryCatalog catalog = context.aws().catalog();
    var current = status.status();
    if (!catalog.enabled() || backup.getSpec().recoveryPointArn != null || current.recoveryPointArn == null
        || !Conditions.isTrue(current.conditions, BackupStatuses.COMPLETED)) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    if (!cataloged(backup, current.recoveryPointArn)) {
      missing.add(current.recoveryPointArn);
    }
    if (current.copies != null) {
      current.copies.stream().filter(c -> "COMPLETED".equals(c.state) && c.destinationRecoveryPointArn != null)
          .map(c -> c.destinationRecoveryPointArn).filter(arn -> !cataloged(backup, arn)).forEach(missing::add);
    }
    if (missing.isEmpty()) {
      return null;
    }
    // The table is in the operator's (or the tenant role's) own account: StartBackupJob allows nothing else.
    String callerAccount = current.tableArn == null ? null : Arn.parse(current.tableArn).account();
    Optional<CapturedTableSettings> captured = CapturedSettings.load(context.client(), backup);
    for (String arn : missing) {
      CatalogRecord record = arn.equals(current.recoveryPointArn)
          ? CatalogRecords.source(backup, captured, context.now())
          : CatalogRecords.copy(backup, copy(backup, arn), captured, context.now());
      try {
        catalog.put(record, callerAccount);
      } catch (AwsException e) {
        String message = "recovery point " + arn + " is not in the recovery catalog " + catalog.tableName() + " of "
            + Arn.parse(arn).account() + "/" + Arn.parse(arn).region() + " yet: " + e.code() + ": " + e.getMessage()
            + " (retrying with back-off; the backup itself is complete)";
        Duration failingFor = status.catalogFailed(e.code(), message);
        context.warning("CatalogWriteFailed", message);
        return context.backOff(failingFor);
      }
      status.cataloged(arn);
    }
    status.catalogComplete(catalog.tableName());
    return null;
  }

  private static boolean cataloged(DynamoBackup backup, String arn) {
    var list = backup.getStatus().catalogedRecoveryPoints;
    return list != null && list.contains(arn);
  }

  private static CopyStatus copy(DynamoBackup backup, String arn) {
    return backup.getStatus().copies.stream().filter(c -> arn.equals(c.destinationRecoveryPointArn)).findFirst()
        .orElseThrow();
  }
}
