package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.http.Route;
import java.util.List;

/** The AWS Backup REST-JSON API: routes exactly as in the service model. */
public final class BackupService {
  private final List<Route> routes;

  public BackupService() {
    VaultOperations vaults = new VaultOperations();
    BackupJobOperations backups = new BackupJobOperations();
    CopyJobOperations copies = new CopyJobOperations();
    RestoreJobOperations restores = new RestoreJobOperations();
    RecoveryPointOperations points = new RecoveryPointOperations();
    String rp = "/backup-vaults/{backupVaultName}/recovery-points/{recoveryPointArn}";
    this.routes = List.of(
        new Route("PUT", "/backup-vaults/{backupVaultName}", "CreateBackupVault", vaults::createBackupVault),
        new Route("GET", "/backup-vaults/{backupVaultName}", "DescribeBackupVault", vaults::describeBackupVault),
        new Route("GET", "/backup-vaults/", "ListBackupVaults", vaults::listBackupVaults),
        new Route("DELETE", "/backup-vaults/{backupVaultName}", "DeleteBackupVault", vaults::deleteBackupVault),
        new Route("PUT", "/backup-jobs", "StartBackupJob", backups::startBackupJob),
        new Route("GET", "/backup-jobs/{backupJobId}", "DescribeBackupJob", backups::describeBackupJob),
        new Route("GET", "/backup-jobs/", "ListBackupJobs", backups::listBackupJobs),
        new Route("POST", "/backup-jobs/{backupJobId}", "StopBackupJob", backups::stopBackupJob),
        new Route("PUT", "/copy-jobs", "StartCopyJob", copies::startCopyJob),
        new Route("GET", "/copy-jobs/{copyJobId}", "DescribeCopyJob", copies::describeCopyJob),
        new Route("GET", "/copy-jobs/", "ListCopyJobs", copies::listCopyJobs),
        new Route("PUT", "/restore-jobs", "StartRestoreJob", restores::startRestoreJob),
        new Route("GET", "/restore-jobs/{restoreJobId}", "DescribeRestoreJob", restores::describeRestoreJob),
        new Route("GET", "/restore-jobs/", "ListRestoreJobs", restores::listRestoreJobs),
        new Route("GET", rp + "/restore-metadata", "GetRecoveryPointRestoreMetadata", restores::getRestoreMetadata),
        new Route("GET", rp, "DescribeRecoveryPoint", points::describeRecoveryPoint),
        new Route("GET", "/backup-vaults/{backupVaultName}/recovery-points/", "ListRecoveryPointsByBackupVault",
            points::listByBackupVault),
        new Route("GET", "/resources/{resourceArn}/recovery-points/", "ListRecoveryPointsByResource",
            points::listByResource),
        new Route("DELETE", rp, "DeleteRecoveryPoint", points::deleteRecoveryPoint),
        new Route("POST", rp, "UpdateRecoveryPointLifecycle", points::updateLifecycle),
        new Route("POST", "/tags/{resourceArn}", "TagResource", vaults::tagResource),
        new Route("POST", "/untag/{resourceArn}", "UntagResource", vaults::untagResource),
        new Route("GET", "/tags/{resourceArn}/", "ListTags", vaults::listTags));
  }

  public List<Route> routes() {
    return routes;
  }

  // ---- helpers shared by the operation classes ----

  static Vault vault(Request r, String name) {
    if (name == null || name.isEmpty()) {
      throw ApiException.missingParameter("BackupVaultName");
    }
    Vault v = r.region().vaults.get(name);
    if (v == null) {
      throw ApiException.notFound("Backup vault " + name + " does not exist in " + r.scope.region()
          + " for account " + r.scope.accountId());
    }
    return v;
  }

  static RecoveryPoint recoveryPoint(Request r, Vault vault, String arn) {
    RecoveryPoint rp = vault.points.get(arn);
    if (rp == null) {
      throw ApiException.notFound("Recovery point " + arn + " not found in backup vault " + vault.name);
    }
    return rp;
  }

  /** Request parameters minus the idempotency token, to detect a token reused for another call. */
  static String fingerprint(ObjectNode body) {
    ObjectNode copy = body.deepCopy();
    copy.remove("IdempotencyToken");
    return copy.toString();
  }
}
