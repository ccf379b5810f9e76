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

/** StartRestoreJob, DescribeRestoreJob, ListRestoreJobs, GetRecoveryPointRestoreMetadata. */
final class RestoreJobOperations {
  JsonNode startRestoreJob(Request r) {
    String rpArn = r.requiredText("RecoveryPointArn");
    String role = r.text("IamRoleArn");
    BackupRules.role(r, role);
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
    RestoreMetadata md = RestoreMetadata.parse(r, r.node("Metadata"));
    String target = md.targetTableName();
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
          TableDefinition def = Restorer.definition(rp.snapshot, md.overrides());
          RestoreJob job = new RestoreJob(Job.newId(), r.scope, rp, role, target, def, copyTags, r.now,
              r.now.plus(w.options().jobStartDelay()), Restorer.duration(w, rp.snapshot), md.keyProblem());
          job.deletionProtection = Boolean.TRUE.equals(md.deletionProtection());
          region.restoreJobs.put(job.id, job);
          w.schedule(job);
          return job.id;
        });
    ObjectNode out = Json.object();
    out.put("RestoreJobId", id);
    return out;
  }

  private static boolean pendingTarget(RegionState region, String target) {
    return region.restoreJobs.values().stream().anyMatch(j -> j.is("PENDING") && j.targetTableName.equals(target));
  }

  JsonNode describeRestoreJob(Request r) {
    return Jobs.find(r.region().restoreJobs, r.path("restoreJobId"), "Restore job").toJson(r.now);
  }

  JsonNode listRestoreJobs(Request r) {
    return Jobs.list(r, r.region().restoreJobs, "status", j -> true, j -> j.toJson(r.now), "RestoreJobs");
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
