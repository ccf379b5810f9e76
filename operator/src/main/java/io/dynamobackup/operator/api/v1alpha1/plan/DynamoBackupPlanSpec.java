package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.table) != has(self.tableSelector)", message = "set exactly one of table or tableSelector")
@ValidationRule(value = "!has(self.template.copies) || self.template.copies.all(c, !has(c.recoveryPointArn))",
    message = "template.copies[].recoveryPointArn is only for a DynamoBackup that adopts an existing copy",
    fieldPath = ".template.copies")
public class DynamoBackupPlanSpec {
  @JsonPropertyDescription("The single table this plan protects. Mutually exclusive with tableSelector.")
  public TableReference table;

  @JsonPropertyDescription("Select every table of a Region whose tags match. Mutually exclusive with table.")
  public TableSelector tableSelector;

  @JsonPropertyDescription("What every backup of this plan gets, shaped like a DynamoBackup's spec without table"
      + " and deletionPolicy: vault, IAM role, windows, lifecycle, copies, recovery point tags, settings capture."
      + " Edits apply to backups created afterwards (for the lifecycle see lifecycleUpdates).")
  @Required
  public BackupTemplate template = new BackupTemplate();

  @JsonPropertyDescription("What an edit of spec.template.lifecycle changes. NewBackups (default): only backups"
      + " created afterwards get the new lifecycle; the recovery points taken before keep the one they were created"
      + " with (condition LifecycleApplied and an event say how many). AllBackups: the operator also updates the"
      + " recovery points of the plan's existing backups with AWS Backup UpdateRecoveryPointLifecycle, as far as AWS and"
      + " safety allow: a point already in cold storage keeps its moveToColdStorageAfterDays (AWS cannot change it),"
      + " and a point the new deleteAfterDays would delete at once is not changed (retention or you delete it). Copies"
      + " keep the lifecycle they were copied with.")
  @Default("NewBackups")
  public LifecycleUpdates lifecycleUpdates = LifecycleUpdates.NewBackups;

  @JsonPropertyDescription("Standard 5-field cron expression (minute hour day-of-month month day-of-week) or a macro"
      + " such as @daily, @hourly, @weekly, @monthly, @yearly; evaluated in timeZone.")
  @Required
  public String schedule;

  @JsonPropertyDescription("IANA time zone of the schedule and of the retention buckets, e.g. Europe/Berlin. Default UTC.")
  @Pattern(ApiPatterns.TIME_ZONE)
  @Default("UTC")
  public String timeZone = "UTC";

  @JsonPropertyDescription("Stop creating new backups; retention keeps running.")
  @Default("false")
  public Boolean suspend = Boolean.FALSE;

  @JsonPropertyDescription("A slot missed by more than this many seconds (e.g. during an outage) is skipped."
      + " After an outage at most the newest missed slot runs, once.")
  @Min(0)
  public Long startingDeadlineSeconds;

  @JsonPropertyDescription("Forbid (default): skip a slot while the previous backup of the table still runs."
      + " Allow: start it anyway (AWS queues it). There is no Replace: AWS Backup cannot cancel a DynamoDB job.")
  @Default("Forbid")
  public ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.Forbid;

  @JsonPropertyDescription("Which completed recovery points this plan keeps; the rest are deleted through AWS Backup.")
  public RetentionPolicy retention;

  @JsonPropertyDescription("How many completed DynamoBackup children to keep as Kubernetes objects when retention"
      + " is not set; pruning them keeps their recovery points until their lifecycle ends. With retention set,"
      + " retention alone decides which completed children (and recovery points) stay.")
  @Min(0)
  @Default("10")
  public Integer successfulBackupsHistoryLimit = 10;

  @JsonPropertyDescription("How many failed or expired DynamoBackup children to keep as Kubernetes objects.")
  @Min(0)
  @Default("3")
  public Integer failedBackupsHistoryLimit = 3;

  @JsonPropertyDescription("Periodic restore drills that prove the backups restore, and measure the restore time (RTO).")
  public RestoreDrill restoreDrill;
}
