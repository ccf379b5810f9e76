package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.common.DeletionGuard;
import io.dynamobackup.operator.common.ShortHash;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scratch restore of a DynamoItemRestore: a DynamoRestore child (owned by it, label {@value #LABEL}) that restores
 * the source into the scratch table with deletionPolicy Delete, so deleting the child — when the copy is over, when it
 * failed, or by garbage collection when the item restore is deleted — drops the scratch table, as restore drills do.
 * Its name and the scratch table's are derived from the item restore, so a restarted operator finds them.
 */
final class ScratchRestores {
  static final String LABEL = DeletionGuard.ITEM_RESTORE_LABEL;
  private static final String SUFFIX = "-scratch";
  private static final int MAX_TABLE_NAME = 255;

  private ScratchRestores() {}

  /** The item restore controller's informer of its scratch restores: their progress triggers it at once. */
  static InformerEventSource<DynamoRestore, DynamoItemRestore> informer(EventSourceContext<DynamoItemRestore> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(DynamoRestore.class, DynamoItemRestore.class)
        .withLabelSelector(LABEL)
        // Only what the item restore acts on: not every status write of its scratch restore (its drift checks).
        .withOnUpdateFilter((DynamoRestore newer, DynamoRestore older) -> !progress(newer).equals(progress(older)))
        .withSecondaryToPrimaryMapper((DynamoRestore scratch) -> scratch.getMetadata().getOwnerReferences().stream()
            .filter(o -> "DynamoItemRestore".equals(o.getKind()))
            .map(o -> new ResourceID(o.getName(), scratch.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build(), context);
  }

  /** What of a scratch restore matters to its item restore: its phase, table, readiness and deletion. */
  static String progress(DynamoRestore scratch) {
    var status = scratch.getStatus();
    StringBuilder out = new StringBuilder(String.valueOf(scratch.getMetadata().getDeletionTimestamp()));
    if (status != null) {
      out.append('|').append(status.phase).append('|').append(status.tableArn);
      status.conditions.stream().filter(c -> !"SettingsApplied".equals(c.getType()))
          .forEach(c -> out.append('|').append(c.getType()).append('=').append(c.getStatus()).append('/')
              .append(c.getReason()));
    }
    return out.toString();
  }

  /** {@code <item restore>-scratch}, at most 63 characters. */
  static String restoreName(DynamoItemRestore restore) {
    return ChildBackups.shorten(restore.getMetadata().getName(), ChildBackups.MAX_NAME - SUFFIX.length()) + SUFFIX;
  }

  /** spec.scratchTableName, else {@code <target>-items-<8 hex digits of a hash of the uid>}. */
  static String scratchTableName(DynamoItemRestore restore) {
    if (restore.getSpec().scratchTableName != null) {
      return restore.getSpec().scratchTableName;
    }
    String suffix = "-items-" + ShortHash.of(restore.getMetadata().getUid(), 4);
    String target = restore.getSpec().target.tableName;
    return (target.length() + suffix.length() > MAX_TABLE_NAME
        ? target.substring(0, MAX_TABLE_NAME - suffix.length()) : target) + suffix;
  }

  /**
   * The scratch restore: the item restore's source, into the scratch table (in the source's Region), without settings
   * (only deletion protection off, so it can always be dropped), on demand (the copy reads it at its own pace) and,
   * where the restore takes the override in its call, without secondary indexes, which the copy does not need.
   */
  static DynamoRestore build(DynamoItemRestore restore, String scratchTable) {
    var metadata = restore.getMetadata();
    DynamoRestore scratch = new DynamoRestore();
    scratch.setMetadata(new ObjectMetaBuilder().withName(restoreName(restore)).withNamespace(metadata.getNamespace())
        .addToLabels(LABEL, ChildBackups.planLabel(metadata.getName()))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(restore.getApiVersion())
            .withKind(restore.getKind()).withName(metadata.getName()).withUid(metadata.getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .build());
    DynamoRestoreSpec spec = new DynamoRestoreSpec();
    spec.source = Serialization.clone(restore.getSpec().source);
    spec.target = new RestoreTarget();
    spec.target.tableName = scratchTable;
    spec.target.billingMode = RestoreTarget.BillingMode.PAY_PER_REQUEST;
    if (takesIndexOverrides(spec.source)) {
      spec.target.globalSecondaryIndexes = List.of();
      spec.target.localSecondaryIndexes = List.of();
    }
    spec.settings = new RestoreSettings();
    spec.settings.fromSource = Boolean.FALSE;
    spec.settings.deletionProtection = Boolean.FALSE;
    spec.iamRoleArn = restore.getSpec().iamRoleArn;
    spec.deletionPolicy = DeletionPolicy.Delete;
    scratch.setSpec(spec);
    return scratch;
  }

  /**
   * Point-in-time and DynamoDB-native restores take index overrides in the call; an AWS Backup restore brings back
   * every LSI, which DynamoDB cannot drop afterwards, so its indexes stay.
   */
  private static boolean takesIndexOverrides(RestoreSource source) {
    return source.pointInTimeRecovery != null
        || source.recoveryPointArn != null && Arn.parse(source.recoveryPointArn).service().equals("dynamodb");
  }

  /** The scratch restore: from the informer's cache, else (created a moment ago) from the API server. */
  static Optional<DynamoRestore> find(DynamoItemRestore restore, ReconcileContext<DynamoItemRestore> context) {
    String name = restoreName(restore);
    Optional<DynamoRestore> cached = context.secondary(DynamoRestore.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name) && isOwnedBy(r, restore)).findFirst();
    if (cached.isPresent()) {
      return cached;
    }
    DynamoRestore live = context.client().resources(DynamoRestore.class).inNamespace(
        restore.getMetadata().getNamespace()).withName(name).get();
    return Optional.ofNullable(live).filter(r -> isOwnedBy(r, restore));
  }

  /** Creates the scratch restore, or finds the one created before a restart; empty when the name is taken. */
  static Optional<DynamoRestore> create(DynamoItemRestore restore, String scratchTable,
      ReconcileContext<DynamoItemRestore> context) {
    DynamoRestore scratch = build(restore, scratchTable);
    try {
      return Optional.of(context.client().resource(scratch).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return find(restore, context);
    }
  }

  /** Deletes the scratch restore; its finalizer drops the scratch table. */
  static void delete(DynamoRestore scratch, ReconcileContext<DynamoItemRestore> context) {
    if (scratch.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    try {
      context.client().resources(DynamoRestore.class).inNamespace(scratch.getMetadata().getNamespace())
          .withName(scratch.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  static boolean isOwnedBy(DynamoRestore scratch, DynamoItemRestore restore) {
    return scratch.getMetadata().getOwnerReferences() != null && scratch.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> restore.getMetadata().getUid().equals(o.getUid()));
  }
}
