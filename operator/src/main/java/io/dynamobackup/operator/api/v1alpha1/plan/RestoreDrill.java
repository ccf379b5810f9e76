package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A scheduled restore of the newest recovery point into a scratch table, checked and then deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreDrill {
  @JsonPropertyDescription("Cron schedule of the drill, in the plan's time zone.")
  @Required
  public String schedule;

  @JsonPropertyDescription("Name of the scratch table; {table} and {date} are replaced. Default {table}-drill-{date}.")
  @Default("\"{table}-drill-{date}\"")
  public String targetTableNamePattern = "{table}-drill-{date}";

  @JsonPropertyDescription("Check that the restored item count equals the source's count at backup time.")
  @Default("true")
  public Boolean checkItemCount = Boolean.TRUE;

  @JsonPropertyDescription("Number of keys sampled from the source at backup time that must be present after restore.")
  @Min(0)
  @Default("0")
  public Integer sampleKeys = 0;

  @JsonPropertyDescription("Check that the captured table settings were re-applied to the scratch table.")
  @Default("true")
  public Boolean checkSettings = Boolean.TRUE;

  @JsonPropertyDescription("IAM role for the drill's restore job; defaults to spec.iamRoleArn.")
  public String iamRoleArn;

  @JsonPropertyDescription("Extra notes shown in events (e.g. a runbook link).")
  public List<String> notes;
}
