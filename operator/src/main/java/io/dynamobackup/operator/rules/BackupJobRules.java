package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.common.RecoveryPointTags;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS Backup's rules for the jobs the operator starts (StartBackupJob, and StartCopyJob for each copy), checked before
 * the first AWS call: on a DynamoBackup's spec and on a plan's template. Each rule cites where AWS documents it.
 */
public final class BackupJobRules {
  /** StartWindowMinutes and CompleteWindowMinutes: at least an hour, at most 100 years. */
  public static final long MIN_WINDOW_MINUTES = 60;
  public static final long MAX_WINDOW_MINUTES = 52_560_000;
  /** AWS Backup's defaults when a window is not given: 8 hours to start, 7 days to complete. */
  public static final long DEFAULT_START_WINDOW_MINUTES = 480;
  public static final long DEFAULT_COMPLETE_WINDOW_MINUTES = 10_080;
  /** Prefix of the tags the operator puts on every recovery point. */
  public static final String OPERATOR_TAG_PREFIX = RecoveryPointTags.PREFIX;

  private BackupJobRules() {}

  /**
   * Every rule of a backup job's fields ({@code field} is "spec" or "spec.template").
   *
   * @param table        where the job runs (the table's partition, Region and account), null when unknown or invalid
   * @param operatorTags how many dynamobackup.io/ tags the operator adds to the recovery point
   */
  public static void job(SpecValidation v, BackupTemplate job, String field, Scope table, int operatorTags) {
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html (BackupVaultName)
    v.required(job.backupVault, field + ".backupVault")
        .matches(job.backupVault, ApiPatterns.BACKUP_VAULT_NAME, field + ".backupVault",
            "backup vault name (2 to 50 letters, digits, '-', '_')")
        .required(job.iamRoleArn, field + ".iamRoleArn")
        .matches(job.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, field + ".iamRoleArn", "IAM role ARN");
    ArnRules.role(v, job.iamRoleArn, field + ".iamRoleArn", table);
    windows(v, job.startWindowMinutes, job.completionWindowMinutes, field);
    lifecycle(v, job.lifecycle, field + ".lifecycle");
    copies(v, job.copies, field, table);
    TagRules.tags(v, job.recoveryPointTags, field + ".recoveryPointTags", TagRules.Charset.GENERAL,
        TagRules.MAX_TAGS - operatorTags, false);
    v.check(job.recoveryPointTags == null || job.recoveryPointTags.keySet().stream()
            .noneMatch(k -> k.startsWith(OPERATOR_TAG_PREFIX)), field + ".recoveryPointTags",
        "keys starting with " + OPERATOR_TAG_PREFIX + " are reserved for the operator");
  }

  /**
   * StartWindowMinutes and CompleteWindowMinutes are 60 to 52,560,000 minutes; the operator also requires the
   * completion window to be longer than the start window (both count from the request).
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
   */
  public static void windows(SpecValidation v, Long startWindowMinutes, Long completionWindowMinutes, String field) {
    for (Object[] window : new Object[][] {{startWindowMinutes, ".startWindowMinutes"},
        {completionWindowMinutes, ".completionWindowMinutes"}}) {
      v.atLeast((Long) window[0], MIN_WINDOW_MINUTES, field + window[1])
          .atMost((Long) window[0], MAX_WINDOW_MINUTES, field + window[1]);
    }
    if (startWindowMinutes != null && completionWindowMinutes != null) {
      v.check(completionWindowMinutes > startWindowMinutes, field + ".completionWindowMinutes",
          "must be greater than " + field + ".startWindowMinutes");
    }
  }

  /**
   * DeleteAfterDays must be at least MoveToColdStorageAfterDays + 90: cold storage keeps a point 90 days at least.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
   */
  public static void lifecycle(SpecValidation v, Lifecycle lifecycle, String field) {
    if (lifecycle == null) {
      return;
    }
    v.atLeast(lifecycle.moveToColdStorageAfterDays, 1, field + ".moveToColdStorageAfterDays")
        .atLeast(lifecycle.deleteAfterDays, 1, field + ".deleteAfterDays");
    if (lifecycle.moveToColdStorageAfterDays != null && lifecycle.deleteAfterDays != null) {
      v.check(lifecycle.deleteAfterDays >= lifecycle.moveToColdStorageAfterDays + 90, field + ".deleteAfterDays",
          "must be at least moveToColdStorageAfterDays + 90 (AWS Backup keeps cold recovery points for 90 days)");
    }
  }

  /** Each copy: a vault ARN of the source's partition (no copy leaves its partition), once, with a valid lifecycle. */
  public static void copies(SpecValidation v, List<CopyTarget> copies, String parent, Scope table) {
    if (copies == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < copies.size(); i++) {
      String field = parent + ".copies[" + i + "]";
      CopyTarget copy = copies.get(i);
      v.required(copy.backupVaultArn, field + ".backupVaultArn")
          .matches(copy.backupVaultArn, ApiPatterns.BACKUP_VAULT_ARN, field + ".backupVaultArn", "backup vault ARN")
          .check(copy.backupVaultArn == null || seen.add(copy.backupVaultArn), field + ".backupVaultArn",
              "duplicate destination " + copy.backupVaultArn);
      ArnRules.copyDestination(v, copy.backupVaultArn, field + ".backupVaultArn", table);
      lifecycle(v, copy.lifecycle, field + ".lifecycle");
    }
  }

  /**
   * Why copies of this job's recovery point may find it in cold storage already, or null. A point in cold storage
   * cannot be copied; copies start when the backup completes, which AWS allows up to the completion window after the
   * request. https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html
   */
  public static String copiesMayMeetColdStorage(BackupTemplate job, String field) {
    if (job.copies == null || job.copies.isEmpty() || job.lifecycle == null
        || job.lifecycle.moveToColdStorageAfterDays == null) {
      return null;
    }
    long completion = job.completionWindowMinutes != null ? job.completionWindowMinutes
        : DEFAULT_COMPLETE_WINDOW_MINUTES;
    long cold = job.lifecycle.moveToColdStorageAfterDays * 24 * 60;
    if (cold > completion) {
      return null;
    }
    return field + ".lifecycle.moveToColdStorageAfterDays (" + job.lifecycle.moveToColdStorageAfterDays + " days)"
        + " is not longer than the completion window (" + completion + " minutes" + (job.completionWindowMinutes
        == null ? ", AWS's default" : "") + "): a backup that completes late reaches cold storage before its copies"
        + " start, and AWS Backup cannot copy a point in cold storage; move to cold storage later or set a shorter "
        + field + ".completionWindowMinutes";
  }

  /**
   * The fields of a backup job AWS Backup's errors name, with the value they name: the vault (StartBackupJob,
   * ListRecoveryPointsByBackupVault), the role (iam:PassRole), each copy's destination vault (StartCopyJob).
   */
  public static Map<String, String> namedFields(BackupTemplate job, String field) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (job == null) {
      return fields;
    }
    fields.put(field + ".backupVault", job.backupVault);
    fields.put(field + ".iamRoleArn", job.iamRoleArn);
    for (int i = 0; job.copies != null && i < job.copies.size(); i++) {
      fields.put(field + ".copies[" + i + "].backupVaultArn", job.copies.get(i).backupVaultArn);
    }
    return fields;
  }
}
