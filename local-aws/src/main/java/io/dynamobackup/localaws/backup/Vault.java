package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An AWS Backup vault and the recovery points it holds. */
public final class Vault {
  public final Scope scope;
  public final String name;
  public final String arn;
  public final Instant createdAt;
  public final String encryptionKeyArn;
  public final String creatorRequestId;
  public final Map<String, String> tags = new LinkedHashMap<>();
  public final Map<String, RecoveryPoint> points = new LinkedHashMap<>();
  public boolean deleted;

  public Vault(Scope scope, String name, Instant createdAt, String encryptionKeyArn, String creatorRequestId) {
    this.scope = scope;
    this.name = name;
    this.arn = scope.arn("backup", "backup-vault:" + name);
    this.createdAt = createdAt;
    this.encryptionKeyArn = encryptionKeyArn;
    this.creatorRequestId = creatorRequestId;
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("BackupVaultName", name);
    n.put("BackupVaultArn", arn);
    n.put("VaultType", "BACKUP_VAULT");
    n.put("VaultState", "AVAILABLE");
    Json.putTime(n, "CreationDate", createdAt);
    n.put("EncryptionKeyArn", encryptionKeyArn);
    Json.putIfNotNull(n, "CreatorRequestId", creatorRequestId);
    n.put("NumberOfRecoveryPoints", points.size());
    n.put("Locked", false);
    return n;
  }
}
