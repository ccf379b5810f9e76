package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import java.util.List;

/** Reconcile-time validation of a plan, mirroring the CRD's schema and CEL rules (not every API server runs CEL). */
final class PlanSpecs {
  private static final String TAG_PREFIX = "dynamobackup.io/";

  private PlanSpecs() {}

  /**
   * What the tenancy policy says about a valid plan: table (or the selector's Region, with the tenant's single account
   * as for a table by name), vault, role, the drill's role and every copy destination.
   */
  static TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackupPlan plan) {
    DynamoBackupPlanSpec spec = plan.getSpec();
    TenancyGuard.Check check = guard.check(plan.getMetadata().getNamespace());
    if (spec.table != null) {
      check.table(spec.table, "spec.table");
    } else if (spec.tableSelector != null) {
      check.region(spec.tableSelector.region, "spec.tableSelector.region")
          .implicitAccount("spec.tableSelector", "the selected tables", "list one account for this namespace or use"
              + " one plan per table with spec.table.arn");
    }
    check.vault(spec.template.backupVault, "spec.template.backupVault")
        .role(spec.template.iamRoleArn, "spec.template.iamRoleArn");
    if (spec.restoreDrill != null) {
      check.role(spec.restoreDrill.iamRoleArn, "spec.restoreDrill.iamRoleArn");
    }
    if (spec.template.copies != null) {
      for (int i = 0; i < spec.template.copies.size(); i++) {
        check.vaultArn(spec.template.copies.get(i).backupVaultArn, "spec.template.copies[" + i + "].backupVaultArn");
      }
    }
    return check;
  }

  static List<String> validate(DynamoBackupPlanSpec spec) {
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation validation = new SpecValidation()
        .check((spec.table == null) != (spec.tableSelector == null), "spec.table",
            "set exactly one of spec.table and spec.tableSelector");
    if (spec.table != null) {
      validation.table(spec.table, "spec.table");
    }
    if (spec.tableSelector != null) {
      validation.required(spec.tableSelector.region, "spec.tableSelector.region")
          .matches(spec.tableSelector.region, ApiPatterns.REGION, "spec.tableSelector.region", "AWS Region")
          .check(spec.tableSelector.matchTags != null && !spec.tableSelector.matchTags.isEmpty(),
              "spec.tableSelector.matchTags", "at least one tag is required");
    }
    if (spec.template == null) {
      return List.of("spec.template: required");
    }
    validation.backupJob(spec.template, "spec.template")
        .atLeast(spec.startingDeadlineSeconds, 0, "spec.startingDeadlineSeconds")
        .atLeast(spec.successfulBackupsHistoryLimit, 0, "spec.successfulBackupsHistoryLimit")
        .atLeast(spec.failedBackupsHistoryLimit, 0, "spec.failedBackupsHistoryLimit")
        .check(spec.template.recoveryPointTags == null
                || spec.template.recoveryPointTags.keySet().stream().noneMatch(k -> k.startsWith(TAG_PREFIX)),
            "spec.template.recoveryPointTags", "keys starting with " + TAG_PREFIX + " are reserved for the operator");
    if (spec.template.copies != null) {
      for (int i = 0; i < spec.template.copies.size(); i++) {
        validation.check(spec.template.copies.get(i).recoveryPointArn == null,
            "spec.template.copies[" + i + "].recoveryPointArn",
            "is only for a DynamoBackup that adopts an existing copy, not for a plan's template");
      }
    }
    RetentionPolicy retention = spec.retention;
    if (retention != null) {
      validation.check(retention.keepLast != null || retention.daily != null || retention.weekly != null
              || retention.monthly != null || retention.yearly != null, "spec.retention",
              "needs keepLast or at least one of daily, weekly, monthly, yearly")
          .atLeast(retention.keepLast, 1, "spec.retention.keepLast")
          .atLeast(retention.daily, 0, "spec.retention.daily")
          .atLeast(retention.weekly, 0, "spec.retention.weekly")
          .atLeast(retention.monthly, 0, "spec.retention.monthly")
          .atLeast(retention.yearly, 0, "spec.retention.yearly");
    }
    schedule(validation, spec.schedule, "UTC"); // the two checks separately, so both problems are reported at once
    schedule(validation, "@daily", spec.timeZone);
    drill(validation, spec.restoreDrill);
    return validation.problems();
  }

  private static void drill(SpecValidation validation, RestoreDrill drill) {
    if (drill == null) {
      return;
    }
    String pattern = drill.targetTableNamePattern;
    validation.check(pattern == null || pattern.contains("{date}"), "spec.restoreDrill.targetTableNamePattern",
            "must contain {date}, so every drill restores into a new table and never into the protected one")
        .check(pattern == null || pattern.replace("{table}", "t").replace("{date}", "202601010000")
                .matches(ApiPatterns.TABLE_NAME), "spec.restoreDrill.targetTableNamePattern",
            "only letters, digits, '_', '.', '-' and the placeholders {table} and {date} are allowed")
        .check(drill.sampleKeys == null || drill.sampleKeys == 0, "spec.restoreDrill.sampleKeys",
            "sampling keys is not implemented yet; must be 0")
        .atLeast(drill.timeoutMinutes, 1, "spec.restoreDrill.timeoutMinutes")
        .matches(drill.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, "spec.restoreDrill.iamRoleArn", "IAM role ARN");
    if (drill.schedule == null || drill.schedule.isBlank()) {
      validation.problems().add("spec.restoreDrill.schedule: required");
      return;
    }
    try {
      ScheduleCalculator.parse(drill.schedule, "UTC");
    } catch (IllegalArgumentException e) {
      validation.problems().add(e.getMessage().replaceFirst("^spec\\.schedule", "spec.restoreDrill.schedule"));
    }
  }

  private static void schedule(SpecValidation validation, String schedule, String timeZone) {
    try {
      ScheduleCalculator.parse(schedule, timeZone);
    } catch (IllegalArgumentException e) {
      validation.problems().add(e.getMessage());
    }
  }
}
