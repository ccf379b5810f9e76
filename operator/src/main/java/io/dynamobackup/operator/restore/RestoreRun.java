package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.aws.TableService;
import java.util.List;

/** What one restore means for AWS, derived from its spec and resolved source: paths, regions, requests. */
record RestoreRun(DynamoRestore restore, SourceResolver.Source source, String iamRoleArn, String targetRegion) {
  static final String NATIVE = "DynamoDBNative";
  static final String AWS_BACKUP = "AwsBackup";

  /**
   * The spec's role and target Region, else those of the source (its DynamoBackup's role, its Region); once the
   * restore was requested, the target Region recorded then.
   */
  static RestoreRun of(DynamoRestore restore, SourceResolver.Source source) {
    var spec = restore.getSpec();
    var status = restore.getStatus();
    String targetRegion = status != null && status.targetRegion != null ? status.targetRegion
        : spec.target.region != null ? spec.target.region : source.region();
    return new RestoreRun(restore, source, spec.iamRoleArn != null ? spec.iamRoleArn : source.iamRoleArn(),
        targetRegion);
  }

  DynamoRestoreSpec spec() {
    return restore.getSpec();
  }

  /** The spec field the recovery point came from: spec.source.backupRef, .planRef or .recoveryPointArn. */
  String sourceField() {
    var source = spec().source;
    return source.backupRef != null ? "spec.source.backupRef" : source.planRef != null ? "spec.source.planRef"
        : "spec.source.recoveryPointArn";
  }

  /** The namespace the recovery point belongs to: the referenced DynamoBackup's or plan's, else the restore's. */
  String sourceNamespace() {
    var source = spec().source;
    var ref = source.backupRef != null ? source.backupRef : source.planRef;
    return ref != null && ref.namespace != null ? ref.namespace : restore.getMetadata().getNamespace();
  }

  /** The new table: recorded when the restore was requested, so an edit of the (immutable) spec cannot redirect it. */
  String tableName() {
    var status = restore.getStatus();
    return status != null && status.targetTableName != null ? status.targetTableName : spec().target.tableName;
  }

  /** DynamoDB-native recovery points (arn:...:dynamodb:...:table/T/backup/...) restore with RestoreTableFromBackup. */
  boolean isNative() {
    return Arn.parse(restore.getStatus().recoveryPointArn != null ? restore.getStatus().recoveryPointArn
        : source.recoveryPointArn()).service().equals("dynamodb");
  }

  String describePath() {
    if (isNative()) {
      return NATIVE + ": DynamoDB RestoreTableFromBackup, with billing, capacity, index and SSE overrides in the call";
    }
    RestoreTarget target = spec().target;
    boolean laterOverrides = target.billingMode != null || target.provisionedThroughput != null
        || target.globalSecondaryIndexes != null;
    return AWS_BACKUP + ": AWS Backup StartRestoreJob (target name and SSE in its metadata)"
        + (laterOverrides ? "; billing mode, capacity and GSI overrides applied with UpdateTable once ACTIVE" : "");
  }

  String copyDestinationVaultArn() {
    Arn point = Arn.parse(source.recoveryPointArn());
    return "arn:" + Arn.partitionOf(targetRegion) + ":backup:" + targetRegion + ":" + point.account()
        + ":backup-vault:" + source.backupVaultName();
  }

  /**
   * The StartRestoreJob request. {@code captured}: the source's settings, when known: deletion protection goes into
   * the restore metadata (the table is protected from its first moment), and the source's tags come with
   * CopySourceTagsToRestoredResource (the tags AWS Backup kept with the recovery point) instead of a TagResource later.
   */
  BackupService.StartRestore startRestore(java.util.Optional<io.dynamobackup.operator.api.v1alpha1.TableSettings> captured) {
    var sse = spec().target.sse;
    var settings = spec().settings;
    boolean fromSource = settings == null || !Boolean.FALSE.equals(settings.fromSource);
    Boolean protection = settings != null && settings.deletionProtection != null ? settings.deletionProtection
        : fromSource ? captured.map(c -> c.deletionProtection).orElse(null) : null;
    boolean copyTags = fromSource && captured.map(c -> c.tags != null && !c.tags.isEmpty()).orElse(false);
    return new BackupService.StartRestore(restore.getStatus().recoveryPointRegion, restore.getStatus().recoveryPointArn,
        iamRoleArn, restore.getMetadata().getUid(), tableName(), sse == null ? null : sse.type.name(),
        sse == null ? null : sse.kmsKeyArn, protection, copyTags);
  }

  TableService.NativeRestore nativeRestore() {
    return overrides(spec().target);
  }

  /** The target's name and overrides, for the DynamoDB restores that take them all in the call. */
  static TableService.NativeRestore overrides(RestoreTarget target) {
    return new TableService.NativeRestore(target.tableName, target.billingMode == null ? null : target.billingMode.name(),
        target.provisionedThroughput == null ? null : target.provisionedThroughput.readCapacityUnits,
        target.provisionedThroughput == null ? null : target.provisionedThroughput.writeCapacityUnits,
        target.globalSecondaryIndexes, target.localSecondaryIndexes,
        target.sse == null ? null : target.sse.type.name(), target.sse == null ? null : target.sse.kmsKeyArn);
  }

  /** A problem with the index overrides that is certain before any AWS call, or null. */
  String indexOverrideProblem() {
    RestoreTarget target = spec().target;
    var sourceTable = source.sourceTable();
    if (sourceTable != null) {
      String unknown = unknown(target.globalSecondaryIndexes, sourceTable.globalSecondaryIndexes, "globalSecondaryIndexes");
      if (unknown == null) {
        unknown = unknown(target.localSecondaryIndexes, sourceTable.localSecondaryIndexes, "localSecondaryIndexes");
      }
      if (unknown != null) {
        return unknown;
      }
      if (!isNative() && target.localSecondaryIndexes != null && sourceTable.localSecondaryIndexes != null
          && !target.localSecondaryIndexes.containsAll(sourceTable.localSecondaryIndexes)) {
        return "spec.target.localSecondaryIndexes: an AWS Backup recovery point restores every LSI and DynamoDB"
            + " cannot drop an LSI afterwards; restore all of " + sourceTable.localSecondaryIndexes;
      }
    }
    return null;
  }

  private static String unknown(List<String> requested, List<String> existing, String field) {
    if (requested == null || existing == null) {
      return null;
    }
    List<String> missing = requested.stream().filter(name -> !existing.contains(name)).toList();
    return missing.isEmpty() ? null : "spec.target." + field + ": " + missing + " did not exist on the source table"
        + " at backup time (it had " + existing + ")";
  }
}
