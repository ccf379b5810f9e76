package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.aws.Arn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the recovery point a restore's source names: by ARN, through a DynamoBackup, or a plan's newest point. */
final class SourceResolver {
  static final String PLAN_LABEL = "dynamobackup.io/plan";

  /** A recovery point to restore; vault, role and backup are null when the point is not one of ours. */
  record Source(String recoveryPointArn, String region, String backupVaultName, String iamRoleArn, DynamoBackup backup) {}

  /** Either a source, or why there is none yet: {@code waiting} problems resolve by themselves. */
  record Resolution(Source source, String reason, String message, boolean waiting) {
    static Resolution of(Source source) {
      return new Resolution(source, null, null, false);
    }

    static Resolution problem(String reason, String message, boolean waiting) {
      return new Resolution(null, reason, message, waiting);
    }
  }

  private final KubernetesClient client;

  SourceResolver(KubernetesClient client) {
    this.client = client;
  }

  Resolution resolve(DynamoRestore restore) {
    var status = restore.getStatus();
    RestoreSource spec = restore.getSpec().source;
    // A reference to another namespace passed validation and the tenancy policy (readRecoveryPointsOf) before.
    RestoreSource.ObjectRef ref = spec.backupRef != null ? spec.backupRef : spec.planRef;
    String namespace = ref != null && ref.namespace != null ? ref.namespace : restore.getMetadata().getNamespace();
    if (status != null && status.recoveryPointArn != null) {
      // Resolved before: a plan's newer points must not change what this restore restores.
      DynamoBackup backup = status.sourceBackup == null ? null : backup(namespace, status.sourceBackup);
      return Resolution.of(source(status.recoveryPointArn, backup));
    }
    if (spec.backupRef != null) {
      DynamoBackup backup = backup(namespace, spec.backupRef.name);
      if (backup == null) {
        return Resolution.problem("BackupNotFound", "spec.source.backupRef: DynamoBackup " + namespace + "/"
            + spec.backupRef.name + " does not exist", false);
      }
      return completed(backup);
    }
    if (spec.planRef != null) {
      Instant pointInTime = spec.pointInTime == null ? null : OffsetDateTime.parse(spec.pointInTime).toInstant();
      List<DynamoBackup> children = client.resources(DynamoBackup.class).inNamespace(namespace)
          .withLabel(PLAN_LABEL, spec.planRef.name).list().getItems();
      return children.stream()
          .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed
              && b.getStatus().completionTime != null)
          .filter(b -> pointInTime == null || !Instant.parse(b.getStatus().completionTime).isAfter(pointInTime))
          .max(Comparator.comparing(b -> Instant.parse(b.getStatus().completionTime)))
          .map(b -> Resolution.of(source(b.getStatus().recoveryPointArn, b)))
          .orElseGet(() -> Resolution.problem("NoRecoveryPoint", "spec.source.planRef: plan " + spec.planRef.name
              + " has no completed recovery point" + (pointInTime == null ? "" : " at or before " + spec.pointInTime),
              false));
    }
    DynamoBackup owner = client.resources(DynamoBackup.class).inNamespace(namespace).list().getItems().stream()
        .filter(b -> b.getStatus() != null && (spec.recoveryPointArn.equals(b.getStatus().recoveryPointArn)
            || copyOf(b, spec.recoveryPointArn).isPresent()))
        .findFirst().orElse(null);
    return Resolution.of(source(spec.recoveryPointArn, owner));
  }

  private Resolution completed(DynamoBackup backup) {
    var status = backup.getStatus();
    String name = backup.getMetadata().getName();
    if (status != null && (status.phase == BackupPhase.Failed || status.phase == BackupPhase.Expired)
        && status.recoveryPointArn == null) {
      return Resolution.problem("SourceBackupFailed", "spec.source.backupRef: DynamoBackup " + name + " is "
          + status.phase + (status.failure == null ? "" : ": " + status.failure.message), false);
    }
    if (status == null || status.recoveryPointArn == null || status.completionTime == null) {
      return Resolution.problem("WaitingForBackup", "DynamoBackup " + name + " has no recovery point yet", true);
    }
    return Resolution.of(source(status.recoveryPointArn, backup));
  }

  private static Source source(String recoveryPointArn, DynamoBackup backup) {
    String region = Arn.parse(recoveryPointArn).region();
    if (backup == null) {
      return new Source(recoveryPointArn, region, null, null, null);
    }
    String vault = copyOf(backup, recoveryPointArn).map(c -> Arn.parse(c.destinationBackupVaultArn).resourceName())
        .orElse(backup.getSpec().backupVault);
    return new Source(recoveryPointArn, region, vault, backup.getSpec().iamRoleArn, backup);
  }

  /** A completed copy of {@code backup} in {@code region}, if there is one. */
  static Optional<CopyStatus> copyIn(DynamoBackup backup, String region) {
    return backup.getStatus().copies == null ? Optional.empty() : backup.getStatus().copies.stream()
        .filter(c -> "COMPLETED".equals(c.state) && c.destinationRecoveryPointArn != null
            && Arn.parse(c.destinationRecoveryPointArn).region().equals(region))
        .findFirst();
  }

  private static Optional<CopyStatus> copyOf(DynamoBackup backup, String recoveryPointArn) {
    return backup.getStatus().copies == null ? Optional.empty() : backup.getStatus().copies.stream()
        .filter(c -> recoveryPointArn.equals(c.destinationRecoveryPointArn)).findFirst();
  }

  private DynamoBackup backup(String namespace, String name) {
    return client.resources(DynamoBackup.class).inNamespace(namespace).withName(name).get();
  }
}
