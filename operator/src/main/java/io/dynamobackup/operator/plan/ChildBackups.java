package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.common.ShortHash;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoBackup objects a plan creates: one per table and schedule slot. The name is derived from the plan, the
 * table and the slot, so re-running a slot after a crash finds the existing object (409) instead of a duplicate.
 * Children carry only the operator's own label and annotation: never the plan's labels or annotations, which hold
 * Argo CD / Helm tracking data that would make those tools adopt or prune the children.
 */
public final class ChildBackups {
  public static final String PLAN_LABEL = "dynamobackup.io/plan";
  public static final String SLOT_ANNOTATION = "dynamobackup.io/scheduled-at";
  /** On a child that adopts history: the uid of the DynamoBackup (of a lost cluster) that made its point. */
  public static final String ADOPTED_FROM_ANNOTATION = "dynamobackup.io/adopted-from";
  public static final int MAX_NAME = 63;
  private static final DateTimeFormatter SLOT_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

  private ChildBackups() {}

  /**
   * {@code <plan>-<yyyyMMddHHmm>} for a single table, {@code <plan>-<table hash>-<yyyyMMddHHmm>} for a selector; the
   * slot in UTC (local times repeat when clocks fall back). Long plan names are shortened with a hash, so the name
   * is at most 63 characters: a valid label value and DNS label.
   */
  public static String name(String plan, TableKey table, boolean selector, Instant slot) {
    String suffix = (selector ? "-" + hash(table.toString()) : "") + "-" + SLOT_FORMAT.format(slot);
    return shorten(plan, MAX_NAME - suffix.length()) + suffix;
  }

  /** The plan label's value: the plan name, shortened with a hash when it is longer than a label value may be. */
  public static String planLabel(String plan) {
    return shorten(plan, MAX_NAME);
  }

  public static DynamoBackup build(DynamoBackupPlan plan, TableKey table, Instant slot) {
    DynamoBackupPlanSpec spec = plan.getSpec();
    var metadata = plan.getMetadata();
    DynamoBackup child = new DynamoBackup();
    child.setMetadata(childMetadata(plan, name(metadata.getName(), table, spec.tableSelector != null, slot),
        PLAN_LABEL, slot)
        // Born with the backup controller's finalizer: its first reconcile goes straight to the job start instead of
        // a round trip that only adds the finalizer (at a slot, a thousand of them).
        .withFinalizers(ReconcilerUtils.getDefaultFinalizerName(DynamoBackup.class)).build());
    DynamoBackupSpec childSpec = new DynamoBackupSpec();
    childSpec.table = spec.table != null ? copy(spec.table) : TableReference.named(table.name(), table.region());
    BackupTemplate template = spec.template;
    childSpec.backupVault = template.backupVault;
    childSpec.iamRoleArn = template.iamRoleArn;
    childSpec.startWindowMinutes = template.startWindowMinutes;
    childSpec.completionWindowMinutes = template.completionWindowMinutes;
    childSpec.lifecycle = copy(template.lifecycle);
    if (template.copies != null) {
      childSpec.copies = new ArrayList<>();
      for (CopyTarget target : template.copies) {
        childSpec.copies.add(new CopyTarget(target.backupVaultArn, copy(target.lifecycle)));
      }
    }
    childSpec.recoveryPointTags =
        template.recoveryPointTags == null ? null : new LinkedHashMap<>(template.recoveryPointTags);
    childSpec.captureTableSettings = template.captureTableSettings;
    // Retain: deleting the plan (GitOps prune, namespace deletion) garbage-collects children but keeps their data.
    // Retention switches a pruned child to Delete just before deleting it.
    childSpec.deletionPolicy = DeletionPolicy.Retain;
    child.setSpec(childSpec);
    return child;
  }

  /**
   * Metadata of a child of {@code plan} (a backup, a drill's restore): its name, {@code label} with the plan's name,
   * the slot it was created for, and the plan as its controlling owner.
   */
  public static ObjectMetaBuilder childMetadata(DynamoBackupPlan plan, String name, String label, Instant slot) {
    var metadata = plan.getMetadata();
    return new ObjectMetaBuilder().withName(name).withNamespace(metadata.getNamespace())
        .addToLabels(label, planLabel(metadata.getName()))
        .addToAnnotations(SLOT_ANNOTATION, slot.toString())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(plan.getApiVersion()).withKind(plan.getKind())
            .withName(metadata.getName()).withUid(metadata.getUid()).withController(true).withBlockOwnerDeletion(true)
            .build());
  }

  public static boolean isOwnedBy(DynamoBackup child, DynamoBackupPlan plan) {
    return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> plan.getMetadata().getUid().equals(o.getUid()));
  }

  /** The schedule slot the child was created for; its creation time for objects without the annotation. */
  public static Instant slotOf(DynamoBackup child) {
    Map<String, String> annotations = child.getMetadata().getAnnotations();
    String slot = annotations == null ? null : annotations.get(SLOT_ANNOTATION);
    try {
      return Instant.parse(slot != null ? slot : child.getMetadata().getCreationTimestamp());
    } catch (RuntimeException unparseable) {
      return Instant.EPOCH;
    }
  }

  public static Optional<TableKey> tableOf(DynamoBackup child) {
    try {
      return Optional.of(TableKey.of(child.getSpec().table));
    } catch (RuntimeException invalid) {
      return Optional.empty();
    }
  }

  /** When the child's recovery point was completed; its schedule slot while it has no completion time. */
  public static Instant completion(DynamoBackup child) {
    return Optional.ofNullable(child.getStatus().completionTime).map(Instant::parse).orElseGet(() -> slotOf(child));
  }

  public static BackupPhase phase(DynamoBackup child) {
    return child.getStatus() == null || child.getStatus().phase == null ? BackupPhase.Pending : child.getStatus().phase;
  }

  public static boolean isTerminal(DynamoBackup child) {
    BackupPhase phase = child.getStatus() == null ? null : child.getStatus().phase;
    return phase == BackupPhase.Completed || phase == BackupPhase.Failed || phase == BackupPhase.Expired;
  }

  /**
   * Names of the children a plan adopted (re-found in its vaults) whose recovery point is not read yet (no terminal
   * phase): until they are, the plan's history is incomplete and its newest point may not be known.
   */
  public static List<String> adoptedUnread(List<DynamoBackup> children) {
    return children.stream().filter(c -> c.getMetadata().getAnnotations() != null
        && c.getMetadata().getAnnotations().containsKey(PlanHistory.ADOPTED_FROM) && !isTerminal(c))
        .map(c -> c.getMetadata().getName()).toList();
  }

  /** The first 8 hex digits of the SHA-256 of {@code value}: a short, stable suffix for names. */
  public static String hash(String value) {
    return ShortHash.of(value, 4);
  }

  /** {@code name}, or when longer than {@code max} its start and a hash of all of it, {@code max} long at most. */
  public static String shorten(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String prefix = name.substring(0, max - 9).replaceAll("[-.]+$", "");
    return prefix + "-" + hash(name);
  }

  private static TableReference copy(TableReference table) {
    TableReference copy = new TableReference();
    copy.name = table.name;
    copy.arn = table.arn;
    copy.region = table.region;
    return copy;
  }

  private static Lifecycle copy(Lifecycle lifecycle) {
    return lifecycle == null ? null : new Lifecycle(lifecycle.moveToColdStorageAfterDays, lifecycle.deleteAfterDays);
  }
}
