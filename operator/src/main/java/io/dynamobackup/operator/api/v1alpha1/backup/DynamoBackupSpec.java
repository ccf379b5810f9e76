package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One backup job: the table, what the job gets ({@link BackupTemplate}) and the deletion policy. Everything but
 * {@code deletionPolicy} is immutable (CEL transition rules): AWS Backup can neither change nor cancel a started job.
 * The operator also detects a changed job spec itself (condition SpecLocked), for API servers without CEL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.backupVault == oldSelf.backupVault",
    message = "backupVault " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".backupVault")
@ValidationRule(value = "self.iamRoleArn == oldSelf.iamRoleArn",
    message = "iamRoleArn " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".iamRoleArn")
@ValidationRule(value = "has(self.startWindowMinutes) == has(oldSelf.startWindowMinutes)"
    + " && (!has(self.startWindowMinutes) || self.startWindowMinutes == oldSelf.startWindowMinutes)",
    message = "startWindowMinutes " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".startWindowMinutes")
@ValidationRule(value = "has(self.completionWindowMinutes) == has(oldSelf.completionWindowMinutes)"
    + " && (!has(self.completionWindowMinutes) || self.completionWindowMinutes == oldSelf.completionWindowMinutes)",
    message = "completionWindowMinutes " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".completionWindowMinutes")
@ValidationRule(value = "has(self.lifecycle) == has(oldSelf.lifecycle)"
    + " && (!has(self.lifecycle) || self.lifecycle == oldSelf.lifecycle)",
    message = "lifecycle " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".lifecycle")
@ValidationRule(value = "has(self.copies) == has(oldSelf.copies)"
    + " && (!has(self.copies) || self.copies == oldSelf.copies)",
    message = "copies " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".copies")
@ValidationRule(value = "has(self.recoveryPointTags) == has(oldSelf.recoveryPointTags)"
    + " && (!has(self.recoveryPointTags) || self.recoveryPointTags == oldSelf.recoveryPointTags)",
    message = "recoveryPointTags " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".recoveryPointTags")
@ValidationRule(value = "has(self.recoveryPointArn) == has(oldSelf.recoveryPointArn)"
    + " && (!has(self.recoveryPointArn) || self.recoveryPointArn == oldSelf.recoveryPointArn)",
    message = "recoveryPointArn is immutable; create a new DynamoBackup to adopt another recovery point",
    fieldPath = ".recoveryPointArn")
@ValidationRule(value = "!has(self.recoveryPointArn) || (!has(self.startWindowMinutes)"
    + " && !has(self.completionWindowMinutes) && !has(self.recoveryPointTags))",
    message = "a DynamoBackup that adopts a recovery point (recoveryPointArn) starts no backup job:"
        + " startWindowMinutes, completionWindowMinutes and recoveryPointTags do not apply")
@ValidationRule(value = "has(self.recoveryPointArn) || !has(self.copies) || self.copies.all(c, !has(c.recoveryPointArn))",
    message = "copies[].recoveryPointArn names an existing copy and needs recoveryPointArn (the adopted recovery point)")
@ValidationRule(value = "has(self.captureTableSettings) == has(oldSelf.captureTableSettings)"
    + " && (!has(self.captureTableSettings) || self.captureTableSettings == oldSelf.captureTableSettings)",
    message = "captureTableSettings " + DynamoBackupSpec.IMMUTABLE, fieldPath = ".captureTableSettings")
public class DynamoBackupSpec extends BackupTemplate {
  static final String IMMUTABLE = "is immutable: AWS Backup cannot change or cancel a started job; create a new"
      + " DynamoBackup instead (only deletionPolicy can change)";

  @JsonPropertyDescription("The DynamoDB table to back up. Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "table is immutable; create a new DynamoBackup instead")
  public TableReference table;

  @JsonPropertyDescription("Adopt this existing AWS Backup recovery point of spec.table, kept in spec.backupVault,"
      + " instead of starting a backup job: e.g. one this operator made before the cluster was rebuilt, or one made"
      + " by AWS Backup itself. No job is started; the point is checked with DescribeRecoveryPoint, its copies named"
      + " in spec.copies[].recoveryPointArn are recorded (copies without one are made), and settings captured with it"
      + " are read from the recovery catalog when a restore needs them. A point or copy another DynamoBackup holds"
      + " (it made it or adopted it; tag dynamobackup.io/hold/<uid> on the point) is not adopted: Failed, reason"
      + " RecoveryPointInUse. Immutable.")
  @Pattern(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN)
  @Size(max = 1024)
  public String recoveryPointArn;

  @JsonPropertyDescription("What happens to the recovery point(s), copies included, when this object is deleted:"
      + " Retain (default) keeps them in AWS and removes this backup's hold tag from them; Delete deletes them through"
      + " AWS Backup, except a point or copy another DynamoBackup holds (kept, Warning RecoveryPointInUse), and waits"
      + " while a restore job from one of them runs (reason RecoveryPointBeingRestored). The only field that can"
      + " change after creation.")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
