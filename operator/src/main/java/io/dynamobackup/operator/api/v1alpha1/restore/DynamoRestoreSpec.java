package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynamoRestoreSpec {
  @JsonPropertyDescription("What to restore: a recovery point (by ARN, DynamoBackup or plan) or a table's point-in-time"
      + " recovery. Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "source is immutable; create a new DynamoRestore instead")
  public RestoreSource source;

  @JsonPropertyDescription("The new table to create. Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "target is immutable; create a new DynamoRestore instead")
  public RestoreTarget target;

  @JsonPropertyDescription("Settings AWS Backup does not restore, applied once the table is ACTIVE and kept in sync.")
  public RestoreSettings settings;

  @JsonPropertyDescription("IAM role AWS Backup assumes for the restore (and a copy, if one is needed)."
      + " Defaults to the source backup's role. Not used by DynamoDB-native and point-in-time restores, which run as"
      + " the operator.")
  @Pattern(ApiPatterns.IAM_ROLE_ARN)
  public String iamRoleArn;

  @JsonPropertyDescription("What happens to the restored table when this object is deleted: Retain (default) keeps it,"
      + " Delete deletes it (refused by DynamoDB while deletion protection is on).")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
