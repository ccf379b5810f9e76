package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * What an AWS Backup job gets, whichever table it backs up: the part of a {@link DynamoBackupSpec} that a
 * DynamoBackupPlan stamps onto every backup it creates ({@code spec.template}), as a CronJob holds a job template.
 * Sizes are bounded so that the API server can price the CEL rules that compare these fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.completionWindowMinutes) || !has(self.startWindowMinutes)"
    + " || self.completionWindowMinutes > self.startWindowMinutes",
    message = "completionWindowMinutes must be greater than startWindowMinutes")
public class BackupTemplate {
  @JsonPropertyDescription("Name of the AWS Backup vault, in the table's Region and account, that receives the"
      + " recovery point.")
  @Required
  @Pattern(ApiPatterns.BACKUP_VAULT_NAME)
  @Size(max = 50)
  public String backupVault;

  @JsonPropertyDescription("IAM role AWS Backup assumes to create the backup and its copies (iam:PassRole is"
      + " checked by AWS).")
  @Required
  @Pattern(ApiPatterns.IAM_ROLE_ARN)
  @Size(max = 2048)
  public String iamRoleArn;

  @JsonPropertyDescription("Minutes after the backup is requested (the object's creation, or its plan's schedule"
      + " slot) within which it must start, or it ends Expired without a recovery point: 60 to 52,560,000, default"
      + " 480 (AWS Backup's). The time the operator holds the backup back behind another job of the same table (AWS"
      + " runs one at a time) counts too; the job is then started with what is left, at least AWS's minimum of 60.")
  @Min(60)
  // The maximum as a CEL rule: a schema maximum of 52560000 is written as 5.256E7, which YAML 1.1 reads as a string.
  @ValidationRule(value = "self <= 52560000", message = "must be at most 52,560,000 minutes (100 years, AWS Backup's"
      + " maximum)")
  public Long startWindowMinutes;

  @JsonPropertyDescription("Minutes after the backup is requested (not after it starts: AWS Backup counts from the"
      + " request) within which it must complete, or it ends Expired without a recovery point: 60 to 52,560,000,"
      + " default 10080 (7 days). Must be greater than startWindowMinutes.")
  @Min(60)
  // The maximum as a CEL rule: a schema maximum of 52560000 is written as 5.256E7, which YAML 1.1 reads as a string.
  @ValidationRule(value = "self <= 52560000", message = "must be at most 52,560,000 minutes (100 years, AWS Backup's"
      + " maximum)")
  public Long completionWindowMinutes;

  @JsonPropertyDescription("Lifecycle of the recovery point (cold storage, expiry), passed to AWS Backup so points"
      + " expire even when the operator is gone. In a plan's template an edit reaches only the backups created"
      + " afterwards, unless the plan's lifecycleUpdates is AllBackups; a DynamoBackup's lifecycle is immutable.")
  public Lifecycle lifecycle;

  @JsonPropertyDescription("Copies of the recovery point to other vaults (other Regions or accounts of the same"
      + " partition), started when the backup completes. At most 20.")
  @Size(max = 20)
  public List<CopyTarget> copies;

  @JsonPropertyDescription("Tags for the recovery point. AWS allows 50 per recovery point and the operator adds up to"
      + " four dynamobackup.io/* tags that identify the object, so at most 46 (47 on a DynamoBackup without a plan);"
      + " keys 1 to 128 and values up to 256 characters of letters, numbers, spaces and + - = . _ : / @; keys"
      + " starting with aws: or dynamobackup.io/ are reserved.")
  @Size(max = 50)
  public Map<String, @Size(max = 256) String> recoveryPointTags;

  @JsonPropertyDescription("Record, at backup time, the table settings AWS Backup does not restore (tags, TTL, stream,"
      + " PITR, deletion protection, resource policy, auto scaling, alarms), so a DynamoRestore can re-apply them.")
  @Default("true")
  public Boolean captureTableSettings = Boolean.TRUE;
}
