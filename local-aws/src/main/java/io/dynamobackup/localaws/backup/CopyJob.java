package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Copies a recovery point to a vault of the same partition, in any Region or account. It waits CREATED in the queue of
 * the point's table (shared with backup jobs), then runs and completes with a new recovery point in the destination
 * vault; it is FAILED when, as it starts, the destination vault does not exist, the source point is gone or has moved
 * to cold storage. Copy jobs have no start or completion window.
 */
public final class CopyJob extends QueuedJob {
  public final Vault sourceVault;
  public final RecoveryPoint source;
  public final String destinationVaultArn;
  public final Lifecycle lifecycle;
  public RecoveryPoint destination;

  public CopyJob(String id, Scope scope, Vault sourceVault, RecoveryPoint source, String destinationVaultArn,
      String iamRoleArn, Lifecycle lifecycle, Instant creationDate, Instant readyAt, Duration duration) {
    super(id, scope, iamRoleArn, creationDate, readyAt, duration, null, null);
    this.sourceVault = sourceVault;
    this.source = source;
    this.destinationVaultArn = destinationVaultArn;
    this.lifecycle = lifecycle;
  }

  @Override
  public String resourceArn() {
    return source.resourceArn;
  }

  @Override
  boolean begin(Instant at, World world) {
    String problem = null;
    Vault dest = null;
    if (source.deleted) {
      problem = "Source recovery point " + source.arn + " no longer exists.";
    } else if (BackupRules.inColdStorage(source)) {
      problem = BackupRules.coldStorageCopyMessage(source);
    } else {
      Arns.Arn arn = Arns.parse(destinationVaultArn);
      RegionState region = world.existingRegion(arn.scope());
      dest = region == null ? null : region.vaults.get(arn.resource().substring("backup-vault:".length()));
      if (dest == null) {
        problem = "Backup vault " + destinationVaultArn + " does not exist or you do not have access to it.";
      }
    }
    if (problem != null) {
      end("FAILED", at, problem);
      return false;
    }
    source.copiesInProgress++;
    String arn = dest.scope.arn("backup", "recovery-point:" + UUID.randomUUID());
    destination = new RecoveryPoint(arn, dest, iamRoleArn, source.snapshot, at, lifecycle);
    destination.sourceBackupVaultArn = sourceVault.arn;
    destination.tags.putAll(source.tags);
    dest.points.put(arn, destination);
    return true;
  }

  @Override
  void onComplete(Instant at, World world) {
    destination.complete(at, world);
    source.copiesInProgress--;
  }

  @Override
  void onExpire(World world) {
    // copy jobs have no completion window
  }

  public ObjectNode toJson() {
    ObjectNode n = describeCommon("State");
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
    n.put("BackupSizeInBytes", source.sizeBytes);
    return n;
  }
}
