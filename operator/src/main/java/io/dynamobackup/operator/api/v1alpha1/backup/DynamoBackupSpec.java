package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
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

  @JsonPropertyDescription("What happens to the recovery point(s), copies included, when this object is deleted:"
      + " Retain (default) keeps them in AWS; Delete deletes them through AWS Backup. The only field that can"
      + " change after creation.")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
