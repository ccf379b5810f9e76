package io.dynamobackup.operator.drill;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.plan.ChildBackups;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The DynamoRestore children of restore drills: names derived from the plan and the slot (a slot re-run after a crash
 * finds its child), annotations carrying the slot and the expected item count, and their deletion.
 */
public final class DrillChildren {
  public static final String EXPECTED_ITEMS_ANNOTATION = "dynamobackup.io/drill-expected-items";
  private static final DateTimeFormatter SLOT_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
  private static final int MAX_TABLE_NAME = 255;

  private DrillChildren() {}

  /** The drill's child: {@code <plan>-drill-<yyyyMMddHHmm>} (the slot in UTC), at most 63 characters. */
  public static String restoreName(String plan, Instant slot) {
    String suffix = "-drill-" + SLOT_FORMAT.format(slot);
    return ChildBackups.shorten(plan, ChildBackups.MAX_NAME - suffix.length()) + suffix;
  }

  /**
   * The scratch table's name: the pattern with {table} and {date} (the slot, UTC, yyyyMMddHHmm) replaced, characters
   * DynamoDB does not allow replaced by '-', and the source table's part shortened to stay within 255 characters.
   */
  public static String tableName(String pattern, String table, Instant slot) {
    String template = (pattern == null ? "{table}-drill-{date}" : pattern).replaceAll("[^a-zA-Z0-9_.\\-{}]", "-");
    String date = SLOT_FORMAT.format(slot);
    String name = template.replace("{date}", date).replace("{table}", table);
    if (name.length() > MAX_TABLE_NAME && template.contains("{table}")) {
      int excess = name.length() - MAX_TABLE_NAME;
      int occurrences = (template.length() - template.replace("{table}", "").length()) / "{table}".length();
      String shorter = table.substring(0, Math.max(1, table.length() - (excess + occurrences - 1) / occurrences));
      name = template.replace("{date}", date).replace("{table}", shorter);
    }
    name = name.replaceAll("[{}]", "-");
    return name.length() > MAX_TABLE_NAME ? name.substring(0, MAX_TABLE_NAME) : name;
  }

  public static DynamoRestore build(DynamoBackupPlan plan, DynamoBackup source, Instant slot) {
    RestoreDrill spec = plan.getSpec().restoreDrill;
    var metadata = plan.getMetadata();
    TableKey table = ChildBackups.tableOf(source).orElseThrow();
    var sourceTable = source.getStatus() == null ? null : source.getStatus().sourceTable;
    var meta = ChildBackups.childMetadata(plan, restoreName(metadata.getName(), slot), RestoreDrills.DRILL_LABEL, slot);
    if (sourceTable != null && sourceTable.itemCount != null) {
      // Kept on the child, so the check still works if retention prunes the backup while the drill runs.
      meta.addToAnnotations(EXPECTED_ITEMS_ANNOTATION, Long.toString(sourceTable.itemCount));
    }
    DynamoRestore drill = new DynamoRestore();
    drill.setMetadata(meta.build());
    DynamoRestoreSpec restore = new DynamoRestoreSpec();
    restore.source = new RestoreSource();
    restore.source.backupRef = new RestoreSource.ObjectRef(source.getMetadata().getName());
    restore.target = new RestoreTarget();
    restore.target.tableName = tableName(spec.targetTableNamePattern, table.name(), slot);
    restore.target.region = table.region();
    restore.settings = new RestoreSettings();
    restore.settings.fromSource = Boolean.TRUE;
    // Explicitly off, whatever the source had: the scratch table must always be deletable.
    restore.settings.deletionProtection = Boolean.FALSE;
    restore.iamRoleArn = spec.iamRoleArn != null ? spec.iamRoleArn : plan.getSpec().template.iamRoleArn;
    restore.deletionPolicy = DeletionPolicy.Delete;
    drill.setSpec(restore);
    return drill;
  }

  /**
   * A drill of the plan's table's point-in-time recovery at its latest restorable time, into a scratch table in the
   * table's Region. PITR restores run as the operator: no role.
   */
  public static DynamoRestore buildPointInTime(DynamoBackupPlan plan, TableReference table, Instant slot) {
    RestoreDrill spec = plan.getSpec().restoreDrill;
    TableKey key = TableKey.of(table);
    DynamoRestore drill = new DynamoRestore();
    drill.setMetadata(ChildBackups.childMetadata(plan, restoreName(plan.getMetadata().getName(), slot),
        RestoreDrills.DRILL_LABEL, slot).build());
    DynamoRestoreSpec restore = new DynamoRestoreSpec();
    restore.source = new RestoreSource();
    TableReference copy = new TableReference();
    copy.name = table.name;
    copy.arn = table.arn;
    copy.region = table.region;
    restore.source.pointInTimeRecovery = new PointInTimeRecoverySource(copy, null, Boolean.TRUE);
    restore.target = new RestoreTarget();
    restore.target.tableName = tableName(spec.targetTableNamePattern, key.name(), slot);
    restore.target.region = key.region();
    restore.settings = new RestoreSettings();
    restore.settings.fromSource = Boolean.TRUE;
    restore.settings.deletionProtection = Boolean.FALSE; // the scratch table must always be deletable
    restore.deletionPolicy = DeletionPolicy.Delete;
    drill.setSpec(restore);
    return drill;
  }

  /** What a drill restores, for events: its DynamoBackup, or its table's point-in-time recovery. */
  public static String sourceOf(DynamoRestore drill) {
    var source = drill.getSpec().source;
    return source.backupRef != null ? source.backupRef.name
        : "table " + TableKey.of(source.pointInTimeRecovery.table) + " at its latest restorable time";
  }

  public static boolean isOwnedBy(DynamoRestore drill, DynamoBackupPlan plan) {
    return drill.getMetadata().getOwnerReferences() != null && drill.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> plan.getMetadata().getUid().equals(o.getUid()));
  }

  /** The slot the drill ran for (its annotation); its creation time for objects without one. */
  public static Instant slotOf(DynamoRestore drill) {
    Map<String, String> annotations = drill.getMetadata().getAnnotations();
    String slot = annotations == null ? null : annotations.get(ChildBackups.SLOT_ANNOTATION);
    try {
      return Instant.parse(slot != null ? slot : drill.getMetadata().getCreationTimestamp());
    } catch (RuntimeException unparseable) {
      return Instant.EPOCH;
    }
  }

  public static Long expectedItems(DynamoRestore drill) {
    Map<String, String> annotations = drill.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EXPECTED_ITEMS_ANNOTATION);
    try {
      return value == null ? null : Long.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Request to settings applied when the restore is Ready, else request to an ACTIVE table. */
  public static Duration restoreDuration(DynamoRestoreStatus status) {
    if (status == null || status.requestedTime == null) {
      return null;
    }
    String end = status.settingsAppliedTime != null ? status.settingsAppliedTime : status.tableActiveTime;
    return end == null ? null : Duration.between(Instant.parse(status.requestedTime), Instant.parse(end));
  }


  /**
   * Deletes the drill's child: it was created with deletionPolicy Delete, so its finalizer drops the scratch table. (A
   * person who edits a drill to Retain, e.g. to inspect a failed drill's table, keeps that table.)
   */
  static void delete(KubernetesClient client, DynamoRestore drill) {
    try {
      client.resources(DynamoRestore.class).inNamespace(drill.getMetadata().getNamespace())
          .withName(drill.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
