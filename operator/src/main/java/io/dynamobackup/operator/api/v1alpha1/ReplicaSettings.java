package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A replica of a global table (version 2019.11.21) in another Region. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaSettings {
  @JsonPropertyDescription("Region of the replica; never the table's own Region.")
  @Required
  @Pattern(ApiPatterns.REGION)
  public String regionName;

  @JsonPropertyDescription("Customer managed KMS key of the replica, in the replica's Region. Default: the key type of"
      + " the table.")
  public String kmsMasterKeyId;

  @JsonPropertyDescription("Table class of the replica. Default: the table's.")
  public TableSettings.TableClass tableClassOverride;

  public ReplicaSettings() {}

  public ReplicaSettings(String regionName) {
    this.regionName = regionName;
  }
}
