package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An on-demand AWS Backup job of a DynamoDB table: CREATED in the table's queue, RUNNING while its recovery point is
 * CREATING (for a duration that grows with the table), then COMPLETED; FAILED when the vault or table is gone when it
 * should start; EXPIRED when its start or completion window ends first (the recovery point is then removed).
 */
public final class BackupJob extends QueuedJob {
  public final Vault vault;
  public final TableSnapshot snapshot;
  public final String recoveryPointArn;
  public final Lifecycle lifecycle;
  public final Map<String, String> recoveryPointTags = new LinkedHashMap<>();
  public RecoveryPoint recoveryPoint;

  public BackupJob(String id, Scope scope, Vault vault, String iamRoleArn, TableSnapshot snapshot,
      String recoveryPointArn, Instant creationDate, Instant readyAt, Duration startWindow,
      Duration completeWindow, Duration duration, Lifecycle lifecycle) {
    super(id, scope, iamRoleArn, creationDate, readyAt, duration, startWindow, completeWindow);
    this.vault = vault;
    this.snapshot = snapshot;
    this.recoveryPointArn = recoveryPointArn;
    this.lifecycle = lifecycle;
  }

  @Override
  public String resourceArn() {
    return snapshot.tableArn();
  }

  @Override
  boolean begin(Instant at, World world) {
    Table table = world.region(scope).tables.get(snapshot.tableName());
    if (vault.deleted || table == null || !table.id.equals(snapshot.tableId())) {
      end("FAILED", at, vault.deleted ? "Backup vault " + vault.name + " does not exist."
          : "Resource " + resourceArn() + " was not found: the table was deleted before the backup started.");
      return false;
    }
    recoveryPoint = new RecoveryPoint(recoveryPointArn, vault, iamRoleArn, snapshot, creationDate, lifecycle);
    recoveryPoint.tags.putAll(recoveryPointTags);
    vault.points.put(recoveryPointArn, recoveryPoint);
    return true;
  }

  @Override
  void onComplete(Instant at, World world) {
    recoveryPoint.complete(at, world);
  }

  @Override
  void onExpire(World world) {
    recoveryPoint.delete();
  }

  public ObjectNode toJson(Instant now) {
    ObjectNode n = describeCommon("State");
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
    Json.putTime(n, "InitiationDate", creationDate);
    n.put("PercentDone", String.format(Locale.ROOT, "%.1f", 100 * progress(now)));
    n.put("BackupSizeInBytes", snapshot.sizeBytes());
    n.put("BytesTransferred", is("COMPLETED") ? snapshot.sizeBytes() : 0);
    Json.putTime(n, "ExpectedCompletionDate", expectedCompletion());
    Json.putTime(n, "StartBy", startBy);
    n.put("BackupType", "FULL");
    n.put("MessageCategory", is("COMPLETED") ? "SUCCESS" : statusMessage() == null ? "" : state());
    return n;
  }
}
