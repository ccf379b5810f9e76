package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.aws.Arn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a spec at reconcile time, like the CRD's schema and CEL rules do (which not every API server runs), and
 * collects one message per problem, each starting with the offending field.
 */
public final class SpecValidation {
  private final List<String> problems = new ArrayList<>();

  public List<String> problems() {
    return problems;
  }

  public SpecValidation required(Object value, String field) {
    if (value == null) {
      problems.add(field + ": required");
    }
    return this;
  }

  public SpecValidation matches(String value, String regex, String field, String what) {
    if (value != null && !Pattern.compile(regex).matcher(value).find()) {
      problems.add(field + ": '" + value + "' is not a valid " + what);
    }
    return this;
  }

  public SpecValidation atLeast(Number value, long minimum, String field) {
    if (value != null && value.longValue() < minimum) {
      problems.add(field + ": must be at least " + minimum + ", not " + value);
    }
    return this;
  }

  public SpecValidation check(boolean ok, String field, String message) {
    if (!ok) {
      problems.add(field + ": " + message);
    }
    return this;
  }

  public SpecValidation table(TableReference table, String field) {
    required(table, field);
    if (table == null) {
      return this;
    }
    check((table.name == null) != (table.arn == null), field, "set exactly one of name or arn");
    matches(table.name, ApiPatterns.TABLE_NAME, field + ".name", "DynamoDB table name");
    matches(table.arn, ApiPatterns.TABLE_ARN, field + ".arn", "DynamoDB table ARN");
    matches(table.region, ApiPatterns.REGION, field + ".region", "AWS Region");
    if (table.arn == null) {
      required(table.region, field + ".region");
    } else if (table.region != null && Pattern.compile(ApiPatterns.TABLE_ARN).matcher(table.arn).find()) {
      String arnRegion = Arn.parse(table.arn).region();
      check(arnRegion.equals(table.region), field + ".region",
          "'" + table.region + "' does not match the Region of " + field + ".arn ('" + arnRegion + "')");
    }
    return this;
  }

  /**
   * The fields every AWS Backup job takes: a DynamoBackup's spec ({@code field} "spec") or the template of the plans
   * that create them ("spec.template").
   */
  public SpecValidation backupJob(BackupTemplate job, String field) {
    return required(job.backupVault, field + ".backupVault")
        .matches(job.backupVault, ApiPatterns.BACKUP_VAULT_NAME, field + ".backupVault", "backup vault name")
        .required(job.iamRoleArn, field + ".iamRoleArn")
        .matches(job.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, field + ".iamRoleArn", "IAM role ARN")
        .windows(job.startWindowMinutes, job.completionWindowMinutes, field)
        .lifecycle(job.lifecycle, field + ".lifecycle")
        .copies(job.copies, field);
  }

  public SpecValidation windows(Long startWindowMinutes, Long completionWindowMinutes, String field) {
    atLeast(startWindowMinutes, 60, field + ".startWindowMinutes");
    atLeast(completionWindowMinutes, 120, field + ".completionWindowMinutes");
    if (startWindowMinutes != null && completionWindowMinutes != null) {
      check(completionWindowMinutes > startWindowMinutes, field + ".completionWindowMinutes",
          "must be greater than " + field + ".startWindowMinutes");
    }
    return this;
  }

  public SpecValidation lifecycle(Lifecycle lifecycle, String field) {
    if (lifecycle == null) {
      return this;
    }
    atLeast(lifecycle.moveToColdStorageAfterDays, 1, field + ".moveToColdStorageAfterDays");
    atLeast(lifecycle.deleteAfterDays, 1, field + ".deleteAfterDays");
    if (lifecycle.moveToColdStorageAfterDays != null && lifecycle.deleteAfterDays != null) {
      check(lifecycle.deleteAfterDays >= lifecycle.moveToColdStorageAfterDays + 90, field + ".deleteAfterDays",
          "must be at least moveToColdStorageAfterDays + 90 (AWS Backup keeps cold recovery points for 90 days)");
    }
    return this;
  }

  /**
   * A DynamoBackup that adopts a recovery point (spec.recoveryPointArn) starts no job, so the job's windows and tags do
   * not apply; existing copies (copies[].recoveryPointArn) only go with an adopted point, in their vault's Region.
   */
  public SpecValidation adoption(io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec spec) {
    String arn = spec.recoveryPointArn;
    matches(arn, ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN, "spec.recoveryPointArn", "AWS Backup recovery point ARN");
    if (arn != null) {
      String why = " does not apply: a DynamoBackup that adopts a recovery point (spec.recoveryPointArn) starts no"
          + " backup job";
      check(spec.startWindowMinutes == null, "spec.startWindowMinutes", why);
      check(spec.completionWindowMinutes == null, "spec.completionWindowMinutes", why);
      check(spec.recoveryPointTags == null, "spec.recoveryPointTags", why);
      if (spec.table != null && Pattern.compile(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN).matcher(arn).find()) {
        String tableRegion = spec.table.arn != null && Pattern.compile(ApiPatterns.TABLE_ARN).matcher(spec.table.arn)
            .find() ? Arn.parse(spec.table.arn).region() : spec.table.region;
        check(tableRegion == null || tableRegion.equals(Arn.parse(arn).region()), "spec.recoveryPointArn",
            "is in Region " + Arn.parse(arn).region() + ", spec.table in " + tableRegion
                + ": a recovery point is in its table's Region (name its copy in spec.copies instead)");
      }
    }
    if (spec.copies != null) {
      for (int i = 0; i < spec.copies.size(); i++) {
        CopyTarget copy = spec.copies.get(i);
        String field = "spec.copies[" + i + "].recoveryPointArn";
        if (copy.recoveryPointArn == null) {
          continue;
        }
        check(arn != null, field, "names an existing copy and needs spec.recoveryPointArn (the adopted recovery point)");
        matches(copy.recoveryPointArn, ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN, field, "AWS Backup recovery point ARN");
        if (copy.backupVaultArn != null && Pattern.compile(ApiPatterns.BACKUP_VAULT_ARN).matcher(copy.backupVaultArn)
            .find() && Pattern.compile(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN).matcher(copy.recoveryPointArn)
            .find()) {
          Arn vault = Arn.parse(copy.backupVaultArn);
          Arn point = Arn.parse(copy.recoveryPointArn);
          check(vault.region().equals(point.region()) && vault.account().equals(point.account()), field,
              "is in " + point.account() + "/" + point.region() + ", not in the account and Region of "
                  + copy.backupVaultArn);
        }
      }
    }
    return this;
  }

  public SpecValidation copies(List<CopyTarget> copies, String parent) {
    if (copies == null) {
      return this;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < copies.size(); i++) {
      String field = parent + ".copies[" + i + "]";
      CopyTarget copy = copies.get(i);
      required(copy.backupVaultArn, field + ".backupVaultArn");
      matches(copy.backupVaultArn, ApiPatterns.BACKUP_VAULT_ARN, field + ".backupVaultArn", "backup vault ARN");
      check(copy.backupVaultArn == null || seen.add(copy.backupVaultArn), field + ".backupVaultArn",
          "duplicate destination " + copy.backupVaultArn);
      lifecycle(copy.lifecycle, field + ".lifecycle");
    }
    return this;
  }
}
