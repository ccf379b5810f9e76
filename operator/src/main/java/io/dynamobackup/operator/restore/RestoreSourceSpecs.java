package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Partitions;
import io.dynamobackup.operator.rules.Scope;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;

/**
 * The checks of a restore source, shared by every kind that takes one (DynamoRestore, DynamoItemRestore): the CRD's
 * schema and CEL rules again, and what the tenancy policy says about the source before anything is resolved.
 */
public final class RestoreSourceSpecs {
  private RestoreSourceSpecs() {}

  /**
   * Problems with {@code source} (at {@code field}, e.g. spec.source). {@code tenancyPolicy}: a tenancy policy is in
   * force and decides references to other namespaces; without one they are refused.
   */
  public static void validate(RestoreSource source, String field, String namespace, boolean tenancyPolicy,
      SpecValidation v) {
    long set = Stream.of(source.recoveryPointArn, source.backupRef, source.planRef, source.pointInTimeRecovery)
        .filter(x -> x != null).count();
    v.check(set == 1, field, "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery")
        .matches(source.recoveryPointArn, ApiPatterns.RECOVERY_POINT_ARN, field + ".recoveryPointArn",
            "recovery point ARN")
        .region(source.region, field + ".region")
        .check(source.region == null || source.pointInTimeRecovery == null, field + ".region",
            "is the Region of a recovery point; pointInTimeRecovery.table names its own Region");
    for (var ref : new Object[][] {{source.backupRef, field + ".backupRef"}, {source.planRef, field + ".planRef"}}) {
      if (ref[0] instanceof RestoreSource.ObjectRef objectRef) {
        v.required(objectRef.name, ref[1] + ".name")
            .matches(objectRef.name, ApiPatterns.KUBERNETES_NAME, ref[1] + ".name", "object name")
            .check(tenancyPolicy || objectRef.namespace == null || objectRef.namespace.equals(namespace),
                ref[1] + ".namespace", "references to other namespaces are not allowed without a tenancy policy that"
                    + " allows them (readRecoveryPointsOf); a restore reads recovery points of its own namespace");
      }
    }
    if (source.planRef != null && source.planRef.table != null) {
      v.table(source.planRef.table, field + ".planRef.table");
    }
    if (source.planRef != null) {
      time(source.planRef.takenAtOrBefore, field + ".planRef.takenAtOrBefore", v);
    }
    PointInTimeRecoverySource pitr = source.pointInTimeRecovery;
    if (pitr != null) {
      v.table(pitr.table, field + ".pointInTimeRecovery.table")
          .check((pitr.restoreDateTime != null) != Boolean.TRUE.equals(pitr.useLatestRestorableTime),
              field + ".pointInTimeRecovery", "set exactly one of restoreDateTime or useLatestRestorableTime: true");
      time(pitr.restoreDateTime, field + ".pointInTimeRecovery.restoreDateTime", v);
    }
  }

  /**
   * What the tenancy policy says about the source alone: a recovery point ARN's account and Region, references to
   * other namespaces, and the table (name, Region, account) whose point-in-time recovery is restored.
   */
  public static TenancyGuard.Check tenancy(TenancyGuard.Check check, RestoreSource source, String field) {
    check.recoveryPoint(source.recoveryPointArn, field + ".recoveryPointArn");
    if (source.backupRef != null) {
      check.readsNamespace(source.backupRef.namespace, field + ".backupRef.namespace");
    }
    if (source.planRef != null) {
      check.readsNamespace(source.planRef.namespace, field + ".planRef.namespace");
    }
    if (source.pointInTimeRecovery != null) {
      check.table(source.pointInTimeRecovery.table, field + ".pointInTimeRecovery.table");
    }
    return check;
  }

  /**
   * Where a restore reads from, when the spec says so: a recovery point given by ARN (its Region and account), or the
   * table whose point-in-time recovery is restored (its Region, and account when given by ARN); else null.
   */
  public static Scope scope(RestoreSource source, String field, SpecValidation v) {
    if (source.pointInTimeRecovery != null) {
      return Scope.ofTable(source.pointInTimeRecovery.table);
    }
    if (source.recoveryPointArn == null || !source.recoveryPointArn.matches(ApiPatterns.RECOVERY_POINT_ARN)
        || !v.arnRegion(source.recoveryPointArn, field + ".recoveryPointArn")) {
      return null;
    }
    Arn point = Arn.parse(source.recoveryPointArn);
    return Scope.of(point.region(), point.account(), "the recovery point");
  }

  /**
   * Whether a table restored from {@code source} can be created in {@code targetRegion}: a recovery point reaches
   * another Region through an AWS Backup copy, which stays inside its partition (China: Beijing and Ningxia only);
   * RestoreTableToPointInTime creates tables in Regions of the source table's partition only.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pointintimerecovery_beforeyoubegin.html
   */
  public static void fitsTargetRegion(SpecValidation v, Scope source, boolean pointInTime, String targetRegion,
      String field) {
    if (pointInTime) {
      String partition = Partitions.of(targetRegion);
      v.check(source.partition().equals(partition), field, "a point-in-time restore of a table in " + source.region()
          + " can only create a table in " + Partitions.someRegionOf(source.partition(), "a") + ", not in "
          + targetRegion + " (" + partition + "): RestoreTableToPointInTime stays inside the source's partition");
    } else {
      String copy = Partitions.copyProblem(source.region(), targetRegion);
      v.check(copy == null, field, "a restore into " + targetRegion + " of a recovery point in " + source.region()
          + " needs a copy, and " + copy);
    }
  }

  private static void time(String value, String field, SpecValidation v) {
    if (value != null) {
      try {
        OffsetDateTime.parse(value);
      } catch (DateTimeParseException e) {
        v.check(false, field, "'" + value + "' is not an RFC 3339 time");
      }
    }
  }
}
