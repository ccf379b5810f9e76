package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.http.Request;
import java.time.Duration;

/** StartCopyJob, DescribeCopyJob, ListCopyJobs. */
final class CopyJobOperations {
  JsonNode startCopyJob(Request r) {
    String role = r.requiredText("IamRoleArn");
    BackupRules.role(r, role);
    String destination = r.requiredText("DestinationBackupVaultArn");
    BackupRules.copyDestination(r, destination);
    Vault sourceVault = BackupService.vault(r, r.requiredText("SourceBackupVaultName"));
    RecoveryPoint source = BackupService.recoveryPoint(r, sourceVault, r.requiredText("RecoveryPointArn"));
    if (!"COMPLETED".equals(source.status)) {
      throw ApiException.invalidRequest("Recovery point " + source.arn + " is " + source.status
          + "; only COMPLETED recovery points can be copied");
    }
    if (BackupRules.inColdStorage(source)) {
      throw ApiException.invalidRequest(BackupRules.coldStorageCopyMessage(source));
    }
    Lifecycle lifecycle = Lifecycle.parse(r.node("Lifecycle"));
    String id = r.world.idempotent(r.scope, "StartCopyJob", r.text("IdempotencyToken"),
        BackupService.fingerprint(r.body), () -> {
          World w = r.world;
          Duration duration = w.options().copyBaseDuration()
              .plus(w.options().copyPerItem().multipliedBy(source.snapshot.itemCount()));
          CopyJob job = new CopyJob(Job.newId(), r.scope, sourceVault, source, destination, role, lifecycle, r.now,
              r.now.plus(w.options().jobStartDelay()), duration);
          r.region().copyJobs.put(job.id, job);
          w.slot(source.resourceArn).enqueue(job);
          w.schedule(job);
          return job.id;
        });
    CopyJob job = r.region().copyJobs.get(id);
    ObjectNode out = Json.object();
    out.put("CopyJobId", job.id);
    Json.putTime(out, "CreationDate", job.creationDate);
    out.put("IsParent", false);
    return out;
  }

  JsonNode describeCopyJob(Request r) {
    ObjectNode out = Json.object();
    out.set("CopyJob", Jobs.find(r.region().copyJobs, r.path("copyJobId"), "Copy job").toJson());
    return out;
  }

  JsonNode listCopyJobs(Request r) {
    String resourceArn = r.queryParam("resourceArn");
    String destinationVaultArn = r.queryParam("destinationVaultArn");
    String sourceRp = r.queryParam("sourceRecoveryPointArn");
    return Jobs.list(r, r.region().copyJobs, "state",
        j -> (resourceArn == null || resourceArn.equals(j.resourceArn()))
            && (destinationVaultArn == null || destinationVaultArn.equals(j.destinationVaultArn))
            && (sourceRp == null || sourceRp.equals(j.source.arn)),
        CopyJob::toJson, "CopyJobs");
  }
}
