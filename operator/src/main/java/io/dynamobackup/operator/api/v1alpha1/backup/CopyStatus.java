package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "completionTime")
public class CopyStatus {
  @JsonPropertyDescription("Destination vault ARN, as in spec.copies.")
  public String destinationBackupVaultArn;

  @JsonPropertyDescription("AWS Backup copy job id.")
  public String copyJobId;

  @JsonPropertyDescription("Copy job state as reported by AWS Backup (CREATED, RUNNING, COMPLETED, FAILED, ...).")
  public String state;

  @JsonPropertyDescription("ARN of the recovery point created in the destination vault.")
  public String destinationRecoveryPointArn;

  @JsonPropertyDescription("When the copy completed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Status message from AWS Backup when the copy failed.")
  public String message;
}
