package io.dynamobackup.operator.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeCopyJobResponse;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/** {@link BackupService} over the AWS SDK v2 BackupClient. */
public final class SdkBackupService extends SdkService implements BackupService {
  /** Calls AWS with {@code identity}'s credentials. */
  public SdkBackupService(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public String startBackupJob(StartBackup r) {
    return AwsCalls.call(() -> clients.backup(identity, r.region()).startBackupJob(b -> b
        .resourceArn(r.resourceArn())
        .backupVaultName(r.backupVaultName())
        .iamRoleArn(r.iamRoleArn())
        .idempotencyToken(r.idempotencyToken())
        .startWindowMinutes(r.startWindowMinutes())
        .completeWindowMinutes(r.completeWindowMinutes())
        .lifecycle(lifecycle(r.moveToColdStorageAfterDays(), r.deleteAfterDays()))
        .recoveryPointTags(r.recoveryPointTags())).backupJobId());
  }

  @Override
  public BackupJob describeBackupJob(String region, String backupJobId) {
    DescribeBackupJobResponse job = AwsCalls.call(() -> clients.backup(identity, region).describeBackupJob(b -> b.backupJobId(backupJobId)));
    return new BackupJob(job.backupJobId(), job.stateAsString(), job.statusMessage(), job.recoveryPointArn(),
        job.creationDate(), Optional.ofNullable(job.completionDate()), Optional.ofNullable(job.expectedCompletionDate()),
        job.backupSizeInBytes());
  }

  @Override
  public String startCopyJob(StartCopy r) {
    return AwsCalls.call(() -> clients.backup(identity, r.region()).startCopyJob(b -> b
        .sourceBackupVaultName(r.sourceBackupVaultName())
        .recoveryPointArn(r.sourceRecoveryPointArn())
        .destinationBackupVaultArn(r.destinationBackupVaultArn())
        .iamRoleArn(r.iamRoleArn())
        .idempotencyToken(r.idempotencyToken())
        .lifecycle(lifecycle(r.moveToColdStorageAfterDays(), r.deleteAfterDays()))).copyJobId());
  }

  @Override
  public CopyJob describeCopyJob(String region, String copyJobId) {
    DescribeCopyJobResponse response = AwsCalls.call(() -> clients.backup(identity, region).describeCopyJob(b -> b.copyJobId(copyJobId)));
    var job = response.copyJob();
    return new CopyJob(job.copyJobId(), job.stateAsString(), job.statusMessage(), job.destinationRecoveryPointArn(),
        Optional.ofNullable(job.completionDate()));
  }

  @Override
  public String startRestoreJob(StartRestore r) {
    java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();
    metadata.put("targetTableName", r.targetTableName());
    if (r.encryptionType() != null) {
      metadata.put("encryptionType", r.encryptionType());
    }
    if (r.kmsMasterKeyArn() != null) {
      metadata.put("kmsMasterKeyArn", r.kmsMasterKeyArn());
    }
    if (r.deletionProtection() != null) {
      // A DynamoDB restore-metadata key (AWS Backup restore testing, "Restore testing inferred metadata").
      metadata.put("deletionProtection", r.deletionProtection().toString());
    }
    return AwsCalls.call(() -> clients.backup(identity, r.region()).startRestoreJob(b -> b
        .recoveryPointArn(r.recoveryPointArn())
        .iamRoleArn(r.iamRoleArn())
        .idempotencyToken(r.idempotencyToken())
        .resourceType("DynamoDB")
        .copySourceTagsToRestoredResource(r.copySourceTags() ? Boolean.TRUE : null)
        .metadata(metadata)).restoreJobId());
  }

  @Override
  public RestoreJob describeRestoreJob(String region, String restoreJobId) {
    var job = AwsCalls.call(() -> clients.backup(identity, region).describeRestoreJob(b -> b.restoreJobId(restoreJobId)));
    return new RestoreJob(job.restoreJobId(), job.statusAsString(), job.statusMessage(), job.createdResourceArn(),
        job.creationDate(), Optional.ofNullable(job.completionDate()),
        Optional.ofNullable(job.expectedCompletionTimeMinutes()).filter(m -> job.creationDate() != null)
            .map(m -> job.creationDate().plus(java.time.Duration.ofMinutes(m))));
  }

  @Override
  public void updateRecoveryPointLifecycle(String recoveryPointArn, String backupVaultName,
      Long moveToColdStorageAfterDays, Long deleteAfterDays) {
    Lifecycle lifecycle = lifecycle(moveToColdStorageAfterDays, deleteAfterDays);
    AwsCalls.run(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).updateRecoveryPointLifecycle(b -> b
        .recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)
        .lifecycle(lifecycle != null ? lifecycle : Lifecycle.builder().build())));
  }

  @Override
  public void deleteRecoveryPoint(String recoveryPointArn, String backupVaultName) {
    try {
      AwsCalls.run(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).deleteRecoveryPoint(b -> b
          .recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)));
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public RecoveryPoint describeRecoveryPoint(String recoveryPointArn, String backupVaultName) {
    var p = AwsCalls.call(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).describeRecoveryPoint(b -> b
        .recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)));
    return new RecoveryPoint(p.recoveryPointArn(), p.backupVaultArn(), p.resourceArn(), p.statusAsString(),
        p.creationDate(), Optional.ofNullable(p.completionDate()), p.backupSizeInBytes(), p.sourceBackupVaultArn(),
        p.iamRoleArn());
  }

  @Override
  public List<RecoveryPoint> listRecoveryPoints(String region, String backupVaultName) {
    List<RecoveryPoint> points = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      var page = AwsCalls.call(() -> clients.backup(identity, region).listRecoveryPointsByBackupVault(b -> b
          .backupVaultName(backupVaultName).byResourceType("DynamoDB").maxResults(1000).nextToken(token)));
      page.recoveryPoints().forEach(p -> points.add(new RecoveryPoint(p.recoveryPointArn(), p.backupVaultArn(),
          p.resourceArn(), p.statusAsString(), p.creationDate(), Optional.ofNullable(p.completionDate()),
          p.backupSizeInBytes(), p.sourceBackupVaultArn(), p.iamRoleArn())));
      next = page.nextToken();
    } while (next != null);
    return points;
  }

  @Override
  public Map<String, String> recoveryPointTags(String recoveryPointArn) {
    Map<String, String> tags = new LinkedHashMap<>();
    String next = null;
    do {
      String token = next;
      var page = AwsCalls.call(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).listTags(b -> b
          .resourceArn(recoveryPointArn).nextToken(token)));
      tags.putAll(page.tags());
      next = page.nextToken();
    } while (next != null);
    return tags;
  }

  @Override
  public void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags) {
    AwsCalls.run(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).tagResource(b -> b
        .resourceArn(recoveryPointArn).tags(tags)));
  }

  @Override
  public void untagRecoveryPoint(String recoveryPointArn, List<String> tagKeys) {
    AwsCalls.run(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).untagResource(b -> b
        .resourceArn(recoveryPointArn).tagKeyList(tagKeys)));
  }

  @Override
  public List<ActiveRestore> activeRestoreJobs(String region) {
    List<ActiveRestore> jobs = new ArrayList<>();
    for (RestoreJobStatus state : List.of(RestoreJobStatus.PENDING, RestoreJobStatus.RUNNING)) {
      String next = null;
      do {
        String token = next;
        var page = AwsCalls.call(() -> clients.backup(identity, region).listRestoreJobs(b -> b
            .byStatus(state).byResourceType("DynamoDB").maxResults(1000).nextToken(token)));
        page.restoreJobs().forEach(j -> jobs.add(new ActiveRestore(j.restoreJobId(), j.statusAsString(),
            j.recoveryPointArn(), j.creationDate())));
        next = page.nextToken();
      } while (next != null);
    }
    return jobs;
  }

  private static Lifecycle lifecycle(Long moveToColdStorageAfterDays, Long deleteAfterDays) {
    if (moveToColdStorageAfterDays == null && deleteAfterDays == null) {
      return null;
    }
    return Lifecycle.builder().moveToColdStorageAfterDays(moveToColdStorageAfterDays).deleteAfterDays(deleteAfterDays).build();
  }
}
