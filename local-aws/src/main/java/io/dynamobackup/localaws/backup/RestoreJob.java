package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.Timed;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Restorer;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableDefinition;
import java.time.Duration;
import java.time.Instant;

/**
 * An AWS Backup restore of a DynamoDB recovery point into a new table: PENDING for the start
 * delay, then RUNNING while the new table is CREATING, then COMPLETED when the table is ACTIVE.
 */
public final class RestoreJob implements Timed {
  public final String id;
  public final Scope scope;
  public final RecoveryPoint recoveryPoint;
  public final String iamRoleArn;
  public final String targetTableName;
  public final TableDefinition definition;
  public final boolean copySourceTags;
  public final Instant creationDate;
  public final Instant readyAt;
  public final Duration duration;
  public String status = "PENDING";
  public String statusMessage;
  public Instant completionDate;
  public String createdResourceArn;
  public Table table;

  public RestoreJob(String id, Scope scope, RecoveryPoint recoveryPoint, String iamRoleArn, String targetTableName,
      TableDefinition definition, boolean copySourceTags, Instant creationDate, Instant readyAt, Duration duration) {
    this.id = id;
    this.scope = scope;
    this.recoveryPoint = recoveryPoint;
    this.iamRoleArn = iamRoleArn;
    this.targetTableName = targetTableName;
    this.definition = definition;
    this.copySourceTags = copySourceTags;
    this.creationDate = creationDate;
    this.readyAt = readyAt;
    this.duration = duration;
  }

  @Override
  public Instant nextEvent(World world) {
    switch (status) {
      case "PENDING":
        return readyAt;
      case "RUNNING":
        return table.activeAt;
      default:
        return null;
    }
  }

  @Override
  public void fire(Instant at, World world) {
    if ("RUNNING".equals(status)) {
      status = "COMPLETED";
      completionDate = at;
      return;
    }
    if (world.region(scope).tables.containsKey(targetTableName)) {
      status = "FAILED";
      statusMessage = "Table already exists: " + targetTableName;
      completionDate = at;
      return;
    }
    table = Restorer.create(world, scope, targetTableName, recoveryPoint.snapshot, definition.copy(),
        recoveryPoint.arn, at, at.plus(duration));
    if (copySourceTags) {
      table.tags.putAll(recoveryPoint.snapshot.tags());
    }
    createdResourceArn = table.arn;
    recoveryPoint.lastRestoreTime = at;
    status = "RUNNING";
  }

  @Override
  public boolean done() {
    return "COMPLETED".equals(status) || "FAILED".equals(status) || "ABORTED".equals(status);
  }

  public ObjectNode toJson(Instant now) {
    ObjectNode n = Json.object();
    n.put("AccountId", scope.accountId());
    n.put("RestoreJobId", id);
    n.put("RecoveryPointArn", recoveryPoint.arn);
    n.put("SourceResourceArn", recoveryPoint.resourceArn);
    n.put("BackupVaultArn", recoveryPoint.vault.arn);
    Json.putTime(n, "CreationDate", creationDate);
    Json.putTime(n, "CompletionDate", completionDate);
    n.put("Status", status);
    Json.putIfNotNull(n, "StatusMessage", statusMessage);
    n.put("PercentDone", percentDone(now));
    n.put("BackupSizeInBytes", recoveryPoint.sizeBytes);
    Json.putIfNotNull(n, "IamRoleArn", iamRoleArn);
    n.put("ExpectedCompletionTimeMinutes", Math.max(1, (duration.toSeconds() + 59) / 60));
    Json.putIfNotNull(n, "CreatedResourceArn", createdResourceArn);
    n.put("ResourceType", "DynamoDB");
    Json.putTime(n, "RecoveryPointCreationDate", recoveryPoint.creationDate);
    n.put("IsParent", false);
    return n;
  }

  private String percentDone(Instant now) {
    if ("COMPLETED".equals(status)) {
      return "100.00%";
    }
    if (!"RUNNING".equals(status) || duration.isZero()) {
      return "0.00%";
    }
    Instant started = table.activeAt.minus(duration);
    double p = 100.0 * Duration.between(started, now).toMillis() / duration.toMillis();
    return String.format(java.util.Locale.ROOT, "%.2f%%", Math.max(0, Math.min(99.99, p)));
  }
}
