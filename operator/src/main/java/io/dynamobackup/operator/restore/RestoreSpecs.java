package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
import java.util.List;

/** Checks a DynamoRestore spec before any AWS call: a spec that is wrong on its own never reaches AWS. */
final class RestoreSpecs {
  private RestoreSpecs() {}

  static List<String> validate(DynamoRestoreSpec spec, String namespace) {
    return validate(spec, namespace, false);
  }

  /**
   * {@code tenancyPolicy}: a tenancy policy is in force and decides references to other namespaces (see
   * {@link #tenancy}); without one they are always refused.
   */
  static List<String> validate(DynamoRestoreSpec spec, String namespace, boolean tenancyPolicy) {
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation v = new SpecValidation()
        .required(spec.source, "spec.source")
        .required(spec.target, "spec.target")
        .matches(spec.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, "spec.iamRoleArn", "IAM role ARN");
    if (spec.source != null) {
      RestoreSourceSpecs.validate(spec.source, "spec.source", namespace, tenancyPolicy, v);
    }
    if (spec.target != null) {
      target(spec.target, v);
    }
    if (spec.settings != null) {
      SettingsSpecs.check(spec.settings, spec.target == null ? null : spec.target.region, v);
    }
    return v.problems();
  }

  /**
   * What the tenancy policy says about the spec alone, before the source is resolved: the target table's name and
   * Region, the role, a recovery point ARN's account and Region, references to other namespaces, and the table of a
   * point-in-time source (whose Region is also the target's by default).
   */
  static TenancyGuard.Check tenancy(TenancyGuard guard, DynamoRestore restore) {
    DynamoRestoreSpec spec = restore.getSpec();
    TenancyGuard.Check check = guard.check(restore.getMetadata().getNamespace())
        .tableName(spec.target.tableName, "spec.target.tableName")
        .region(spec.target.region, "spec.target.region")
        .role(spec.iamRoleArn, "spec.iamRoleArn");
    if (spec.source.pointInTimeRecovery != null && spec.target.region == null) {
      check.region(io.dynamobackup.operator.common.TableKey.of(spec.source.pointInTimeRecovery.table).region(),
          "spec.target.region (the source table's Region)");
    }
    return RestoreSourceSpecs.tenancy(check, spec.source, "spec.source");
  }

  /**
   * What the tenancy policy says about the resolved restore, still before any AWS call: the recovery point a
   * reference resolved to, the role and target Region taken from it when the spec leaves them out, and the vault a
   * cross-Region restore copies into.
   */
  static TenancyGuard.Check tenancy(TenancyGuard guard, RestoreRun run) {
    DynamoRestoreSpec spec = run.spec();
    String from = run.sourceField();
    TenancyGuard.Check check = guard.check(run.restore().getMetadata().getNamespace())
        .recoveryPoint(run.source().recoveryPointArn(), from + " (recovery point " + run.source().recoveryPointArn()
            + ")");
    if (spec.iamRoleArn == null) {
      check.role(run.iamRoleArn(), "spec.iamRoleArn (taken from the source DynamoBackup)");
    }
    if (spec.target.region == null) {
      check.region(run.targetRegion(), "spec.target.region (the recovery point's Region)");
    }
    if (!run.source().region().equals(run.targetRegion()) && run.source().backupVaultName() != null) {
      check.vaultArn(run.copyDestinationVaultArn(), "spec.target.region (copy into " + run.copyDestinationVaultArn()
          + ")");
    }
    return check;
  }

  private static void target(RestoreTarget target, SpecValidation v) {
    v.required(target.tableName, "spec.target.tableName")
        .matches(target.tableName, ApiPatterns.TABLE_NAME, "spec.target.tableName", "DynamoDB table name")
        .matches(target.region, ApiPatterns.REGION, "spec.target.region", "AWS Region")
        .check(target.provisionedThroughput == null || target.billingMode == null
            || target.billingMode == RestoreTarget.BillingMode.PROVISIONED, "spec.target.provisionedThroughput",
            "requires billingMode PROVISIONED");
    if (target.provisionedThroughput != null) {
      v.required(target.provisionedThroughput.readCapacityUnits, "spec.target.provisionedThroughput.readCapacityUnits")
          .required(target.provisionedThroughput.writeCapacityUnits,
              "spec.target.provisionedThroughput.writeCapacityUnits")
          .atLeast(target.provisionedThroughput.readCapacityUnits, 1, "spec.target.provisionedThroughput.readCapacityUnits")
          .atLeast(target.provisionedThroughput.writeCapacityUnits, 1,
              "spec.target.provisionedThroughput.writeCapacityUnits");
    }
    if (target.sse != null) {
      v.required(target.sse.type, "spec.target.sse.type")
          .check(target.sse.type != RestoreTarget.EncryptionType.KMS || target.sse.kmsKeyArn != null,
              "spec.target.sse.kmsKeyArn", "required with type KMS")
          .matches(target.sse.kmsKeyArn, ApiPatterns.KMS_KEY_ARN, "spec.target.sse.kmsKeyArn", "KMS key ARN");
    }
  }
}
