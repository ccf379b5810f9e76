package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.ResourceSlot;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.Timed;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An on-demand AWS Backup job of a DynamoDB table. CREATED until it may start (after the start
 * delay, and only when no other backup/copy job of the same table runs), then RUNNING for a
 * duration that grows with the table size, then COMPLETED. EXPIRED when it cannot start within
 * its start window; ABORTED when it cannot complete within its completion window.
 */
public final class BackupJob implements Timed {
  public final String id;
  public final Scope scope;
  public final Vault vault;
  public final String iamRoleArn;
  public final TableSnapshot snapshot;
  public final String recoveryPointArn;
  public final Instant creationDate;
  public final Instant readyAt;
  public final Instant startBy;
  public final Duration completeWindow;
  public final Duration duration;
  public final Lifecycle lifecycle;
  public final Map<String, String> recoveryPointTags = new LinkedHashMap<>();
  public String state = "CREATED";
  public String statusMessage;
  public Instant startedAt;
  public Instant expectedCompletion;
  public Instant completionDate;
  public RecoveryPoint recoveryPoint;

  public BackupJob(String id, Scope scope, Vault vault, String iamRoleArn, TableSnapshot snapshot,
      String recoveryPointArn, Instant creationDate, Instant readyAt, Duration startWindow,
      Duration completeWindow, Duration duration, Lifecycle lifecycle) {
    this.id = id;
    this.scope = scope;
    this.vault = vault;
    this.iamRoleArn = iamRoleArn;
    this.snapshot = snapshot;
    this.recoveryPointArn = recoveryPointArn;
    this.creationDate = creationDate;
    this.readyAt = readyAt;
    this.startBy = creationDate.plus(startWindow);
    this.completeWindow = completeWindow;
    this.duration = duration;
    this.lifecycle = lifecycle;
  }

  public String resourceArn() {
    return snapshot.tableArn();
  }

  public boolean isRunning() {
    return "RUNNING".equals(state);
  }

  private Instant completeBy() {
    return startedAt.plus(completeWindow);
  }

  @Override
  public Instant nextEvent(World world) {
    switch (state) {
      case "CREATED": {
        Instant can = world.slot(resourceArn()).canStartAt(this, readyAt);
        return can != null && !can.isAfter(startBy) ? can : startBy;
      }
      case "RUNNING":
        return expectedCompletion.isAfter(completeBy()) ? completeBy() : expectedCompletion;
      default:
        return null;
    }
  }

  @Override
  public void fire(Instant at, World world) {
    ResourceSlot slot = world.slot(resourceArn());
    if ("CREATED".equals(state)) {
      Instant can = slot.canStartAt(this, readyAt);
      if (can != null && !at.isBefore(can) && !at.isAfter(startBy)) {
        start(at, world, slot);
      } else {
        state = "EXPIRED";
        statusMessage = "The backup job did not start within its start window (" + Duration.between(creationDate, startBy).toMinutes()
            + " minutes): another backup or copy job of " + resourceArn() + " was still running.";
        completionDate = at;
        slot.leaveQueue(this);
      }
      return;
    }
    // RUNNING
    if (!at.isBefore(expectedCompletion)) {
      state = "COMPLETED";
      completionDate = at;
      recoveryPoint.complete(at, world);
    } else {
      state = "ABORTED";
      statusMessage = "The backup job did not complete within its completion window (" + completeWindow.toMinutes() + " minutes).";
      completionDate = at;
      recoveryPoint.delete();
    }
    slot.release(this, at);
  }

  private void start(Instant at, World world, ResourceSlot slot) {
    Table table = world.region(scope).tables.get(snapshot.tableName());
    if (vault.deleted || table == null || !table.id.equals(snapshot.tableId())) {
      state = "FAILED";
      statusMessage = vault.deleted ? "Backup vault " + vault.name + " does not exist."
          : "Resource " + resourceArn() + " was not found: the table was deleted before the backup started.";
      completionDate = at;
      slot.leaveQueue(this);
      return;
    }
    slot.acquire(this);
    state = "RUNNING";
    startedAt = at;
    expectedCompletion = at.plus(duration);
    recoveryPoint = new RecoveryPoint(recoveryPointArn, vault, iamRoleArn, snapshot, creationDate, lifecycle);
    recoveryPoint.tags.putAll(recoveryPointTags);
    vault.points.put(recoveryPointArn, recoveryPoint);
  }

  @Override
  public boolean done() {
    return !"CREATED".equals(state) && !"RUNNING".equals(state);
  }

  public ObjectNode toJson(Instant now) {
    ObjectNode n = Json.object();
    n.put("AccountId", scope.accountId());
    n.put("BackupJobId", id);
    n.put("BackupVaultName", vault.name);
    n.put("BackupVaultArn", vault.arn);
    n.put("VaultType", "BACKUP_VAULT");
    if (!lifecycle.isEmpty()) {
      n.set("RecoveryPointLifecycle", lifecycle.toJson());
    }
    n.put("RecoveryPointArn", recoveryPointArn);
    n.put("EncryptionKeyArn", vault.encryptionKeyArn);
    n.put("IsEncrypted", true);
    n.put("ResourceArn", resourceArn());
    n.put("ResourceName", snapshot.tableName());
    n.put("ResourceType", "DynamoDB");
    Json.putTime(n, "CreationDate", creationDate);
    Json.putTime(n, "InitiationDate", creationDate);
    Json.putTime(n, "CompletionDate", completionDate);
    n.put("State", state);
    Json.putIfNotNull(n, "StatusMessage", statusMessage);
    n.put("PercentDone", percentDone(now));
    n.put("BackupSizeInBytes", snapshot.sizeBytes());
    n.put("BytesTransferred", "COMPLETED".equals(state) ? snapshot.sizeBytes() : 0);
    n.put("IamRoleArn", iamRoleArn);
    Json.putTime(n, "ExpectedCompletionDate", expectedCompletion);
    Json.putTime(n, "StartBy", startBy);
    n.put("BackupType", "FULL");
    n.put("IsParent", false);
    n.put("MessageCategory", "COMPLETED".equals(state) ? "SUCCESS" : statusMessage == null ? "" : state);
    return n;
  }

  private String percentDone(Instant now) {
    if ("COMPLETED".equals(state)) {
      return "100.0";
    }
    if (!"RUNNING".equals(state) || duration.isZero()) {
      return "0.0";
    }
    double p = 100.0 * Duration.between(startedAt, now).toMillis() / duration.toMillis();
    return String.format(java.util.Locale.ROOT, "%.1f", Math.max(0, Math.min(99.9, p)));
  }
}
