package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Timed;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.TableSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS Backup recovery point of a DynamoDB table: a full snapshot plus metadata. Its lifecycle
 * moves it to COLD storage and deletes it when the clock passes the calculated dates.
 */
public final class RecoveryPoint implements Timed {
  public final String arn;
  public final Vault vault;
  public final String resourceArn;
  public final String resourceName;
  public final String iamRoleArn;
  public final TableSnapshot snapshot;
  public final Instant creationDate;
  public final long sizeBytes;
  public final Map<String, String> tags = new LinkedHashMap<>();
  /** For copies: the vault the source recovery point was in. */
  public String sourceBackupVaultArn;
  public String status = "CREATING";
  public String statusMessage;
  public Instant completionDate;
  public Lifecycle lifecycle;
  public String storageClass = "WARM";
  public Instant lastRestoreTime;
  public int copiesInProgress;
  public boolean deleted;

  public RecoveryPoint(String arn, Vault vault, String iamRoleArn, TableSnapshot snapshot, Instant creationDate,
      Lifecycle lifecycle) {
    this.arn = arn;
    this.vault = vault;
    this.resourceArn = snapshot.tableArn();
    this.resourceName = snapshot.tableName();
    this.iamRoleArn = iamRoleArn;
    this.snapshot = snapshot;
    this.creationDate = creationDate;
    this.sizeBytes = snapshot.sizeBytes();
    this.lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
  }

  public Instant deleteAt() {
    return lifecycle.deleteAt(creationDate);
  }

  public void complete(Instant at, World world) {
    status = "COMPLETED";
    completionDate = at;
    world.schedule(this);
  }

  /** Removes the point from its vault. */
  public void delete() {
    deleted = true;
    vault.points.remove(arn);
  }

  @Override
  public Instant nextEvent(World world) {
    if (deleted || !"COMPLETED".equals(status)) {
      return null;
    }
    Instant del = lifecycle.deleteAt(creationDate);
    Instant cold = "WARM".equals(storageClass) ? lifecycle.coldAt(creationDate) : null;
    if (cold != null && (del == null || cold.isBefore(del))) {
      return cold;
    }
    return del;
  }

  @Override
  public void fire(Instant at, World world) {
    Instant del = lifecycle.deleteAt(creationDate);
    if (del != null && !at.isBefore(del)) {
      status = "EXPIRED";
      delete();
    } else {
      storageClass = "COLD";
    }
  }

  @Override
  public boolean done() {
    return deleted || ("COMPLETED".equals(status) && nextEvent(null) == null);
  }

  public ObjectNode toJson(boolean byResource) {
    ObjectNode n = Json.object();
    n.put("RecoveryPointArn", arn);
    Json.putTime(n, "CreationDate", creationDate);
    n.put("Status", status);
    Json.putIfNotNull(n, "StatusMessage", statusMessage);
    n.put("EncryptionKeyArn", vault.encryptionKeyArn);
    n.put("BackupVaultName", vault.name);
    n.put("ResourceName", resourceName);
    n.put("VaultType", "BACKUP_VAULT");
    n.put("IsParent", false);
    if (byResource) {
      n.put("BackupSizeBytes", sizeBytes);
      return n;
    }
    n.put("BackupVaultArn", vault.arn);
    Json.putIfNotNull(n, "SourceBackupVaultArn", sourceBackupVaultArn);
    n.put("ResourceArn", resourceArn);
    n.put("ResourceType", "DynamoDB");
    Json.putIfNotNull(n, "IamRoleArn", iamRoleArn);
    Json.putTime(n, "InitiationDate", creationDate);
    Json.putTime(n, "CompletionDate", completionDate);
    n.put("BackupSizeInBytes", sizeBytes);
    if (!lifecycle.isEmpty()) {
      n.set("Lifecycle", lifecycle.toJson());
      n.set("CalculatedLifecycle", lifecycle.calculated(creationDate));
    }
    n.put("IsEncrypted", true);
    n.put("StorageClass", storageClass);
    Json.putTime(n, "LastRestoreTime", lastRestoreTime);
    return n;
  }
}
