package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ConditionSchema;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = SchemaPatch.CONDITIONS_MAP)
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "lastScheduleTime nextScheduleTime nextDrillTime")
public class DynamoBackupPlanStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Scheduled, BackupOverdue, CopiesOverdue, HistoryAdopted, DrillFailed and other"
      + " conditions."
      + " Reconciling=True while the operator works towards the spec (a running job, a transient AWS error"
      + " retried with back-off); Stalled=True when it cannot make progress until someone acts (an invalid spec,"
      + " a tenancy denial, an AWS error such as AccessDeniedException, a failed job), with the reason and message"
      + " of Ready. Both follow the kstatus conventions: present only while True. While the plan has nothing to back"
      + " up (spec.table does not exist, or tableSelector selects no table), Scheduled is False and BackupOverdue and"
      + " CopiesOverdue are Unknown, with Ready's reason (TableNotFound, NoTablesSelected). BackupOverdue and"
      + " CopiesOverdue turn True two schedule slots after the newest successful backup or copy, or after the plan"
      + " became able to back up (its creation, or Scheduled last turning True: the table appeared, the spec was"
      + " fixed or permitted, the plan resumed) if that is later; recovery points adopted from before the plan"
      + " existed count as they are.")
  @SchemaFrom(type = ConditionSchema.Conditions.class)
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The name of spec.table, whether or not the table exists, or the number of selected"
      + " tables (for printing).")
  public String tableSummary;

  @JsonPropertyDescription("Tables currently selected (name and Region).")
  public List<String> selectedTables;

  @JsonPropertyDescription("Tables the plan cannot find (condition TablesMissing): tables it protected before that"
      + " no longer exist (reason TablesDeleted; their recovery points are kept by retention), or spec.table when it"
      + " does not exist and never did for this plan (reason TableNotFound).")
  public List<String> missingTables;

  @JsonPropertyDescription("How many tables carrying spec.tableSelector's tags the tenancy policy left out, as the"
      + " namespace's tenancy rule tables does not allow them (counted, not named: they may be another team's); absent"
      + " when none.")
  public Integer tablesLeftOut;

  @JsonPropertyDescription("The slot time of the most recent scheduled backup (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("The next slot time (RFC 3339).")
  public String nextScheduleTime;

  @JsonPropertyDescription("The newest completed backup created by this plan.")
  public BackupRef lastSuccessfulBackup;

  @JsonPropertyDescription("Number of completed recovery points this plan keeps.")
  public Integer recoveryPoints;

  @JsonPropertyDescription("The next restore drill slot (RFC 3339), when spec.restoreDrill is set.")
  public String nextDrillTime;

  @JsonPropertyDescription("Result of the most recent restore drill.")
  public DrillResult lastDrill;

  @JsonPropertyDescription("Per destination Region of spec.template.copies: the newest completed copy there, the"
      + " recovery point objective that matters when the source Region is lost (condition CopiesOverdue).")
  public List<CopyRegion> copyRegions;

  @JsonPropertyDescription("Recovery points this plan produced before this object existed (e.g. before a cluster was"
      + " rebuilt), found in its vault and copy vaults by the operator's tags and adopted as Completed DynamoBackups.")
  public History history;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "newestCopyTime")
  public static class CopyRegion {
    @JsonPropertyDescription("The destination Region.")
    public String region;

    @JsonPropertyDescription("When the newest completed copy in this Region completed (RFC 3339); for a plan of several"
        + " tables, the oldest of the tables' newest copies. Absent while there is none.")
    public String newestCopyTime;

    @JsonPropertyDescription("The DynamoBackup whose copy that is.")
    public String backup;

    @JsonPropertyDescription("True when two schedule slots passed after that copy (or, while there is none, after"
        + " the plan became able to back up; see conditions) without a newer one.")
    public Boolean overdue;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "lastScanTime")
  public static class History {
    @JsonPropertyDescription("Vaults searched for this plan's recovery points: region/name of the source vault, the"
        + " ARN of each copy vault. A vault that could not be read is searched again with back-off.")
    public List<String> scannedVaults;

    @JsonPropertyDescription("How many DynamoBackups were adopted from earlier recovery points.")
    public Integer adoptedBackups;

    @JsonPropertyDescription("When the vaults were last searched (RFC 3339).")
    public String lastScanTime;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "completionTime")
  public static class BackupRef {
    @JsonPropertyDescription("Name of the DynamoBackup.")
    public String name;

    @JsonPropertyDescription("ARN of its recovery point.")
    public String recoveryPointArn;

    @JsonPropertyDescription("When it completed (RFC 3339).")
    public String completionTime;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "startTime finishTime")
  public static class DrillResult {
    @JsonPropertyDescription("The schedule slot the drill ran for (RFC 3339); a slot never runs twice.")
    public String startTime;

    @JsonPropertyDescription("Succeeded, Failed or Running.")
    public String result;

    @JsonPropertyDescription("Scratch table used by the drill.")
    public String tableName;

    @JsonPropertyDescription("Time from restore request to an ACTIVE table with settings applied, e.g. 4m12s.")
    public String restoreDuration;

    @JsonPropertyDescription("The DynamoRestore that performed the drill (deleted, with its table, when the drill ends).")
    public String restoreName;

    @JsonPropertyDescription("The DynamoBackup whose recovery point was restored.")
    public String sourceBackup;

    @JsonPropertyDescription("When the drill ended (RFC 3339).")
    public String finishTime;

    @JsonPropertyDescription("What was checked, or why the drill failed.")
    public String message;
  }
}
