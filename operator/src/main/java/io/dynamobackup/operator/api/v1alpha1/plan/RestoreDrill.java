package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A scheduled restore of the newest recovery point into a scratch table, checked and then deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreDrill {
  @JsonPropertyDescription("Cron schedule of the drill, in the plan's time zone.")
  @Required
  public String schedule;

  @JsonPropertyDescription("What the drill restores: LatestBackup (default) the plan's newest completed backup, or"
      + " PointInTimeRecovery the plan's table (a tag-selector plan: the table of its newest backup) at its latest"
      + " restorable time, which needs point-in-time recovery on that table. A point-in-time drill checks settings"
      + " but not the item count, which it has no record of.")
  @Default("LatestBackup")
  public DrillSource source = DrillSource.LatestBackup;

  /** What a restore drill restores. */
  public enum DrillSource { LatestBackup, PointInTimeRecovery }

  @JsonPropertyDescription("Name of the scratch table: {table} is replaced by the source table's name, {date} by the"
      + " drill's slot (UTC, yyyyMMddHHmm). Must contain {date}, so every drill restores into a new table and never"
      + " into the protected one; otherwise only letters, digits, '_', '.' and '-'. Default {table}-drill-{date}.")
  @Pattern("^[a-zA-Z0-9_.{}-]*\\{date\\}[a-zA-Z0-9_.{}-]*$")
  @Default("\"{table}-drill-{date}\"")
  public String targetTableNamePattern = "{table}-drill-{date}";

  @JsonPropertyDescription("Check that the restored item count equals the source's count at backup time.")
  @Default("true")
  public Boolean checkItemCount = Boolean.TRUE;

  @JsonPropertyDescription("Reserved: number of keys sampled from the source at backup time that must be present after"
      + " restore. Not implemented yet; must be 0.")
  @Min(0)
  @Max(0)
  @Default("0")
  public Integer sampleKeys = 0;

  @JsonPropertyDescription("Check that the captured table settings were re-applied to the scratch table.")
  @Default("true")
  public Boolean checkSettings = Boolean.TRUE;

  @JsonPropertyDescription("IAM role for the drill's restore job; defaults to spec.template.iamRoleArn.")
  @Pattern(ApiPatterns.IAM_ROLE_ARN)
  public String iamRoleArn;

  @JsonPropertyDescription("A drill whose restore is not Ready within this many minutes fails (its scratch table is"
      + " still deleted). Default 360 (6 hours); most restores finish within an hour.")
  @Min(1)
  @Default("360")
  public Integer timeoutMinutes = 360;

  @JsonPropertyDescription("Extra notes shown in events (e.g. a runbook link).")
  public List<String> notes;
}
