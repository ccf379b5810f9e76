package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.dynamobackup.operator.rules.ArnRules;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The first step of a restore, before any start call: everything that can be known about the resolved source is
 * checked (the AWS rules of {@link RestoreSpecs#resolvedProblems}, that the recovery point exists and where, the role,
 * the tenancy policy, the target table, cold storage), and only then is the intent recorded. Each answer says what is
 * true: a point that does not exist is {@code Pending / RecoveryPointNotFound}, not a missing role or a restore that
 * runs.
 */
final class RestoreRequest {
  /** After recording the intent, continue almost at once: the write only had to land before the start call. */
  static final Duration CONTINUE = Duration.ofMillis(100);
  private final ReconcileContext<DynamoRestore> context;
  private final RecoveryPointAccess access;
  private final RecoveryPointLocator locator;

  RestoreRequest(ReconcileContext<DynamoRestore> context) {
    this.context = context;
    this.access = new RecoveryPointAccess(context.dependencies().tenancy(), context.aws().inventory());
    this.locator = new RecoveryPointLocator(context.aws().inventory());
  }

  Duration request(RestoreRun resolved, RestoreStatuses status) {
    List<String> problems = RestoreSpecs.resolvedProblems(resolved, context.client());
    if (!problems.isEmpty()) {
      status.invalid(String.join("; ", problems));
      return null;
    }
    String indexProblem = resolved.indexOverrideProblem();
    if (indexProblem != null) {
      status.failed("UnknownIndex", indexProblem);
      return null;
    }
    var source = resolved.source();
    boolean otherRegion = !source.region().equals(resolved.targetRegion());
    Optional<CopyStatus> copy = otherRegion && source.backup() != null
        ? SourceResolver.copyIn(source.backup(), resolved.targetRegion()) : Optional.empty();
    if (copy.isPresent()) {
      source = new SourceResolver.Source(copy.get().destinationRecoveryPointArn, resolved.targetRegion(),
          Arn.parse(copy.get().destinationBackupVaultArn).resourceName(), source.iamRoleArn(), source.backup(),
          source.record());
    }
    RestoreRun run = new RestoreRun(resolved.restore(), source, resolved.iamRoleArn(), resolved.targetRegion());
    if (context.denied(RestoreSpecs.tenancy(context.dependencies().tenancy(), run), status.readiness())) {
      return null; // no AWS call and no requeue: a spec or policy change brings the next reconcile
    }
    // With a tenancy policy, the point is checked where it really is first: whether it exists outside the vaults the
    // namespace may use is not for the namespace to learn. Where to look first: the vault a DynamoBackup of the owning
    // namespace names, never one a catalog record names (that would tell another team's vault in the denial).
    String expectedVault = source.backup() != null ? source.backupVaultName() : null;
    if (context.denied(access.check(run.sourceNamespace(), source.recoveryPointArn(), expectedVault,
        run.sourceField()), status.readiness())) {
      return null;
    }
    // Does AWS have the point, and where? (A bare ARN learns its vault here, which a copy needs.)
    RecoveryPointLocator.Location location = locator.locate(source.recoveryPointArn(), source.backupVaultName());
    if (!location.exists()) {
      status.blocked(RestoreStatuses.RECOVERY_POINT_NOT_FOUND, resolved.sourceField() + ": "
          + location.notFound());
      return context.schedule().userErrorRetry();
    }
    if (source.backupVaultName() == null && location.backupVaultName() != null) {
      source = new SourceResolver.Source(source.recoveryPointArn(), source.region(), location.backupVaultName(),
          source.iamRoleArn(), source.backup(), source.record());
      run = new RestoreRun(resolved.restore(), source, resolved.iamRoleArn(), resolved.targetRegion());
      if (context.denied(RestoreSpecs.tenancy(context.dependencies().tenancy(), run), status.readiness())) {
        return null; // the vault a copy into the target Region would use, now that it is known
      }
    }
    if (run.iamRoleArn() == null) {
      status.invalid("spec.iamRoleArn: required: recovery point " + source.recoveryPointArn() + " does not belong to"
          + " a DynamoBackup of this namespace whose role could be used");
      return null;
    }
    boolean needsCopy = otherRegion && copy.isEmpty();
    if (needsCopy && source.backupVaultName() == null) {
      status.failed("NoCopyInTargetRegion", "the recovery point is in " + source.region() + " and no copy exists in "
          + run.targetRegion() + "; a DynamoDB-native backup cannot be copied by AWS Backup: restore the ARN of a"
          + " recovery point in " + run.targetRegion());
      return null;
    }
    if (needsCopy && location.cold()) {
      status.blocked("RecoveryPointInColdStorage", run.sourceField() + ": recovery point " + source.recoveryPointArn()
          + " is in cold storage and AWS Backup cannot copy it into " + run.targetRegion() + "; restore it in "
          + source.region() + ", or restore a copy that already is in " + run.targetRegion());
      return context.schedule().userErrorRetry();
    }
    if (new RestoreSteps(context).targetExists(run.targetRegion(), run.tableName(), status)) {
      return context.schedule().userErrorRetry();
    }
    var sse = run.spec().target.sse;
    String keyWarning = sse == null ? null
        : ArnRules.otherAccountsKey(sse.kmsKeyArn, Arn.parse(source.recoveryPointArn()).account());
    if (keyWarning != null) {
      context.warning("KmsKeyOfAnotherAccount", "spec.target.sse.kmsKeyArn: " + keyWarning);
    }
    status.requested(run, source, run.describePath(), needsCopy, resolved.source().sourceTableArn());
    return CONTINUE;
  }
}
