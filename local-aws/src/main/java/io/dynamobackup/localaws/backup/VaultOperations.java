package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Backup vaults and AWS Backup resource tags (vaults and recovery points). */
final class VaultOperations {

  JsonNode createBackupVault(Request r) {
    String name = r.path("backupVaultName");
    RegionState region = r.region();
    String creatorRequestId = r.text("CreatorRequestId");
    Vault existing = region.vaults.get(name);
    if (existing != null) {
      if (creatorRequestId != null && creatorRequestId.equals(existing.creatorRequestId)) {
        return created(existing);
      }
      throw ApiException.alreadyExists("Backup vault with the same name already exists: " + name);
    }
    String key = r.text("EncryptionKeyArn");
    if (key == null) {
      key = r.scope.arn("kms", "key/" + UUID.nameUUIDFromBytes(("aws/backup@" + r.scope).getBytes()));
    } else {
      BackupRules.vaultKey(r, key);
    }
    Map<String, String> tags = Json.stringMap(r.node("BackupVaultTags"));
    BackupRules.tags(Map.of(), tags);
    Vault v = new Vault(r.scope, name, r.now, key, creatorRequestId);
    v.tags.putAll(tags);
    region.vaults.put(name, v);
    return created(v);
  }

  private static ObjectNode created(Vault v) {
    ObjectNode out = Json.object();
    out.put("BackupVaultName", v.name);
    out.put("BackupVaultArn", v.arn);
    Json.putTime(out, "CreationDate", v.createdAt);
    return out;
  }

  JsonNode describeBackupVault(Request r) {
    return BackupService.vault(r, r.path("backupVaultName")).toJson();
  }

  JsonNode listBackupVaults(Request r) {
    List<ObjectNode> all = new ArrayList<>();
    for (Vault v : r.region().vaults.values()) {
      all.add(v.toJson());
    }
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "BackupVaultList");
    return out;
  }

  JsonNode deleteBackupVault(Request r) {
    Vault v = BackupService.vault(r, r.path("backupVaultName"));
    if (!v.points.isEmpty()) {
      throw ApiException.invalidRequest("Backup vault cannot be deleted because it contains "
          + v.points.size() + " recovery points");
    }
    r.region().vaults.remove(v.name);
    v.deleted = true;
    return null;
  }

  JsonNode tagResource(Request r) {
    Map<String, String> tags = tagsOf(r, r.path("resourceArn"));
    Map<String, String> added = Json.stringMap(r.node("Tags"));
    if (added.isEmpty()) {
      throw ApiException.missingParameter("Tags");
    }
    BackupRules.tags(tags, added); // before storing anything: a refused call changes nothing
    tags.putAll(added);
    return null;
  }

  JsonNode untagResource(Request r) {
    Map<String, String> tags = tagsOf(r, r.path("resourceArn"));
    JsonNode keys = r.node("TagKeyList");
    if (keys == null) {
      throw ApiException.missingParameter("TagKeyList");
    }
    keys.forEach(k -> tags.remove(k.asText()));
    return null;
  }

  JsonNode listTags(Request r) {
    ObjectNode out = Json.object();
    out.set("Tags", Json.toObject(tagsOf(r, r.path("resourceArn"))));
    return out;
  }

  /** The live tag map of a vault or recovery point in the caller's account and Region. */
  private static Map<String, String> tagsOf(Request r, String arn) {
    Arns.Arn a = Arns.parse(arn);
    if (a == null || !"backup".equals(a.service())) {
      throw ApiException.invalidParameter("Invalid ARN: " + arn);
    }
    if (a.scope().equals(r.scope)) {
      RegionState region = r.region();
      if (a.resource().startsWith("backup-vault:")) {
        Vault v = region.vaults.get(a.resource().substring("backup-vault:".length()));
        if (v != null) {
          return v.tags;
        }
      } else {
        var rp = region.findRecoveryPoint(arn);
        if (rp != null) {
          return rp.tags;
        }
      }
    }
    throw ApiException.notFound("Resource not found: " + arn);
  }
}
