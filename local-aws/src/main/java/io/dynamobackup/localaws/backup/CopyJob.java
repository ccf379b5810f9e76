package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.ResourceSlot;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.Timed;
import io.dynamobackup.localaws.core.World;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Copies a recovery point to a vault in any Region, account or partition. CREATED until it may
 * start (it shares the one-job-per-resource queue with backup jobs), then RUNNING, then COMPLETED
 * with a new recovery point in the destination vault; FAILED when the destination vault does not
 * exist (or the source point disappeared).
 */
public final class CopyJob implements Timed {
  public final String id;
  public final Scope scope;
  public final Vault sourceVault;
  public final RecoveryPoint source;
  public final String destinationVaultArn;
  public final String iamRoleArn;
  public final Lifecycle lifecycle;
  public final Instant creationDate;
  public final Instant readyAt;
  public final Duration duration;
  public String state = "CREATED";
  public String statusMessage;
  public Instant startedAt;
  public Instant completionDate;
  public RecoveryPoint destination;

  public CopyJob(String id, Scope scope, Vault sourceVault, RecoveryPoint source, String destinationVaultArn,
      String iamRoleArn, Lifecycle lifecycle, Instant creationDate, Instant readyAt, Duration duration) {
    this.id = id;
    this.scope = scope;
    this.sourceVault = sourceVault;
    this.source = source;
    this.destinationVaultArn = destinationVaultArn;
    this.iamRoleArn = iamRoleArn;
    this.lifecycle = lifecycle;
    this.creationDate = creationDate;
    this.readyAt = readyAt;
    this.duration = duration;
  }

  public String resourceArn() {
    return source.resourceArn;
  }

  @Override
  public Instant nextEvent(World world) {
    switch (state) {
      case "CREATED":
        return world.slot(resourceArn()).canStartAt(this, readyAt);
      case "RUNNING":
        return startedAt.plus(duration);
      default:
        return null;
    }
  }

  @Override
  public void fire(Instant at, World world) {
    ResourceSlot slot = world.slot(resourceArn());
    if ("RUNNING".equals(state)) {
      state = "COMPLETED";
      completionDate = at;
      destination.complete(at, world);
      source.copiesInProgress--;
      slot.release(this, at);
      return;
    }
    Vault dest = resolveDestination(world, at);
    if (dest == null) {
      slot.leaveQueue(this);
      return;
    }
    slot.acquire(this);
    state = "RUNNING";
    startedAt = at;
    source.copiesInProgress++;
    String arn = dest.scope.arn("backup", "recovery-point:" + UUID.randomUUID());
    destination = new RecoveryPoint(arn, dest, iamRoleArn, source.snapshot, at, lifecycle);
    destination.sourceBackupVaultArn = sourceVault.arn;
    destination.tags.putAll(source.tags);
    dest.points.put(arn, destination);
  }

  private Vault resolveDestination(World world, Instant at) {
    Arns.Arn arn = Arns.parse(destinationVaultArn);
    Vault dest = null;
    if (source.deleted) {
      statusMessage = "Source recovery point " + source.arn + " no longer exists.";
    } else if (arn == null || !Arns.partitionOf(arn.region()).equals(arn.partition())) {
      statusMessage = "Invalid destination backup vault ARN " + destinationVaultArn + ".";
    } else {
      RegionState region = world.existingRegion(arn.scope());
      String name = arn.resource().substring("backup-vault:".length());
      dest = region == null ? null : region.vaults.get(name);
      if (dest == null) {
        statusMessage = "Backup vault " + destinationVaultArn + " does not exist or you do not have access to it.";
      }
    }
    if (dest == null) {
      state = "FAILED";
      completionDate = at;
    }
    return dest;
  }

  @Override
  public boolean done() {
    return !"CREATED".equals(state) && !"RUNNING".equals(state);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("AccountId", scope.accountId());
    n.put("CopyJobId", id);
    n.put("SourceBackupVaultArn", sourceVault.arn);
    n.put("SourceRecoveryPointArn", source.arn);
    n.put("DestinationBackupVaultArn", destinationVaultArn);
    n.put("DestinationVaultType", "BACKUP_VAULT");
    if (destination != null) {
      n.put("DestinationRecoveryPointArn", destination.arn);
      n.put("DestinationEncryptionKeyArn", destination.vault.encryptionKeyArn);
    }
    if (!lifecycle.isEmpty()) {
      n.set("DestinationRecoveryPointLifecycle", lifecycle.toJson());
    }
    n.put("ResourceArn", source.resourceArn);
    n.put("ResourceName", source.resourceName);
    n.put("ResourceType", "DynamoDB");
    Json.putTime(n, "CreationDate", creationDate);
    Json.putTime(n, "CompletionDate", completionDate);
    n.put("State", state);
    Json.putIfNotNull(n, "StatusMessage", statusMessage);
    n.put("BackupSizeInBytes", source.sizeBytes);
    n.put("IamRoleArn", iamRoleArn);
    n.put("IsParent", false);
    return n;
  }
}
