package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableSnapshot;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;
import java.util.Map;

/** StartBackupJob, DescribeBackupJob, ListBackupJobs, StopBackupJob. */
final class BackupJobOperations {
  static final long DEFAULT_START_WINDOW_MINUTES = 8 * 60;
  static final long DEFAULT_COMPLETE_WINDOW_MINUTES = 7 * 24 * 60;

  JsonNode startBackupJob(Request r) {
    String role = r.requiredText("IamRoleArn");
    BackupRules.role(r, role);
    Vault vault = BackupService.vault(r, r.requiredText("BackupVaultName"));
    String resourceArn = r.requiredText("ResourceArn");
    String tableName = BackupRules.tableToBackUp(r, resourceArn);
    RegionState region = r.region();
    Table table = region.tables.get(tableName);
    if (table == null) {
      throw ApiException.notFound("Resource " + resourceArn + " not found");
    }
    long startWindow = BackupRules.window(r, "StartWindowMinutes", DEFAULT_START_WINDOW_MINUTES);
    long completeWindow = BackupRules.window(r, "CompleteWindowMinutes", DEFAULT_COMPLETE_WINDOW_MINUTES);
    Lifecycle lifecycle = Lifecycle.parse(r.node("Lifecycle"));
    Map<String, String> tags = Json.stringMap(r.node("RecoveryPointTags"));
    BackupRules.tags(Map.of(), tags);
    String id = r.world.idempotent(r.scope, "StartBackupJob", r.text("IdempotencyToken"),
        BackupService.fingerprint(r.body), () -> {
          World w = r.world;
          TableSnapshot snapshot = table.snapshot(r.now);
          Duration duration = w.options().backupBaseDuration()
              .plus(w.options().backupPerItem().multipliedBy(snapshot.itemCount()));
          String rpArn = r.scope.arn("backup", "recovery-point:" + java.util.UUID.randomUUID());
          BackupJob job = new BackupJob(Job.newId(), r.scope, vault, role, snapshot, rpArn, r.now,
              r.now.plus(w.options().jobStartDelay()), Duration.ofMinutes(startWindow),
              Duration.ofMinutes(completeWindow), duration, lifecycle);
          job.recoveryPointTags.putAll(tags);
          region.backupJobs.put(job.id, job);
          w.slot(table.arn).enqueue(job);
          w.schedule(job);
          return job.id;
        });
    BackupJob job = region.backupJobs.get(id);
    ObjectNode out = Json.object();
    out.put("BackupJobId", job.id);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    Json.putTime(out, "CreationDate", job.creationDate);
    out.put("IsParent", false);
    return out;
  }

  JsonNode describeBackupJob(Request r) {
    return Jobs.find(r.region().backupJobs, r.path("backupJobId"), "Backup job").toJson(r.now);
  }

  JsonNode listBackupJobs(Request r) {
    String resourceArn = r.queryParam("resourceArn");
    String vaultName = r.queryParam("backupVaultName");
    return Jobs.list(r, r.region().backupJobs, "state",
        j -> (resourceArn == null || resourceArn.equals(j.resourceArn()))
            && (vaultName == null || vaultName.equals(j.vault.name)),
        j -> j.toJson(r.now), "BackupJobs");
  }

  /**
   * DynamoDB backup jobs cannot be stopped, in any state.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StopBackupJob.html
   */
  JsonNode stopBackupJob(Request r) {
    BackupJob job = Jobs.find(r.region().backupJobs, r.path("backupJobId"), "Backup job");
    throw ApiException.invalidRequest("Backup job " + job.id + " cannot be stopped: stopping backup jobs is not"
        + " supported for resource type DynamoDB (state " + job.state() + ")");
  }
}
