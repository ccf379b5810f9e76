package io.dynamobackup.localaws.core;

import io.dynamobackup.localaws.autoscaling.ScalableTarget;
import io.dynamobackup.localaws.autoscaling.ScalingPolicy;
import io.dynamobackup.localaws.backup.BackupJob;
import io.dynamobackup.localaws.backup.CopyJob;
import io.dynamobackup.localaws.backup.RecoveryPoint;
import io.dynamobackup.localaws.backup.RestoreJob;
import io.dynamobackup.localaws.backup.Vault;
import io.dynamobackup.localaws.cloudwatch.MetricAlarm;
import io.dynamobackup.localaws.dynamodb.NativeBackup;
import io.dynamobackup.localaws.dynamodb.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Everything that lives in one (account, Region). Guarded by the {@link World} lock. */
public final class RegionState {
  public final Scope scope;
  public final Map<String, Table> tables = new TreeMap<>();
  /** Tables deleted with point-in-time recovery on, by ARN (the newest of that ARN), restorable in their period. */
  public final Map<String, Table> deletedTables = new LinkedHashMap<>();
  public final Map<String, Vault> vaults = new TreeMap<>();
  public final Map<String, BackupJob> backupJobs = new LinkedHashMap<>();
  public final Map<String, CopyJob> copyJobs = new LinkedHashMap<>();
  public final Map<String, RestoreJob> restoreJobs = new LinkedHashMap<>();
  public final Map<String, NativeBackup> nativeBackups = new LinkedHashMap<>();
  /** Application Auto Scaling targets by {@link ScalableTarget#key()}, in registration order. */
  public final Map<String, ScalableTarget> scalableTargets = new LinkedHashMap<>();
  /** Scaling policies by target key + "|" + policy name, in creation order. */
  public final Map<String, ScalingPolicy> scalingPolicies = new LinkedHashMap<>();
  /** Application Auto Scaling scheduled actions by target key + "|" + action name, in creation order. */
  public final Map<String, io.dynamobackup.localaws.autoscaling.ScheduledAction> scheduledActions =
      new LinkedHashMap<>();
  /** Kinesis data streams by name. */
  public final Map<String, io.dynamobackup.localaws.kinesis.KinesisStream> kinesisStreams = new TreeMap<>();
  /** Lambda functions by name. */
  public final Map<String, io.dynamobackup.localaws.lambda.LambdaFunction> functions = new TreeMap<>();
  /** Lambda event-source mappings by UUID, in creation order. */
  public final Map<String, io.dynamobackup.localaws.lambda.EventSourceMapping> eventSourceMappings =
      new LinkedHashMap<>();
  /** CloudWatch metric alarms by name (DescribeAlarms lists them in name order). */
  public final Map<String, MetricAlarm> alarms = new TreeMap<>();

  RegionState(Scope scope) {
    this.scope = scope;
  }

  /** Finds a recovery point by ARN in any vault of this scope. */
  public RecoveryPoint findRecoveryPoint(String arn) {
    for (Vault v : vaults.values()) {
      RecoveryPoint rp = v.points.get(arn);
      if (rp != null) {
        return rp;
      }
    }
    return null;
  }

  public Table table(String name) {
    return tables.get(name);
  }

  /** Restores in progress: pending AWS Backup restore jobs plus tables still being restored. */
  public int restoresInProgress() {
    int n = 0;
    for (RestoreJob j : restoreJobs.values()) {
      if (j.is("PENDING")) {
        n++;
      }
    }
    for (Table t : tables.values()) {
      if ("CREATING".equals(t.status) && t.restoreSummary != null) {
        n++;
      }
    }
    return n;
  }
}
