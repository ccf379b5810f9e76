package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.RecoveryPointTags;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.rules.BackupJobRules;
import io.dynamobackup.operator.rules.Scope;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a DynamoBackup spec means for AWS: validation, the StartBackupJob request, and the job's identity. */
final class BackupSpecs {
  static final String TAG_PREFIX = RecoveryPointTags.PREFIX;

  private BackupSpecs() {}

  /**
   * Every problem of the spec that is certain before any AWS call: the CRD's schema and CEL rules, and the AWS rules
   * of StartBackupJob and StartCopyJob ({@link BackupJobRules}) for the table's partition, Region and account.
   */
  static List<String> validate(DynamoBackup backup) {
    DynamoBackupSpec spec = backup.getSpec();
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation v = new SpecValidation().table(spec.table, "spec.table");
    BackupJobRules.job(v, spec, "spec", Scope.ofTable(spec.table), operatorTags(backup));
    return v.adoption(spec).problems();
  }

  /** How many dynamobackup.io/ tags {@link #startRequest} adds to the recovery point. */
  static int operatorTags(DynamoBackup backup) {
    var labels = backup.getMetadata().getLabels();
    var annotations = backup.getMetadata().getAnnotations();
    return 4 + (labels != null && labels.containsKey(ChildBackups.PLAN_LABEL) ? 1 : 0)
        + (annotations != null && annotations.containsKey(ChildBackups.SLOT_ANNOTATION) ? 1 : 0);
  }

  /**
   * What the tenancy policy says about a valid spec: table, vault, role, every copy destination, and the account and
   * Region of each recovery point it adopts.
   */
  static TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackup backup) {
    DynamoBackupSpec spec = backup.getSpec();
    TenancyGuard.Check check = guard.check(backup.getMetadata().getNamespace())
        .table(spec.table, "spec.table")
        .vault(spec.backupVault, "spec.backupVault")
        .role(spec.iamRoleArn, "spec.iamRoleArn")
        .recoveryPoint(spec.recoveryPointArn, "spec.recoveryPointArn");
    if (spec.copies != null) {
      for (int i = 0; i < spec.copies.size(); i++) {
        check.vaultArn(spec.copies.get(i).backupVaultArn, "spec.copies[" + i + "].backupVaultArn")
            .recoveryPoint(spec.copies.get(i).recoveryPointArn, "spec.copies[" + i + "].recoveryPointArn");
      }
    }
    return check;
  }

  static BackupService.StartBackup startRequest(DynamoBackup backup, TableKey table, String tableArn) {
    DynamoBackupSpec spec = backup.getSpec();
    Map<String, String> tags = new LinkedHashMap<>();
    if (spec.recoveryPointTags != null) {
      tags.putAll(spec.recoveryPointTags);
    }
    var metadata = backup.getMetadata();
    tags.put(RecoveryPointTags.NAMESPACE, metadata.getNamespace());
    tags.put(RecoveryPointTags.NAME, metadata.getName());
    tags.put(RecoveryPointTags.UID, metadata.getUid());
    var hold = RecoveryPointTags.holdOf(metadata);
    tags.put(hold.getKey(), hold.getValue());
    String plan = metadata.getLabels() == null ? null : metadata.getLabels().get(ChildBackups.PLAN_LABEL);
    if (plan != null) {
      tags.put(RecoveryPointTags.PLAN, plan);
    }
    // With the plan, the slot lets a re-applied plan adopt the point as the same child (name, retention bucket).
    String slot = metadata.getAnnotations() == null ? null : metadata.getAnnotations().get(ChildBackups.SLOT_ANNOTATION);
    if (slot != null) {
      tags.put(RecoveryPointTags.SCHEDULED_AT, slot);
    }
    // The windows recorded before the first call (what is left after the operator held the backup back), else the
    // spec's.
    var windows = backup.getStatus() == null ? null : backup.getStatus().jobWindows;
    return new BackupService.StartBackup(table.region(), tableArn, spec.backupVault, spec.iamRoleArn,
        metadata.getUid(), windows != null ? windows.startWindowMinutes : spec.startWindowMinutes,
        windows != null ? windows.completeWindowMinutes : spec.completionWindowMinutes,
        spec.lifecycle == null ? null : spec.lifecycle.moveToColdStorageAfterDays,
        spec.lifecycle == null ? null : spec.lifecycle.deleteAfterDays, tags);
  }

  /**
   * The schedule slot a backup belongs to, which orders it in the StartBackupJob queue: a plan's child carries its
   * slot; an on-demand backup's slot is its creation.
   */
  static Instant slot(DynamoBackup backup) {
    var metadata = backup.getMetadata();
    String scheduled = metadata.getAnnotations() == null ? null : metadata.getAnnotations().get(TAG_PREFIX + "scheduled-at");
    if (scheduled != null) {
      try {
        return Instant.parse(scheduled);
      } catch (java.time.format.DateTimeParseException ignored) {
        // not ours to judge here: fall back to the creation time
      }
    }
    return metadata.getCreationTimestamp() == null ? Instant.EPOCH : Instant.parse(metadata.getCreationTimestamp());
  }

  /** Identity of the fields a started job was created with; deletionPolicy and copies are not among them. */
  static String jobHash(DynamoBackupSpec spec) {
    String fields = Serialization.asJson(List.of(
        Serialization.asJson(spec.table), String.valueOf(spec.backupVault), String.valueOf(spec.iamRoleArn),
        String.valueOf(spec.startWindowMinutes), String.valueOf(spec.completionWindowMinutes),
        Serialization.asJson(spec.lifecycle), Serialization.asJson(spec.recoveryPointTags),
        String.valueOf(spec.captureTableSettings)));
    return UUID.nameUUIDFromBytes(fields.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
