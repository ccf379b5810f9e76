package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.common.ShortHash;
import io.dynamobackup.operator.common.SpecValidation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.rules.AlarmRules;
import io.dynamobackup.operator.rules.ArnRules;
import io.dynamobackup.operator.rules.Scope;
import io.dynamobackup.operator.rules.TableRules;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.rules.TagRules;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    Scope point = null;
    if (spec.source != null) {
      RestoreSourceSpecs.validate(spec.source, "spec.source", namespace, tenancyPolicy, v);
      point = RestoreSourceSpecs.scope(spec.source, "spec.source", v);
    }
    boolean pointInTime = spec.source != null && spec.source.pointInTimeRecovery != null;
    // The restore (and a copy into another Region first) runs in the recovery point's account; a point-in-time
    // restore runs as the operator and uses no role.
    ArnRules.role(v, spec.iamRoleArn, "spec.iamRoleArn", pointInTime ? null : point);
    Scope table = point;
    if (spec.target != null) {
      table = target(spec.target, point, pointInTime, v);
    }
    if (spec.settings != null) {
      SettingsSpecs.check(spec.settings, table, v);
      if (spec.target != null) {
        autoScalingFitsTarget(spec.settings, spec.target, v);
      }
    }
    return v.problems();
  }

  /**
   * What is certain once the source is resolved (a DynamoBackup or a plan's point), still before any AWS call: the
   * point's partition against the target Region, the role (the spec's or the source backup's) against the point's
   * partition and account, the KMS key and alarm actions against the target Region.
   */
  static List<String> validateResolved(RestoreRun run) {
    SpecValidation v = new SpecValidation();
    Arn point = Arn.parse(run.source().recoveryPointArn());
    if (!v.arnRegion(run.source().recoveryPointArn(), run.sourceField() + " (recovery point "
        + run.source().recoveryPointArn() + ")")) {
      return v.problems();
    }
    Scope pointScope = Scope.of(point.region(), point.account(), "the recovery point");
    if (run.iamRoleArn() != null) {
      ArnRules.role(v, run.iamRoleArn(), run.spec().iamRoleArn != null ? "spec.iamRoleArn"
          : "spec.iamRoleArn (taken from DynamoBackup " + run.source().backup().getMetadata().getName() + ")",
          pointScope);
    }
    if (pointScope != null) {
      RestoreSourceSpecs.fitsTargetRegion(v, pointScope, false, run.targetRegion(),
          run.spec().target.region != null ? "spec.target.region" : run.sourceField());
    }
    Scope table = Scope.of(run.targetRegion(), point.account(), "the target table's Region " + run.targetRegion());
    if (run.spec().target.sse != null) {
      ArnRules.kmsKey(v, run.spec().target.sse.kmsKeyArn, "spec.target.sse.kmsKeyArn", table);
    }
    if (run.spec().settings != null && run.spec().settings.alarms != null) {
      AlarmRules.alarms(v, run.spec().settings.alarms, "spec.settings.alarms", table);
    }
    return v.problems().stream().distinct().toList();
  }

  /**
   * Every problem of the resolved source, still before any AWS call: {@link #validateResolved}, and whether the
   * source table's captured tags (settings.fromSource) and the spec's fit on one table. {@code client} reads the
   * captured settings.
   */
  static List<String> resolvedProblems(RestoreRun run, KubernetesClient client) {
    List<String> problems = new ArrayList<>(validateResolved(run));
    var settings = run.spec().settings;
    var backup = run.source().backup();
    if (settings == null || settings.tags == null || backup == null || Boolean.FALSE.equals(settings.fromSource)) {
      return problems;
    }
    Set<String> keys = new HashSet<>(settings.tags.keySet());
    CapturedSettings.load(client, backup).filter(c -> c.tags != null).ifPresent(c -> keys.addAll(c.tags.keySet()));
    if (keys.size() > TagRules.MAX_TAGS) {
      problems.add("spec.settings.tags: with the tags captured from the source table (settings.fromSource) the"
          + " restored table would have " + keys.size() + " tags; AWS allows " + TagRules.MAX_TAGS);
    }
    return problems;
  }

  /**
   * Whether a spec with {@code problems} can still have its source resolved, so that {@link #resolvedProblems} are
   * reported with the others: a reference (backupRef or planRef) without problems of its own, which resolves from the
   * cluster alone, in the restore's namespace or one the tenancy policy lets it read (another team's objects are not
   * read before the policy allows it), and a target whose Region, if given, is valid. A recovery point ARN's Region and
   * account are checked with the spec already.
   */
  static boolean resolvableDespite(List<String> problems, DynamoRestore restore, TenancyGuard guard) {
    DynamoRestoreSpec spec = restore.getSpec();
    if (spec == null || spec.source == null || spec.target == null || spec.source.recoveryPointArn != null
        || spec.source.pointInTimeRecovery != null || (spec.source.backupRef == null) == (spec.source.planRef == null)
        || problems.stream().anyMatch(p -> p.startsWith("spec.source") || p.startsWith("spec.target.region"))) {
      return false;
    }
    RestoreSource.ObjectRef ref = spec.source.backupRef != null ? spec.source.backupRef : spec.source.planRef;
    String namespace = restore.getMetadata().getNamespace();
    return ref.namespace == null || ref.namespace.equals(namespace)
        || !guard.check(namespace).readsNamespace(ref.namespace, "spec.source").denied();
  }

  /**
   * A hash of the immutable parts of the spec, {@code <source>.<target>}: recorded when the restore is requested and
   * compared on every reconcile, for API servers that do not run the CRD's CEL rules ({@code self == oldSelf}).
   */
  static String immutableHash(DynamoRestoreSpec spec) {
    return ShortHash.of(Serialization.asJson(spec.source), 8) + "." + ShortHash.of(Serialization.asJson(spec.target), 8);
  }

  /** The immutable fields whose hash differs from {@code recorded} (none when nothing was recorded). */
  static List<String> changedImmutableFields(DynamoRestoreSpec spec, String recorded) {
    if (recorded == null || !recorded.contains(".")) {
      return List.of();
    }
    String[] now = immutableHash(spec).split("\\.");
    String[] then = recorded.split("\\.");
    List<String> changed = new java.util.ArrayList<>();
    if (!now[0].equals(then[0])) {
      changed.add("spec.source");
    }
    if (!now[1].equals(then[1])) {
      changed.add("spec.target");
    }
    return changed;
  }

  /** Explicit auto scaling of a target that cannot take it: on-demand, or a GSI the restore drops. */
  private static void autoScalingFitsTarget(TableSettings settings, RestoreTarget target, SpecValidation v) {
    if (settings.autoScaling == null) {
      return;
    }
    v.check(settings.autoScaling.isEmpty() || target.billingMode != RestoreTarget.BillingMode.PAY_PER_REQUEST,
        "spec.settings.autoScaling", "spec.target.billingMode is PAY_PER_REQUEST: Application Auto Scaling scales only"
            + " provisioned capacity");
    for (int i = 0; i < settings.autoScaling.size(); i++) {
      String index = settings.autoScaling.get(i).indexName;
      v.check(index == null || target.globalSecondaryIndexes == null || target.globalSecondaryIndexes.contains(index),
          "spec.settings.autoScaling[" + i + "].indexName", "index " + index + " is not restored (not in"
              + " spec.target.globalSecondaryIndexes)");
    }
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

  /** Checks the target; returns the new table's scope (its Region, the point's account) when it is known. */
  private static Scope target(RestoreTarget target, Scope point, boolean pointInTime, SpecValidation v) {
    v.required(target.tableName, "spec.target.tableName")
        .tableName(target.tableName, "spec.target.tableName")
        .region(target.region, "spec.target.region")
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
    TableRules.indexes(v, target.globalSecondaryIndexes, target.localSecondaryIndexes, "spec.target");
    Scope table = point;
    if (target.region != null) {
      table = Scope.of(target.region, point == null ? null : point.account(), "spec.target.region " + target.region);
      if (point != null && table != null) {
        RestoreSourceSpecs.fitsTargetRegion(v, point, pointInTime, target.region, "spec.target.region");
      }
    }
    if (target.sse != null) {
      v.required(target.sse.type, "spec.target.sse.type")
          .check(target.sse.type != RestoreTarget.EncryptionType.KMS || target.sse.kmsKeyArn != null,
              "spec.target.sse.kmsKeyArn", "required with type KMS")
          .matches(target.sse.kmsKeyArn, ApiPatterns.KMS_KEY_ARN, "spec.target.sse.kmsKeyArn", "KMS key ARN");
      ArnRules.kmsKey(v, target.sse.kmsKeyArn, "spec.target.sse.kmsKeyArn", table);
    }
    return table;
  }
}
