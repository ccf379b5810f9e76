package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
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

  @JsonPropertyDescription("Minutes after the job is requested within which it must start, or AWS expires it.")
  @Min(60)
  @Max(10080)
  public Long startWindowMinutes;

  @JsonPropertyDescription("Minutes after the job starts within which it must complete, or AWS expires it.")
  @Min(120)
  public Long completionWindowMinutes;

  @JsonPropertyDescription("Lifecycle of the recovery point (cold storage, expiry), passed to AWS Backup so points"
      + " expire even when the operator is gone.")
  public Lifecycle lifecycle;

  @JsonPropertyDescription("Copies of the recovery point to other vaults (other Regions or accounts of the same"
      + " partition), started when the backup completes. At most 20.")
  @Size(max = 20)
  public List<CopyTarget> copies;

  @JsonPropertyDescription("Tags for the recovery point (at most 50, AWS's limit per resource). The operator adds"
      + " dynamobackup.io/* tags that identify the object.")
  @Size(max = 50)
  public Map<String, @Size(max = 256) String> recoveryPointTags;

  @JsonPropertyDescription("Record, at backup time, the table settings AWS Backup does not restore (tags, TTL, stream,"
      + " PITR, deletion protection, resource policy, auto scaling, alarms), so a DynamoRestore can re-apply them.")
  @Default("true")
  public Boolean captureTableSettings = Boolean.TRUE;
}
