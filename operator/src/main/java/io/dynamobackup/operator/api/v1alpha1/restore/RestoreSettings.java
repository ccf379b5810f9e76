package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.fabric8.generator.annotation.Default;

/** Desired settings of the restored table: the captured source settings, overlaid with explicit fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSettings extends TableSettings {
  @JsonPropertyDescription("Start from the settings captured from the source table at backup time; explicit fields"
      + " here override them.")
  @Default("true")
  public Boolean fromSource = Boolean.TRUE;
}
