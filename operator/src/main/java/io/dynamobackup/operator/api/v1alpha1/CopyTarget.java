package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CopyTarget {
  @JsonPropertyDescription("ARN of the destination backup vault. Its Region and account decide where the copy goes:"
      + " another Region or account of the source's partition (aws, aws-cn or aws-us-gov); AWS Backup never copies"
      + " from one partition to another.")
  @Required
  @Pattern(ApiPatterns.BACKUP_VAULT_ARN)
  @Size(max = 256)
  public String backupVaultArn;

  @JsonPropertyDescription("Lifecycle of the copied recovery point; independent from the source's lifecycle.")
  public Lifecycle lifecycle;

  @JsonPropertyDescription("Only on a DynamoBackup that adopts an existing recovery point (spec.recoveryPointArn): the"
      + " existing copy of that point in this vault, recorded as the backup's copy instead of copying again."
      + " Not allowed in a plan's template.")
  @Pattern(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN)
  @Size(max = 1024)
  public String recoveryPointArn;

  public CopyTarget() {}

  public CopyTarget(String backupVaultArn, Lifecycle lifecycle) {
    this.backupVaultArn = backupVaultArn;
    this.lifecycle = lifecycle;
  }
}
