package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.fabric8.generator.annotation.Default;

/** Desired settings of the restored table: the captured source settings, overlaid with explicit fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSettings extends TableSettings {
  /** What the operator does when a Ready restored table no longer has its desired settings. */
  public enum DriftPolicy { Correct, Report, Ignore }

  @JsonPropertyDescription("Start from the settings captured from the source table at backup time; explicit fields"
      + " here override them (tags merge key by key).")
  @Default("true")
  public Boolean fromSource = Boolean.TRUE;

  @JsonPropertyDescription("Also re-create the source's global table replicas (version 2019.11.21): the restored"
      + " table gets a replica in each Region the source table spanned except its own. Off by default because"
      + " replicas cost money; spec.settings.replicas names them explicitly instead.")
  @Default("false")
  public Boolean replicasFromSource = Boolean.FALSE;

  @JsonPropertyDescription("What happens when a Ready restored table drifts from its desired settings (someone"
      + " changed it): Report (the default) sets condition SettingsDrifted=True listing each differing setting and"
      + " emits one Warning event per change, without touching the table; Correct applies the desired settings again;"
      + " Ignore stops checking. Report is the default because a restored table is often handed over to Terraform,"
      + " an ACK Table or a person afterwards, and correcting continuously would fight every change they make; choose"
      + " Correct when this DynamoRestore is the table's only owner. Settings are always applied once, while the"
      + " restore runs.")
  @Default("Report")
  public DriftPolicy driftPolicy = DriftPolicy.Report;

  /** The drift policy in force (Report when unset). */
  public DriftPolicy effectiveDriftPolicy() {
    return driftPolicy == null ? DriftPolicy.Report : driftPolicy;
  }
}
