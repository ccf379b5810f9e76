package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** DescribeRecoveryPoint, ListRecoveryPointsBy*, DeleteRecoveryPoint, UpdateRecoveryPointLifecycle. */
final class RecoveryPointOperations {
  private static final Comparator<RecoveryPoint> NEWEST_FIRST =
      Comparator.comparing((RecoveryPoint p) -> p.creationDate).reversed();

  JsonNode describeRecoveryPoint(Request r) {
    Vault vault = BackupService.vault(r, r.path("backupVaultName"));
    return BackupService.recoveryPoint(r, vault, r.path("recoveryPointArn")).toJson(false);
  }

  JsonNode listByBackupVault(Request r) {
    Vault vault = BackupService.vault(r, r.path("backupVaultName"));
    String resourceArn = r.queryParam("resourceArn");
    String resourceType = r.queryParam("resourceType");
    Instant createdBefore = r.queryTime("createdBefore");
    Instant createdAfter = r.queryTime("createdAfter");
    List<RecoveryPoint> points = new ArrayList<>(vault.points.values());
    points.sort(NEWEST_FIRST);
    List<ObjectNode> all = new ArrayList<>();
    for (RecoveryPoint p : points) {
      if ((resourceArn == null || resourceArn.equals(p.resourceArn))
          && (resourceType == null || resourceType.equals("DynamoDB"))
          && (createdBefore == null || p.creationDate.isBefore(createdBefore))
          && (createdAfter == null || p.creationDate.isAfter(createdAfter))) {
        all.add(p.toJson(false));
      }
    }
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "RecoveryPoints");
    return out;
  }

  JsonNode listByResource(Request r) {
    String resourceArn = r.path("resourceArn");
    List<RecoveryPoint> points = new ArrayList<>();
    for (Vault v : r.region().vaults.values()) {
      for (RecoveryPoint p : v.points.values()) {
        if (p.resourceArn.equals(resourceArn)) {
          points.add(p);
        }
      }
    }
    points.sort(NEWEST_FIRST);
    List<ObjectNode> all = new ArrayList<>();
    points.forEach(p -> all.add(p.toJson(true)));
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "RecoveryPoints");
    return out;
  }

  JsonNode deleteRecoveryPoint(Request r) {
    Vault vault = BackupService.vault(r, r.path("backupVaultName"));
    RecoveryPoint rp = BackupService.recoveryPoint(r, vault, r.path("recoveryPointArn"));
    if (!"COMPLETED".equals(rp.status)) {
      throw ApiException.invalidResourceState("Recovery point " + rp.arn + " is " + rp.status
          + ": its backup or copy job is still running");
    }
    if (rp.copiesInProgress > 0) {
      throw ApiException.invalidResourceState("Recovery point " + rp.arn + " is being copied; retry when the copy job finished");
    }
    rp.delete();
    return null;
  }

  JsonNode updateLifecycle(Request r) {
    Vault vault = BackupService.vault(r, r.path("backupVaultName"));
    RecoveryPoint rp = BackupService.recoveryPoint(r, vault, r.path("recoveryPointArn"));
    Lifecycle next = Lifecycle.parse(r.node("Lifecycle"));
    if ("COLD".equals(rp.storageClass) && !java.util.Objects.equals(next.moveToColdStorageAfterDays(),
        rp.lifecycle.moveToColdStorageAfterDays())) {
      throw ApiException.invalidParameter("MoveToColdStorageAfterDays cannot be changed: recovery point "
          + rp.arn + " has already been moved to cold storage");
    }
    rp.lifecycle = next;
    r.world.schedule(rp);
    ObjectNode out = Json.object();
    out.put("BackupVaultArn", vault.arn);
    out.put("RecoveryPointArn", rp.arn);
    out.set("Lifecycle", next.toJson());
    out.set("CalculatedLifecycle", next.calculated(rp.creationDate));
    return out;
  }
}
