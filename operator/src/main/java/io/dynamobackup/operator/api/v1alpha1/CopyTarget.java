package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CopyTarget {
  @JsonPropertyDescription("ARN of the destination backup vault. Its Region, account and partition decide where the"
      + " copy goes (cross-Region, cross-account, and aws-cn / aws-us-gov are all supported).")
  @Required
  @Pattern(ApiPatterns.BACKUP_VAULT_ARN)
  public String backupVaultArn;

  @JsonPropertyDescription("Lifecycle of the copied recovery point; independent from the source's lifecycle.")
  public Lifecycle lifecycle;

  public CopyTarget() {}

  public CopyTarget(String backupVaultArn, Lifecycle lifecycle) {
    this.backupVaultArn = backupVaultArn;
    this.lifecycle = lifecycle;
  }
}
