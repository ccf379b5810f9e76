package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Restorer;
import io.dynamobackup.localaws.dynamodb.TableDefinition;
import io.dynamobackup.localaws.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/** StartRestoreJob, DescribeRestoreJob, ListRestoreJobs, GetRecoveryPointRestoreMetadata. */
final class RestoreJobOperations {
  private final Predicate<String> deniedRole;

  RestoreJobOperations(Predicate<String> deniedRole) {
    this.deniedRole = deniedRole;
  }

  JsonNode startRestoreJob(Request r) {
    String rpArn = r.requiredText("RecoveryPointArn");
    JsonNode metadataNode = r.node("Metadata");
    if (metadataNode == null) {
      throw ApiException.missingParameter("Metadata");
    }
    String role = r.text("IamRoleArn");
    BackupService.checkRole(deniedRole, role);
    String type = r.text("ResourceType");
    if (type != null && !"DynamoDB".equals(type)) {
      throw ApiException.invalidParameter("Unsupported resource type " + type + ": local-aws restores DynamoDB only");
    }
    RegionState region = r.region();
    RecoveryPoint rp = region.findRecoveryPoint(rpArn);
    if (rp == null) {
      throw ApiException.notFound("Recovery point " + rpArn + " not found in " + r.scope.region()
          + " for account " + r.scope.accountId());
    }
    if (!"COMPLETED".equals(rp.status)) {
      throw ApiException.invalidRequest("Recovery point " + rpArn + " is " + rp.status + " and cannot be restored yet");
    }
    Map<String, String> md = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    md.putAll(Json.stringMap(metadataNode));
    String target = md.get("targetTableName");
    if (target == null || target.isEmpty()) {
      throw ApiException.invalidParameter("Restore metadata must contain targetTableName");
    }
    if (!target.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw ApiException.invalidParameter("Invalid targetTableName: " + target);
    }
    Restorer.Overrides o = new Restorer.Overrides();
    String encryption = md.get("encryptionType");
    if (encryption != null) {
      o.overrideSse = true;
      if ("KMS".equalsIgnoreCase(encryption)) {
        String key = md.get("kmsMasterKeyArn");
        if (key == null || key.isEmpty()) {
          throw ApiException.invalidParameter("kmsMasterKeyArn is required when encryptionType is KMS");
        }
        o.sse = new TableDefinition.Sse(key);
      } else if (!"Default".equalsIgnoreCase(encryption)) {
        throw ApiException.invalidParameter("Invalid encryptionType " + encryption + ": must be Default or KMS");
      }
    }
    boolean copyTags = Boolean.TRUE.equals(Json.bool(r.body, "CopySourceTagsToRestoredResource"));
    String id = r.world.idempotent(r.scope, "StartRestoreJob", r.text("IdempotencyToken"),
        BackupService.fingerprint(r.body), () -> {
          if (region.tables.containsKey(target) || pendingTarget(region, target)) {
            throw ApiException.invalidParameter("Table already exists: " + target
                + ". A restore always creates a new table; choose another targetTableName.");
          }
          World w = r.world;
          if (region.restoresInProgress() >= w.options().maxConcurrentRestores()) {
            throw ApiException.limitExceeded("There is a limit of " + w.options().maxConcurrentRestores()
                + " concurrent DynamoDB restores per account and Region");
          }
          TableDefinition def = Restorer.definition(rp.snapshot, o);
          String jobId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
          RestoreJob job = new RestoreJob(jobId, r.scope, rp, role, target, def, copyTags, r.now,
              r.now.plus(w.options().jobStartDelay()), Restorer.duration(w, rp.snapshot));
          region.restoreJobs.put(jobId, job);
          w.schedule(job);
          return jobId;
        });
    ObjectNode out = Json.object();
    out.put("RestoreJobId", id);
    return out;
  }

  private static boolean pendingTarget(RegionState region, String target) {
    for (RestoreJob j : region.restoreJobs.values()) {
      if ("PENDING".equals(j.status) && j.targetTableName.equals(target)) {
        return true;
      }
    }
    return false;
  }

  JsonNode describeRestoreJob(Request r) {
    String id = r.path("restoreJobId");
    RestoreJob job = r.region().restoreJobs.get(id);
    if (job == null) {
      throw ApiException.notFound("Restore job " + id + " not found");
    }
    return job.toJson(r.now);
  }

  JsonNode listRestoreJobs(Request r) {
    String status = r.queryParam("status");
    JobListFilter filter = JobListFilter.from(r);
    List<RestoreJob> jobs = new ArrayList<>(r.region().restoreJobs.values());
    List<ObjectNode> all = new ArrayList<>();
    for (int i = jobs.size() - 1; i >= 0; i--) {
      RestoreJob j = jobs.get(i);
      if ((status == null || status.equals(j.status))
          && filter.matches(j.scope, j.creationDate, j.completionDate)) {
        all.add(j.toJson(r.now));
      }
    }
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "RestoreJobs");
    return out;
  }

  JsonNode getRestoreMetadata(Request r) {
    Vault vault = BackupService.vault(r, r.path("backupVaultName"));
    RecoveryPoint rp = BackupService.recoveryPoint(r, vault, r.path("recoveryPointArn"));
    ObjectNode out = Json.object();
    out.put("BackupVaultArn", vault.arn);
    out.put("RecoveryPointArn", rp.arn);
    ObjectNode md = out.putObject("RestoreMetadata");
    md.put("originalTableName", rp.resourceName);
    md.put("targetTableName", rp.resourceName);
    TableDefinition.Sse sse = rp.snapshot.definition().sse;
    md.put("encryptionType", sse == null ? "Default" : "KMS");
    if (sse != null) {
      md.put("kmsMasterKeyArn", sse.kmsKeyArn());
    }
    out.put("ResourceType", "DynamoDB");
    return out;
  }
}
