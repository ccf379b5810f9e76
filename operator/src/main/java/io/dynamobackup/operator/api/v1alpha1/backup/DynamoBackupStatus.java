package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ConditionSchema;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = SchemaPatch.CONDITIONS_MAP)
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "creationTime completionTime startWindowEnd completionWindowEnd")
public class DynamoBackupStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending, Running, Copying, Completed, Failed or Expired.")
  public BackupPhase phase;

  @JsonPropertyDescription("Ready, Completed, Copied, Cataloged and other conditions, in the standard Kubernetes shape."
      + " Reconciling=True while the operator works towards the spec (a running job, a transient AWS error"
      + " retried with back-off); Stalled=True when it cannot make progress until someone acts (an invalid spec,"
      + " a tenancy denial, an AWS error such as AccessDeniedException, a failed job), with the reason and message"
      + " of Ready. Both follow the kstatus conventions: present only while True.")
  @SchemaFrom(type = ConditionSchema.Conditions.class)
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Name of the source table (for printing).")
  public String tableName;

  @JsonPropertyDescription("ARN of the source table.")
  public String tableArn;

  @JsonPropertyDescription("AWS Backup job id.")
  public String backupJobId;

  @JsonPropertyDescription("The backup must have started by this time (RFC 3339): its request (the object's creation,"
      + " or its plan's schedule slot) plus spec.startWindowMinutes (default 480). A backup the operator still holds"
      + " back then (waiting for another job of the table, or for the table) ends Expired without starting, as AWS"
      + " Backup expires a job that cannot start in its window.")
  public String startWindowEnd;

  @JsonPropertyDescription("The backup must have completed by this time (RFC 3339): its request plus"
      + " spec.completionWindowMinutes (default 10080).")
  public String completionWindowEnd;

  @JsonPropertyDescription("The windows StartBackupJob is given: what is left of the spec's windows when the operator"
      + " starts the job (the time it held the backup back counts), at least AWS's minimum of 60 minutes each."
      + " Recorded before the call, so a restarted operator repeats the same request.")
  public JobWindows jobWindows;

  @JsonPropertyDescription("Hash of the spec fields the AWS job was started with. The API server refuses edits to"
      + " them; on one without CEL rules, an edit is reported (condition SpecLocked) and not applied, because AWS"
      + " cannot change or cancel a started job.")
  public String jobSpecHash;

  @JsonPropertyDescription("ARN of the recovery point created by the job.")
  public String recoveryPointArn;

  @JsonPropertyDescription("When the job was created in AWS Backup (RFC 3339).")
  public String creationTime;

  @JsonPropertyDescription("When the job completed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Recovery point size in bytes.")
  public Long sizeBytes;

  @JsonPropertyDescription("Recovery point size, human-readable (for printing).")
  public String size;

  @JsonPropertyDescription("The AWS error code and message when the backup failed or expired.")
  public FailureInfo failure;

  @JsonPropertyDescription("One entry per spec.copies target.")
  public List<CopyStatus> copies;

  @JsonPropertyDescription("The source table (item count, capacity, indexes) when the backup started.")
  public SourceTableInfo sourceTable;

  @JsonPropertyDescription("Table settings captured at backup time (when spec.captureTableSettings is true).")
  public CapturedTableSettings capturedSettings;

  @JsonPropertyDescription("Name of a ConfigMap holding the captured settings when they are too large for status.")
  public String capturedSettingsConfigMap;

  @JsonPropertyDescription("Recovery points of this backup (its own and its copies') recorded in the recovery catalog,"
      + " the DynamoDB table in the point's account and Region that keeps what a restore needs (captured settings,"
      + " source table) when this cluster is gone. Condition Cataloged says whether every completed point is in it.")
  public List<String> catalogedRecoveryPoints;

  @JsonPropertyDescription("The lifecycle the recovery point has now, when it was changed after the backup (plan"
      + " spec.lifecycleUpdates: AllBackups); otherwise the point keeps spec.lifecycle.")
  public Lifecycle recoveryPointLifecycle;

  /** The StartWindowMinutes and CompleteWindowMinutes of the StartBackupJob request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class JobWindows {
    @JsonPropertyDescription("StartWindowMinutes of the StartBackupJob request.")
    public Long startWindowMinutes;

    @JsonPropertyDescription("CompleteWindowMinutes of the StartBackupJob request.")
    public Long completeWindowMinutes;

    public JobWindows() {}

    public JobWindows(Long startWindowMinutes, Long completeWindowMinutes) {
      this.startWindowMinutes = startWindowMinutes;
      this.completeWindowMinutes = completeWindowMinutes;
    }
  }
}
