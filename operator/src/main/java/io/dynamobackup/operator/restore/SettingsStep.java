package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus.ReplicaStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings.DriftPolicy;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.restore.settings.SettingChange;
import io.dynamobackup.operator.restore.settings.SettingsPlan;
import io.dynamobackup.operator.restore.settings.SettingsTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Phases ApplyingSettings and Ready of a restore: the desired settings ({@link DesiredSettings}) are applied once,
 * whatever the drift policy (also after every spec change); a Ready table that drifts afterwards is corrected, reported
 * or ignored as spec.settings.driftPolicy says.
 */
final class SettingsStep {
  private final ReconcileContext<DynamoRestore> context;

  SettingsStep(ReconcileContext<DynamoRestore> context) {
    this.context = context;
  }

  /** The backup's captured settings, or the recovery catalog's when the backup is gone or was never here. */
  Duration apply(RestoreRun run, RestoreStatuses status) {
    return apply(run.restore(), run.targetRegion(), run.tableName(), () -> {
      SourceSettings source = SourceSettings.of(run, context);
      status.settingsFrom(source.from());
      return source.captured();
    }, status);
  }

  /**
   * Applies the settings of the restored table {@code tableName} in {@code region}: {@code capturedSettings} gives the
   * source's settings (read only when the table is ACTIVE and they are needed).
   */
  Duration apply(DynamoRestore restore, String region, String tableName,
      java.util.function.Supplier<Optional<CapturedTableSettings>> capturedSettings, RestoreStatuses status) {
    var current = status.status();
    Long generation = restore.getMetadata().getGeneration();
    boolean ready = current.phase == RestorePhase.Ready && java.util.Objects.equals(current.settingsGeneration,
        generation);
    var spec = restore.getSpec().settings;
    DriftPolicy policy = spec == null ? DriftPolicy.Report : spec.effectiveDriftPolicy();
    if (ready) {
      // Between drift checks (drift.checkInterval; none for driftPolicy Ignore or with checks off) no AWS call.
      Optional<Duration> due = DriftChecks.untilDue(restore, context.schedule(), context.now());
      if (due.isEmpty()) {
        return null; // nothing is checked any more: a spec change brings the next reconcile
      }
      if (!due.get().isNegative() && !due.get().isZero()) {
        return due.get();
      }
    }
    // Settings just applied are read back at once, then less often (DynamoDB may keep the table UPDATING a moment).
    java.time.Instant settling = current.tableActiveTime == null ? context.now()
        : java.time.Instant.parse(current.tableActiveTime);
    TableService tables = context.aws().tables();
    Optional<TableService.TableInfo> found = restoredTable(region, tableName, status);
    if (found.isEmpty()) {
      return context.schedule().userErrorRetry(); // stalled: looked at again now and then, like every stalled object
    }
    TableService.TableInfo table = found.get();
    if (!table.isActive()) {
      status.waitingForTable(table.status());
      return ready ? context.schedule().firstPoll() : context.schedule().settle(settling, context.now());
    }
    Optional<CapturedTableSettings> captured = capturedSettings.get();
    DesiredSettings.Desired desired = DesiredSettings.of(captured, spec, table, region);
    SettingsTarget target = new SettingsTarget(region, table, tables.observe(region, table),
        context.aws().settings());
    List<SettingChange> changes = SettingsPlan.changes(desired.settings(), target);
    status.managed(desired.settings(), tableName);
    status.observedSettings(desired.skipped(), table.replicas().stream()
        .map(r -> new ReplicaStatus(r.regionName(), r.status(), r.statusDescription())).toList());
    if (!ready) {
      return applyAll(restore, changes, desired, table, status, generation, settling);
    }
    if (changes.isEmpty()) {
      status.inSync();
      status.settingsChecked();
      return DriftChecks.interval(restore, context.schedule()).orElse(null);
    }
    if (policy == DriftPolicy.Correct) {
      List<String> applied = SettingsPlan.apply(changes);
      status.driftCorrected(applied);
      applied.forEach(change -> context.warning("DriftCorrected", "the table had drifted from its declared"
          + " settings; re-applied " + change));
      return context.schedule().firstPoll(); // read back then: the last check time stays, so a check is due
    }
    List<String> drifted = changes.stream().map(SettingChange::setting).distinct().toList();
    for (String setting : status.driftReported(drifted)) {
      context.warning("SettingsDrifted", "table " + table.name() + " differs from its desired settings in " + setting
          + " (driftPolicy Report: not corrected)");
    }
    status.settingsChecked();
    return DriftChecks.interval(restore, context.schedule()).orElse(null);
  }

  /**
   * The table this restore made, once it was ACTIVE: a table deleted since, or replaced by another of the same name
   * (another TableId), is reported as phase TableMissing and never touched — drift correction must not re-configure
   * someone else's table. Its identity is recorded here for restores made before it was recorded at ACTIVE.
   */
  private Optional<TableService.TableInfo> restoredTable(String region, String tableName, RestoreStatuses status) {
    var current = status.status();
    TableService.TableInfo table;
    try {
      table = context.aws().tables().describeTable(region, tableName);
    } catch (AwsException e) {
      if (!e.isNotFound() || current.tableActiveTime == null) {
        throw e;
      }
      status.tableMissing("table " + tableName + " in " + region + " was restored (ACTIVE at "
          + current.tableActiveTime + ") but no longer exists; this restore does not create it again: delete it, or"
          + " create a new DynamoRestore to restore again");
      return Optional.empty();
    }
    if (current.tableActiveTime != null && !RestoredTable.isRestored(current, table)) {
      status.tableMissing("table " + tableName + " in " + region + " was replaced: " + RestoredTable.describe(current,
          table) + ". Its settings are not checked or applied; delete this DynamoRestore (the other table is never"
          + " dropped by it), or create a new one to restore again");
      return Optional.empty();
    }
    status.identified(table);
    return Optional.of(table);
  }

  /** While restoring, and after a spec change: apply, then wait for refused settings and replicas, then Ready. */
  private Duration applyAll(DynamoRestore restore, List<SettingChange> changes, DesiredSettings.Desired desired,
      TableService.TableInfo table, RestoreStatuses status, Long generation, java.time.Instant settling) {
    if (!changes.isEmpty()) {
      List<String> applied = SettingsPlan.apply(changes);
      status.applyingSettings("applied " + String.join(", ", applied) + "; checking again");
      return context.schedule().settle(settling, context.now());
    }
    if (!desired.refused().isEmpty()) {
      String message = String.join("; ", desired.refused());
      boolean first = !"ResourcePolicyNotRewritable".equals(status.readiness().readyCondition()
          .map(c -> c.getReason()).orElse(null));
      status.settingsRefused("ResourcePolicyNotRewritable", message);
      if (first) {
        context.warning("ResourcePolicyNotRewritable", message);
      }
      return context.schedule().userErrorRetry();
    }
    List<String> pending = table.replicas().stream().filter(r -> !"ACTIVE".equals(r.status()))
        .map(r -> r.regionName() + " " + r.status()).toList();
    if (!pending.isEmpty()) {
      status.applyingSettings("waiting for replicas " + pending);
      return context.schedule().firstPoll();
    }
    status.ready(generation);
    status.settingsChecked();
    return DriftChecks.interval(restore, context.schedule()).orElse(null);
  }
}
