package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.completionWindowMinutes) || !has(self.startWindowMinutes)"
    + " || self.completionWindowMinutes > self.startWindowMinutes",
    message = "completionWindowMinutes must be greater than startWindowMinutes")
public class DynamoBackupSpec {
  @JsonPropertyDescription("The DynamoDB table to back up. Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "table is immutable; create a new DynamoBackup instead")
  public TableReference table;

  @JsonPropertyDescription("Name of the AWS Backup vault, in the table's Region and account, that receives the recovery point.")
  @Required
  @Pattern(ApiPatterns.BACKUP_VAULT_NAME)
  public String backupVault;

  @JsonPropertyDescription("IAM role AWS Backup assumes to create the backup (iam:PassRole is checked by AWS).")
  @Required
  @Pattern(ApiPatterns.IAM_ROLE_ARN)
  public String iamRoleArn;

  @JsonPropertyDescription("Minutes after the job is requested within which it must start, or AWS expires it.")
  @Min(60)
  @Max(10080)
  public Long startWindowMinutes;

  @JsonPropertyDescription("Minutes after the job starts within which it must complete, or AWS expires it.")
  @Min(120)
  public Long completionWindowMinutes;

  @JsonPropertyDescription("Lifecycle of the recovery point (cold storage, expiry), enforced by AWS Backup.")
  public Lifecycle lifecycle;

  @JsonPropertyDescription("Copies of the recovery point to other vaults (other Regions, accounts or partitions),"
      + " started when the backup completes.")
  public List<CopyTarget> copies;

  @JsonPropertyDescription("Tags for the recovery point. The operator adds dynamobackup.io/* tags that identify this object.")
  public Map<String, String> recoveryPointTags;

  @JsonPropertyDescription("Record, at backup time, the table settings AWS Backup does not restore (tags, TTL, stream,"
      + " PITR, deletion protection, resource policy, auto scaling, alarms), so a DynamoRestore can re-apply them.")
  @Default("true")
  public Boolean captureTableSettings = Boolean.TRUE;

  @JsonPropertyDescription("What happens to the recovery point(s), copies included, when this object is deleted:"
      + " Retain (default) keeps them in AWS; Delete deletes them through AWS Backup.")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
