package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;

/**
 * The settings of a table as captured at backup time, with what a restore needs to re-point them at another table:
 * the source table's name and ARN and its stream's ARN. A self-contained, serialisable value: a DynamoBackup keeps it
 * in its status (or a ConfigMap), a recovery catalog can keep it next to the recovery point.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@io.fabric8.crdv2.generator.v1.SchemaCustomizer(value = io.dynamobackup.operator.api.v1alpha1.SchemaPatch.DateTime.class,
    input = "capturedTime")
public class CapturedTableSettings extends TableSettings {
  @JsonPropertyDescription("Name of the table the settings were read from.")
  public String sourceTableName;

  @JsonPropertyDescription("ARN of the table the settings were read from; its occurrences in resource policies are"
      + " rewritten to the restored table's ARN.")
  public String sourceTableArn;

  @JsonPropertyDescription("ARN of the source table's latest stream, when it had one.")
  public String sourceStreamArn;

  @JsonPropertyDescription("When the settings were read (RFC 3339).")
  public String capturedTime;
}
