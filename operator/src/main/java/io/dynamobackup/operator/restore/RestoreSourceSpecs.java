package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
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
