package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.SpecValidation;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

/** Checks a DynamoRestore spec before any AWS call: a spec that is wrong on its own never reaches AWS. */
final class RestoreSpecs {
  private RestoreSpecs() {}

  static List<String> validate(DynamoRestoreSpec spec, String namespace) {
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation v = new SpecValidation()
        .required(spec.source, "spec.source")
        .required(spec.target, "spec.target")
        .matches(spec.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, "spec.iamRoleArn", "IAM role ARN");
    if (spec.source != null) {
      source(spec.source, namespace, v);
    }
    if (spec.target != null) {
      target(spec.target, v);
    }
    if (spec.settings != null) {
      settings(spec.settings, v);
    }
    return v.problems();
  }

  private static void source(RestoreSource source, String namespace, SpecValidation v) {
    long set = Stream.of(source.recoveryPointArn, source.backupRef, source.planRef).filter(x -> x != null).count();
    v.check(set == 1, "spec.source", "set exactly one of recoveryPointArn, backupRef or planRef")
        .matches(source.recoveryPointArn, ApiPatterns.RECOVERY_POINT_ARN, "spec.source.recoveryPointArn",
            "recovery point ARN")
        .matches(source.region, ApiPatterns.REGION, "spec.source.region", "AWS Region")
        .check(source.pointInTime == null || source.planRef != null, "spec.source.pointInTime", "requires planRef");
    for (var ref : new Object[][] {{source.backupRef, "spec.source.backupRef"}, {source.planRef, "spec.source.planRef"}}) {
      if (ref[0] instanceof RestoreSource.ObjectRef objectRef) {
        v.required(objectRef.name, ref[1] + ".name")
            .matches(objectRef.name, ApiPatterns.KUBERNETES_NAME, ref[1] + ".name", "object name")
            .check(objectRef.namespace == null || objectRef.namespace.equals(namespace), ref[1] + ".namespace",
                "references to other namespaces are not allowed; a restore reads recovery points of its own namespace");
      }
    }
    if (source.pointInTime != null) {
      try {
        OffsetDateTime.parse(source.pointInTime);
      } catch (DateTimeParseException e) {
        v.check(false, "spec.source.pointInTime", "'" + source.pointInTime + "' is not an RFC 3339 time");
      }
    }
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

  private static void settings(TableSettings settings, SpecValidation v) {
    if (settings.stream != null) {
      v.check(!Boolean.TRUE.equals(settings.stream.enabled) || settings.stream.viewType != null,
          "spec.settings.stream.viewType", "required when the stream is enabled");
    }
    if (settings.timeToLive != null) {
      v.check(!Boolean.TRUE.equals(settings.timeToLive.enabled) || settings.timeToLive.attributeName != null,
          "spec.settings.timeToLive.attributeName", "required when TTL is enabled");
    }
    if (settings.tags != null) {
      v.check(settings.tags.keySet().stream().noneMatch(k -> k.startsWith("aws:")), "spec.settings.tags",
          "keys starting with aws: are reserved by AWS");
    }
    if (settings.resourcePolicy != null) {
      try {
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(settings.resourcePolicy);
      } catch (java.io.IOException e) {
        v.check(false, "spec.settings.resourcePolicy", "is not a JSON document");
      }
    }
  }
}
