package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.conflictPolicy) && self.conflictPolicy == 'OverwriteIfUnchangedSince')"
    + " == has(self.unchangedSince)",
    message = "unchangedSince is required with conflictPolicy OverwriteIfUnchangedSince, and only then")
public class DynamoItemRestoreSpec {
  @JsonPropertyDescription("Where the items come from, in the forms a DynamoRestore takes: recoveryPointArn,"
      + " backupRef, planRef (+ pointInTime) or pointInTimeRecovery. It is restored into a scratch table first."
      + " Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "source is immutable; create a new DynamoItemRestore instead")
  public RestoreSource source;

  @JsonPropertyDescription("The existing table the selected items are written into. Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "target is immutable; create a new DynamoItemRestore instead")
  public ItemRestoreTarget target;

  @JsonPropertyDescription("Which items to put back: keys, filter or all: true. A change once the item restore"
      + " started stalls it (reason SpecChanged) until it is reverted.")
  @Required
  public ItemSelection items;

  @JsonPropertyDescription("What happens when a selected item exists in the target: SkipExisting (default: never"
      + " overwrite), Overwrite, or OverwriteIfUnchangedSince (see unchangedSince). Every write is conditional, so an"
      + " item the application writes meanwhile is judged as it is at that moment. Immutable.")
  @Default("SkipExisting")
  @ValidationRule(value = "self == oldSelf", message = "conflictPolicy is immutable")
  public ConflictPolicy conflictPolicy = ConflictPolicy.SkipExisting;

  @JsonPropertyDescription("With conflictPolicy OverwriteIfUnchangedSince: the attribute and time that decide whether an"
      + " existing item may be overwritten. Immutable.")
  @ValidationRule(value = "self == oldSelf", message = "unchangedSince is immutable")
  public UnchangedSince unchangedSince;

  @JsonPropertyDescription("Report what would happen (itemsMatched, itemsSkipped, wouldWrite and sample keys) without"
      + " writing anything into the target. The scratch table is still restored and deleted. Immutable.")
  @Default("false")
  @ValidationRule(value = "self == oldSelf", message = "dryRun is immutable")
  public Boolean dryRun = Boolean.FALSE;

  @JsonPropertyDescription("How fast items are written, so the target keeps serving its application. May be changed"
      + " while the copy runs.")
  public WriteRate writeRate;

  @JsonPropertyDescription("Name of the scratch table the source is restored into; it must not exist, and it is"
      + " deleted when the item restore ends (also when it fails). Default: <target>-items-<8 hex digits derived from this"
      + " object's uid>.")
  @Pattern(ApiPatterns.TABLE_NAME)
  @ValidationRule(value = "self == oldSelf", message = "scratchTableName is immutable")
  public String scratchTableName;

  @JsonPropertyDescription("IAM role AWS Backup assumes to restore a recovery point into the scratch table. Defaults to"
      + " the source backup's role; not used for DynamoDB-native and point-in-time sources.")
  @Pattern(ApiPatterns.IAM_ROLE_ARN)
  public String iamRoleArn;
}
