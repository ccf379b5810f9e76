package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ConditionSchema;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = SchemaPatch.CONDITIONS_MAP)
@SchemaCustomizer(value = SchemaPatch.DateTime.class,
    input = "requestedTime restoreStartedTime tableActiveTime settingsAppliedTime restoreDateTime settingsCheckedTime"
        + " tableCreationTime")
public class DynamoRestoreStatus {
  /** One replica of the restored table as DynamoDB describes it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReplicaStatus {
    @JsonPropertyDescription("Region of the replica.")
    public String regionName;

    @JsonPropertyDescription("CREATING, ACTIVE, UPDATING, DELETING, CREATION_FAILED, ...")
    public String status;

    @JsonPropertyDescription("What DynamoDB says about the state, when it says something.")
    public String message;

    public ReplicaStatus() {}

    public ReplicaStatus(String regionName, String status, String message) {
      this.regionName = regionName;
      this.status = status;
      this.message = message;
    }
  }

  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending (not started: resolving the source, checking it, or waiting to start a job),"
      + " Copying (a copy job brings the point into the target Region), Restoring (the restore job runs), ApplyingSettings,"
      + " Ready, TableMissing (the restored table was deleted or replaced by another table of the same name after the"
      + " restore; nothing is re-created), Deleting (the DynamoRestore is being deleted and deletionPolicy Delete waits"
      + " to drop the table: see Ready's reason) or Failed.")
  public RestorePhase phase;

  @JsonPropertyDescription("Ready, TableActive, SettingsApplied and other conditions."
      + " Reconciling=True while the operator works towards the spec (a running job, a transient AWS error"
      + " retried with back-off); Stalled=True when it cannot make progress until someone acts (an invalid spec,"
      + " a tenancy denial, an AWS error such as AccessDeniedException, a failed job), with the reason and message"
      + " of Ready. Both follow the kstatus conventions: present only while True.")
  @SchemaFrom(type = ConditionSchema.Conditions.class)
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The recovery point actually restored (after resolving backupRef/planRef and copies).")
  public String recoveryPointArn;

  @JsonPropertyDescription("ARN of the table restored from: the table the recovery point was taken of (from the"
      + " DynamoBackup or the recovery catalog, when known), or the table of a point-in-time recovery source.")
  public String sourceTableArn;

  @JsonPropertyDescription("For a point-in-time recovery source: the time the restored items are from (RFC 3339), as"
      + " DynamoDB reports it in the table's RestoreSummary.")
  public String restoreDateTime;

  @JsonPropertyDescription("For a point-in-time recovery source: the source's settings, read when the restore was"
      + " requested (see sourceSettingsFrom); with settings.fromSource they are re-applied.")
  public io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings sourceSettings;

  @JsonPropertyDescription("For a point-in-time recovery source: the ConfigMap holding the source's settings instead of"
      + " sourceSettings when they are too large for the status (a large resource policy, many alarms); owned by"
      + " this restore.")
  public String sourceSettingsConfigMap;

  @JsonPropertyDescription("Where sourceSettings come from: the source table as it was when the restore was requested,"
      + " or — when the source table no longer exists — the newest DynamoBackup of it that captured settings, or none.")
  public String sourceSettingsFrom;

  @JsonPropertyDescription("AwsBackup (StartRestoreJob), DynamoDBNative (RestoreTableFromBackup) or PointInTimeRecovery"
      + " (RestoreTableToPointInTime), and why.")
  public String restorePath;

  @JsonPropertyDescription("The DynamoBackup whose recovery point (or copy) is restored, when known.")
  public String sourceBackup;

  @JsonPropertyDescription("Where the source's settings captured at backup time (settings.fromSource) came from:"
      + " BackupStatus (the DynamoBackup's status or its ConfigMap), Catalog (the recovery catalog record of the point"
      + " restored, or of the point it is a copy of: the DynamoBackup is gone or never existed here), or None (none"
      + " were captured or found, or fromSource is false: only explicit settings are applied).")
  public SettingsSource settingsSource;

  @JsonPropertyDescription("Region of the recovery point actually restored.")
  public String recoveryPointRegion;

  @JsonPropertyDescription("The backup vault that holds the recovery point, as AWS Backup reported it.")
  public String backupVault;

  @JsonPropertyDescription("Name of the table this restore creates, recorded when the restore was requested: what the"
      + " operator restores into, re-applies settings to and (deletionPolicy Delete) deletes, whatever the spec says"
      + " later.")
  public String targetTableName;

  @JsonPropertyDescription("Region of that table, recorded when the restore was requested.")
  public String targetRegion;

  @JsonPropertyDescription("Hash of spec.source and spec.target when the restore was requested. Both are immutable;"
      + " on an API server without CEL rules an edit is detected with it and reported (reason ImmutableFieldChanged)"
      + " instead of applied.")
  public String requestedSpecHash;

  @JsonPropertyDescription("Copy job started to bring the point into the target Region, if any.")
  public String copyJobId;

  @JsonPropertyDescription("AWS Backup restore job id.")
  public String restoreJobId;

  @JsonPropertyDescription("ARN of the restored table.")
  public String tableArn;

  @JsonPropertyDescription("DynamoDB's TableId of the restored table, recorded when it became ACTIVE. A table created"
      + " later under the same name has another TableId (its ARN is the same): deletionPolicy Delete drops only the"
      + " table with this id, and a Ready restore whose table has another id reports TableMissing.")
  public String tableId;

  @JsonPropertyDescription("CreationDateTime of the restored table as DynamoDB reports it (RFC 3339), recorded with"
      + " tableId.")
  public String tableCreationTime;

  @JsonPropertyDescription("CloudWatch alarms the operator put on the restored table (its desired alarms, as last"
      + " applied or checked). deletionPolicy Delete deletes them with the table (DeleteTable leaves them); other"
      + " alarms on the table are left alone.")
  public List<String> managedAlarms;

  @JsonPropertyDescription("Application Auto Scaling scalable targets the operator registered for the restored table,"
      + " as resourceId|scalableDimension (e.g. table/orders|dynamodb:table:ReadCapacityUnits). deletionPolicy Delete"
      + " deregisters them with the table (DeleteTable leaves them), which also removes their scaling policies, scheduled"
      + " actions and TargetTracking alarms.")
  public List<String> managedScalableTargets;

  @JsonPropertyDescription("When the restore was requested (RFC 3339).")
  public String requestedTime;

  @JsonPropertyDescription("When the restore job (or RestoreTableFromBackup) was started (RFC 3339).")
  public String restoreStartedTime;

  @JsonPropertyDescription("When the table became ACTIVE (RFC 3339).")
  public String tableActiveTime;

  @JsonPropertyDescription("When every desired setting was first applied (RFC 3339).")
  public String settingsAppliedTime;

  @JsonPropertyDescription("Time from request to settings applied, e.g. 12m5s: the measured recovery time.")
  public String restoreDuration;

  @JsonPropertyDescription("When the table's settings were last read and found as desired (RFC 3339); a Ready"
      + " restore is checked for drift again drift.checkInterval (operator configuration) later.")
  public String settingsCheckedTime;

  @JsonPropertyDescription("Settings that differed from the desired state at the last reconcile and were corrected"
      + " (driftPolicy Correct).")
  public List<String> lastDriftCorrected;

  @JsonPropertyDescription("The spec generation whose settings were last applied in full; a newer generation is"
      + " applied whatever the driftPolicy.")
  public Long settingsGeneration;

  @JsonPropertyDescription("Settings in which the table differs from the desired state now (driftPolicy Report); also"
      + " listed in condition SettingsDrifted.")
  public List<String> driftedSettings;

  @JsonPropertyDescription("Captured settings that cannot apply to the restored table and were left out, each with the"
      + " reason (e.g. a Kinesis stream or Lambda function in another Region than the restored table).")
  public List<String> skippedSettings;

  @JsonPropertyDescription("The replicas of the restored table (global tables) and their state.")
  public List<ReplicaStatus> replicas;

  @JsonPropertyDescription("The AWS error code and message when the restore failed.")
  public FailureInfo failure;
}
