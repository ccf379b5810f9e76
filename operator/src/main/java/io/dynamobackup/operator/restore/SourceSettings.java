package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.SettingsSource;
import io.dynamobackup.operator.aws.CatalogRecord;
import io.dynamobackup.operator.aws.RecoveryCatalog;
import io.dynamobackup.operator.catalog.CatalogRecords;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source's settings captured at backup time, for settings.fromSource, and where they came from: the DynamoBackup's
 * status (or its ConfigMap) while that backup exists here and captured them; otherwise the recovery catalog's record
 * of the point restored, or of the point it is a copy of — what makes a restore after the cluster was lost (or by
 * ARN) bring back every setting instead of a bare table.
 */
record SourceSettings(Optional<CapturedTableSettings> captured, SettingsSource from) {

  static SourceSettings of(RestoreRun run, ReconcileContext<DynamoRestore> context) {
    var source = run.source();
    var backup = source.backup();
    var explicit = run.spec().settings;
    if (explicit != null && Boolean.FALSE.equals(explicit.fromSource)) {
      return new SourceSettings(Optional.empty(), SettingsSource.None);
    }
    if (backup != null) {
      Optional<CapturedTableSettings> captured = CapturedSettings.load(context.client(), backup);
      if (captured.isPresent()) {
        return new SourceSettings(captured, SettingsSource.BackupStatus);
      }
    }
    RecoveryCatalog catalog = context.aws().catalog();
    if (!catalog.enabled()) {
      return new SourceSettings(Optional.empty(), SettingsSource.None);
    }
    for (String arn : candidates(run)) {
      Optional<CatalogRecord> record = source.record() != null && arn.equals(source.record().recoveryPointArn())
          ? Optional.of(source.record()) : catalog.get(arn);
      if (record.isPresent()) {
        Optional<CapturedTableSettings> captured = CatalogRecords.settings(record.get());
        return new SourceSettings(captured, captured.isPresent() ? SettingsSource.Catalog : SettingsSource.None);
      }
    }
    return new SourceSettings(Optional.empty(), SettingsSource.None);
  }

  /**
   * The points whose record may hold the settings, most specific first: the point restored (a copy's record is in the
   * copy's own Region, so a restore there reads nothing from the source's Region), the point the spec names, the
   * DynamoBackup's own point.
   */
  private static List<String> candidates(RestoreRun run) {
    List<String> arns = new ArrayList<>();
    var status = run.restore().getStatus();
    add(arns, status == null ? null : status.recoveryPointArn);
    add(arns, run.spec().source.recoveryPointArn);
    add(arns, run.source().recoveryPointArn());
    var backup = run.source().backup();
    add(arns, backup == null || backup.getStatus() == null ? null : backup.getStatus().recoveryPointArn);
    return arns;
  }

  private static void add(List<String> arns, String arn) {
    if (arn != null && !arns.contains(arn)) {
      arns.add(arn);
    }
  }
}
