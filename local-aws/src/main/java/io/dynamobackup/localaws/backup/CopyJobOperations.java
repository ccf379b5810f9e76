package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;

/** StartCopyJob, DescribeCopyJob, ListCopyJobs. */
final class CopyJobOperations {
  private final Predicate<String> deniedRole;

  CopyJobOperations(Predicate<String> deniedRole) {
    this.deniedRole = deniedRole;
  }

  JsonNode startCopyJob(Request r) {
    String rpArn = r.requiredText("RecoveryPointArn");
    String sourceVaultName = r.requiredText("SourceBackupVaultName");
    String destination = r.requiredText("DestinationBackupVaultArn");
    String role = r.requiredText("IamRoleArn");
    BackupService.checkRole(deniedRole, role);
    Arns.Arn dest = Arns.parse(destination);
    if (dest == null || !"backup".equals(dest.service()) || !dest.resource().startsWith("backup-vault:")) {
      throw ApiException.invalidParameter("Invalid destination backup vault ARN: " + destination);
    }
    Vault sourceVault = BackupService.vault(r, sourceVaultName);
    RecoveryPoint source = BackupService.recoveryPoint(r, sourceVault, rpArn);
    if (!"COMPLETED".equals(source.status)) {
      throw ApiException.invalidRequest("Recovery point " + rpArn + " is " + source.status + "; only COMPLETED recovery points can be copied");
    }
    Lifecycle lifecycle = Lifecycle.parse(r.node("Lifecycle"));
    String id = r.world.idempotent(r.scope, "StartCopyJob", r.text("IdempotencyToken"),
        BackupService.fingerprint(r.body), () -> {
          World w = r.world;
          Duration duration = w.options().copyBaseDuration()
              .plus(w.options().copyPerItem().multipliedBy(source.snapshot.itemCount()));
          String jobId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
          CopyJob job = new CopyJob(jobId, r.scope, sourceVault, source, destination, role, lifecycle, r.now,
              r.now.plus(w.options().jobStartDelay()), duration);
          r.region().copyJobs.put(jobId, job);
          w.slot(source.resourceArn).enqueue(job);
          w.schedule(job);
          return jobId;
        });
    CopyJob job = r.region().copyJobs.get(id);
    ObjectNode out = Json.object();
    out.put("CopyJobId", job.id);
    Json.putTime(out, "CreationDate", job.creationDate);
    out.put("IsParent", false);
    return out;
  }

  JsonNode describeCopyJob(Request r) {
    String id = r.path("copyJobId");
    CopyJob job = r.region().copyJobs.get(id);
    if (job == null) {
      throw ApiException.notFound("Copy job " + id + " not found");
    }
    ObjectNode out = Json.object();
    out.set("CopyJob", job.toJson());
    return out;
  }

  JsonNode listCopyJobs(Request r) {
    String state = r.queryParam("state");
    String resourceArn = r.queryParam("resourceArn");
    String destinationVaultArn = r.queryParam("destinationVaultArn");
    String sourceRp = r.queryParam("sourceRecoveryPointArn");
    JobListFilter filter = JobListFilter.from(r);
    List<CopyJob> jobs = new ArrayList<>(r.region().copyJobs.values());
    List<ObjectNode> all = new ArrayList<>();
    for (int i = jobs.size() - 1; i >= 0; i--) {
      CopyJob j = jobs.get(i);
      if ((state == null || state.equals(j.state))
          && (resourceArn == null || resourceArn.equals(j.resourceArn()))
          && (destinationVaultArn == null || destinationVaultArn.equals(j.destinationVaultArn))
          && (sourceRp == null || sourceRp.equals(j.source.arn))
          && filter.matches(j.scope, j.creationDate, j.completionDate)) {
        all.add(j.toJson());
      }
    }
    ObjectNode out = Json.object();
    Pages.page(r, all, out, "CopyJobs");
    return out;
  }
}
