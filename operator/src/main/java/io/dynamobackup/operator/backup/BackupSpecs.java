package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.RecoveryPointTags;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a DynamoBackup spec means for AWS: validation, the StartBackupJob request, and the job's identity. */
final class BackupSpecs {
  static final String TAG_PREFIX = RecoveryPointTags.PREFIX;

  private BackupSpecs() {}

  static List<String> validate(DynamoBackupSpec spec) {
    if (spec == null) {
      return List.of("spec: required");
    }
    return new SpecValidation()
        .table(spec.table, "spec.table")
        .backupJob(spec, "spec")
        .check(spec.recoveryPointTags == null
                || spec.recoveryPointTags.keySet().stream().noneMatch(k -> k.startsWith(TAG_PREFIX)),
            "spec.recoveryPointTags", "keys starting with " + TAG_PREFIX + " are reserved for the operator")
        .adoption(spec)
        .problems();
  }

  /** What the tenancy policy says about a valid spec: table, vault, role and every copy destination. */
  static TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackup backup) {
    DynamoBackupSpec spec = backup.getSpec();
    TenancyGuard.Check check = guard.check(backup.getMetadata().getNamespace())
        .table(spec.table, "spec.table")
        .vault(spec.backupVault, "spec.backupVault")
        .role(spec.iamRoleArn, "spec.iamRoleArn");
    if (spec.copies != null) {
      for (int i = 0; i < spec.copies.size(); i++) {
        check.vaultArn(spec.copies.get(i).backupVaultArn, "spec.copies[" + i + "].backupVaultArn");
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
    String plan = metadata.getLabels() == null ? null : metadata.getLabels().get(ChildBackups.PLAN_LABEL);
    if (plan != null) {
      tags.put(RecoveryPointTags.PLAN, plan);
    }
    // With the plan, the slot lets a re-applied plan adopt the point as the same child (name, retention bucket).
    String slot = metadata.getAnnotations() == null ? null : metadata.getAnnotations().get(ChildBackups.SLOT_ANNOTATION);
    if (slot != null) {
      tags.put(RecoveryPointTags.SCHEDULED_AT, slot);
    }
    return new BackupService.StartBackup(table.region(), tableArn, spec.backupVault, spec.iamRoleArn,
        metadata.getUid(), spec.startWindowMinutes, spec.completionWindowMinutes,
        spec.lifecycle == null ? null : spec.lifecycle.moveToColdStorageAfterDays,
        spec.lifecycle == null ? null : spec.lifecycle.deleteAfterDays, tags);
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
