package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.rules.ArnRules;
import io.dynamobackup.operator.rules.BackupJobRules;
import io.dynamobackup.operator.rules.Scope;
import io.dynamobackup.operator.rules.TagRules;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import java.util.List;

/** Reconcile-time validation of a plan, mirroring the CRD's schema and CEL rules (not every API server runs CEL). */
final class PlanSpecs {
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

  /**
   * Every problem of the plan that is certain before any AWS call: the CRD's schema and CEL rules, the AWS rules of
   * the jobs its backups start ({@link BackupJobRules}, with the table's or the selector's partition and Region), the
   * schedule and the restore drill.
   */
  static List<String> validate(DynamoBackupPlanSpec spec) {
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation validation = new SpecValidation()
        .check((spec.table == null) != (spec.tableSelector == null), "spec.table",
            "set exactly one of spec.table and spec.tableSelector");
    Scope scope = null;
    if (spec.table != null) {
      validation.table(spec.table, "spec.table");
      scope = Scope.ofTable(spec.table);
    }
    if (spec.tableSelector != null) {
      validation.required(spec.tableSelector.region, "spec.tableSelector.region")
          .region(spec.tableSelector.region, "spec.tableSelector.region")
          .check(spec.tableSelector.matchTags != null && !spec.tableSelector.matchTags.isEmpty(),
              "spec.tableSelector.matchTags", "at least one tag is required");
      // Tags that no DynamoDB table can carry would select nothing; AWS's own aws: tags can be matched.
      TagRules.tags(validation, spec.tableSelector.matchTags, "spec.tableSelector.matchTags",
          TagRules.Charset.DYNAMODB, TagRules.MAX_TAGS, true);
      if (spec.table == null) {
        scope = Scope.of(spec.tableSelector.region, null, "the selected tables' Region " + spec.tableSelector.region);
      }
    }
    if (spec.template == null) {
      return validation.required(null, "spec.template").problems();
    }
    // The operator tags every point with the namespace, name, uid, hold, plan and schedule slot of its DynamoBackup.
    BackupJobRules.job(validation, spec.template, "spec.template", scope, 6);
    validation.atLeast(spec.startingDeadlineSeconds, 0, "spec.startingDeadlineSeconds")
        .atLeast(spec.successfulBackupsHistoryLimit, 0, "spec.successfulBackupsHistoryLimit")
        .atLeast(spec.failedBackupsHistoryLimit, 0, "spec.failedBackupsHistoryLimit");
    if (spec.template.copies != null) {
      for (int i = 0; i < spec.template.copies.size(); i++) {
        validation.check(spec.template.copies.get(i).recoveryPointArn == null,
            "spec.template.copies[" + i + "].recoveryPointArn",
            "is only for a DynamoBackup that adopts an existing copy, not for a plan's template");
      }
    }
    RetentionPolicy retention = spec.retention;
    if (retention != null) {
      validation.check(retention.keepLast != null || positive(retention.daily) || positive(retention.weekly)
              || positive(retention.monthly) || positive(retention.yearly), "spec.retention",
              "must keep at least one recovery point: set keepLast, or daily, weekly, monthly or yearly above 0")
          .atLeast(retention.keepLast, 1, "spec.retention.keepLast")
          .atLeast(retention.daily, 0, "spec.retention.daily")
          .atLeast(retention.weekly, 0, "spec.retention.weekly")
          .atLeast(retention.monthly, 0, "spec.retention.monthly")
          .atLeast(retention.yearly, 0, "spec.retention.yearly");
    }
    schedule(validation, spec.schedule, "UTC"); // the two checks separately, so both problems are reported at once
    schedule(validation, "@daily", spec.timeZone);
    drill(validation, spec.restoreDrill, spec.table, scope);
    return validation.problems();
  }

  /** The longest table name a drill pattern's {table} can stand for: the plan's table, or any DynamoDB name. */
  private static final int MAX_TABLE_NAME = 255;
  private static final int MIN_TABLE_NAME = 3;

  private static void drill(SpecValidation validation, RestoreDrill drill, TableReference table, Scope scope) {
    if (drill == null) {
      return;
    }
    String field = "spec.restoreDrill.targetTableNamePattern";
    String pattern = drill.targetTableNamePattern;
    if (pattern != null) {
      validation.check(pattern.contains("{date}"), field,
              "must contain {date}, so every drill restores into a new table and never into the protected one")
          .check(pattern.replace("{table}", "").replace("{date}", "").matches("[a-zA-Z0-9_.-]*"), field,
              "only letters, digits, '_', '.', '-' and the placeholders {table} and {date} are allowed");
      // {date} is 12 digits; {table} the plan's table name, or with a selector at least 3 characters.
      String tableName = table == null ? null : table.name != null ? table.name
          : table.arn != null && table.arn.matches(ApiPatterns.TABLE_ARN) ? Arn.parse(table.arn).resourceName() : null;
      int occurrences = (pattern.length() - pattern.replace("{table}", "").length()) / "{table}".length();
      int fixed = pattern.replace("{table}", "").replace("{date}", "202601010000").length();
      int shortest = fixed + occurrences * (tableName != null ? tableName.length() : MIN_TABLE_NAME);
      validation.check(shortest <= MAX_TABLE_NAME, field, "too long: the scratch table's name would have "
          + (tableName != null || occurrences == 0 ? "" : "at least ") + shortest + " characters"
          + (tableName != null ? " with table " + tableName : "") + "; DynamoDB table names have at most "
          + MAX_TABLE_NAME)
          .check(shortest >= MIN_TABLE_NAME, field, "too short: a DynamoDB table name has at least 3 characters");
    }
    validation.check(drill.sampleKeys == null || drill.sampleKeys == 0, "spec.restoreDrill.sampleKeys",
            "sampling keys is not implemented yet; must be 0")
        .atLeast(drill.timeoutMinutes, 1, "spec.restoreDrill.timeoutMinutes")
        .matches(drill.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, "spec.restoreDrill.iamRoleArn", "IAM role ARN");
    ArnRules.role(validation, drill.iamRoleArn, "spec.restoreDrill.iamRoleArn", scope);
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

  private static boolean positive(Integer count) {
    return count != null && count > 0;
  }
}
