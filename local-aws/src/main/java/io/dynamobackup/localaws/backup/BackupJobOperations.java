package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableSnapshot;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;

/** StartBackupJob, DescribeBackupJob, ListBackupJobs, StopBackupJob. */
final class BackupJobOperations {
  static final long DEFAULT_START_WINDOW_MINUTES = 8 * 60;
  static final long DEFAULT_COMPLETE_WINDOW_MINUTES = 7 * 24 * 60;

  private final Predicate<String> deniedRole;

  BackupJobOperations(Predicate<String> deniedRole) {
    this.deniedRole = deniedRole;
  }

  JsonNode startBackupJob(Request r) {
    String vaultName = r.requiredText("BackupVaultName");
    String resourceArn = r.requiredText("ResourceArn");
    String role = r.requiredText("IamRoleArn");
    BackupService.checkRole(deniedRole, role);
    Vault vault = BackupService.vault(r, vaultName);
    String tableName = Arns.tableName(resourceArn);
    Arns.Arn arn = Arns.parse(resourceArn);
    if (tableName == null || arn.resource().indexOf('/', "table/".length()) >= 0) {
      throw ApiException.invalidParameter("Invalid resource ARN " + resourceArn
          + ": local-aws backs up DynamoDB tables (arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME)");
    }
    if (!arn.scope().equals(r.scope) || !arn.partition().equals(r.scope.partition())) {
      throw ApiException.invalidParameter("Resource " + resourceArn + " is not in account " + r.scope.accountId()
          + " and Region " + r.scope.region() + " of this request");
    }
    RegionState region = r.region();
    Table table = region.tables.get(tableName);
    if (table == null) {
      throw ApiException.notFound("Resource " + resourceArn + " not found");
    }
    long startWindow = window(r, "StartWindowMinutes", DEFAULT_START_WINDOW_MINUTES, 60);
    long completeWindow = window(r, "CompleteWindowMinutes", DEFAULT_COMPLETE_WINDOW_MINUTES, 60);
    Lifecycle lifecycle = Lifecycle.parse(r.node("Lifecycle"));
    String id = r.world.idempotent(r.scope, "StartBackupJob", r.text("IdempotencyToken"),
        BackupService.fingerprint(r.body), () -> {
          World w = r.world;
          TableSnapshot snapshot = table.snapshot(r.now);
          Duration duration = w.options().backupBaseDuration()
              .plus(w.options().backupPerItem().multipliedBy(snapshot.itemCount()));
          String jobId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
          String rpArn = r.scope.arn("backup", "recovery-point:" + UUID.randomUUID());
          BackupJob job = new BackupJob(jobId, r.scope, vault, role, snapshot, rpArn, r.now,
              r.now.plus(w.options().jobStartDelay()), Duration.ofMinutes(startWindow),
              Duration.ofMinutes(completeWindow), duration, lifecycle);
          job.recoveryPointTags.putAll(Json.stringMap(r.node("RecoveryPointTags")));
          region.backupJobs.put(jobId, job);
          w.slot(table.arn).enqueue(job);
          w.schedule(job);
          return jobId;
        });
    BackupJob job = region.backupJobs.get(id);
    ObjectNode out = Json.object();
    out.put("BackupJobId", job.id);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    Json.putTime(out, "CreationDate", job.creationDate);
    out.put("IsParent", false);
    return out;
  }

  private static long window(Request r, String field, long defaultMinutes, long minimum) {
    Long v = Json.longValue(r.body, field);
    if (v == null) {
      return defaultMinutes;
    }
    if (v < minimum) {
      throw ApiException.invalidParameter(field + " must be at least " + minimum + " minutes (was " + v + ")");
    }
    return v;
  }

  JsonNode describeBackupJob(Request r) {
    return job(r, r.path("backupJobId")).toJson(r.now);
  }

  private static BackupJob job(Request r, String id) {
    BackupJob job = r.region().backupJobs.get(id);
    if (job == null) {
      throw ApiException.notFound("Backup job " + id + " not found");
    }
    return job;
  }

  JsonNode listBackupJobs(Request r) {
    String state = r.queryParam("state");
    String resourceArn = r.queryParam("resourceArn");
    String vaultName = r.queryParam("backupVaultName");
    JobListFilter filter = JobListFilter.from(r);
    List<ObjectNode> all = new ArrayList<>();
    List<BackupJob> jobs = new ArrayList<>(r.region().backupJobs.values());
    for (int i = jobs.size() - 1; i >= 0; i--) {
      BackupJob j = jobs.get(i);
      if ((state == null || state.equals(j.state))
          && (resourceArn == null || resourceArn.equals(j.resourceArn()))
          && (vaultName == null || vaultName.equals(j.vault.name))
          && filter.matches(j.scope, j.creationDate, j.completionDate)) {
        all.add(j.toJson(r.now));
      }
    }
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "BackupJobs");
    return out;
  }

  JsonNode stopBackupJob(Request r) {
    BackupJob job = job(r, r.path("backupJobId"));
    throw ApiException.invalidRequest("Backup job " + job.id + " cannot be stopped: stopping backup jobs is not"
        + " supported for resource type DynamoDB (state " + job.state + ")");
  }
}
