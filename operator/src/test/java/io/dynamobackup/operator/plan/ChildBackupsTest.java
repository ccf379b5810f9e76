package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildBackupsTest {
  private static final Instant SLOT = Instant.parse("2026-11-20T03:00:00Z");
  private static final TableKey ORDERS = new TableKey("eu-west-1", "orders");

  static DynamoBackupPlan plan(String name) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("payments").withUid("plan-uid")
        .addToLabels("app.kubernetes.io/instance", "payments-backups")
        .addToLabels("app.kubernetes.io/managed-by", "Helm")
        .addToLabels("helm.sh/chart", "payments-1.0.0")
        .addToLabels("argocd.argoproj.io/instance", "payments")
        .addToLabels("team", "payments")
        .addToAnnotations("argocd.argoproj.io/tracking-id", "payments:dynamobackup.io/DynamoBackupPlan:payments/" + name)
        .addToAnnotations("meta.helm.sh/release-name", "payments-backups")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named("orders", "eu-west-1");
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = "arn:aws:iam::111122223333:role/backup";
    spec.schedule = "0 3 * * *";
    spec.template.startWindowMinutes = 60L;
    spec.template.completionWindowMinutes = 480L;
    spec.template.lifecycle = new Lifecycle(30L, 365L);
    spec.template.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", new Lifecycle(null, 90L)));
    spec.template.recoveryPointTags = Map.of("team", "payments");
    spec.template.captureTableSettings = false;
    plan.setSpec(spec);
    return plan;
  }

  @Test
  void aPlanIsReconciledOnTheArrivalOrUpdateOfAChildOnlyWhenItEndedOrIsDeleted() {
    DynamoBackup running = ChildBackups.build(plan("orders-nightly"), ORDERS, SLOT);
    assertThat(DynamoBackupPlanReconciler.concernsThePlanOnArrival(running)).as("created by the plan").isFalse();
    running.setStatus(new DynamoBackupStatus());
    running.getStatus().phase = BackupPhase.Running;
    assertThat(DynamoBackupPlanReconciler.concernsThePlanOnArrival(running)).isFalse();
    DynamoBackup completed = ChildBackups.build(plan("orders-nightly"), ORDERS, SLOT);
    completed.setStatus(new DynamoBackupStatus());
    completed.getStatus().phase = BackupPhase.Completed;
    assertThat(DynamoBackupPlanReconciler.concernsThePlanOnArrival(completed)).as("a relist after it ended").isTrue();
    assertThat(DynamoBackupPlanReconciler.concernsThePlan(completed, running)).isTrue();
    assertThat(DynamoBackupPlanReconciler.concernsThePlan(running, running)).isFalse();
    DynamoBackup deleting = ChildBackups.build(plan("orders-nightly"), ORDERS, SLOT);
    deleting.getMetadata().setDeletionTimestamp("2026-11-20T04:00:00Z");
    assertThat(DynamoBackupPlanReconciler.concernsThePlanOnArrival(deleting)).isTrue();
  }

  @Test
  void namesArePlanPlusSlotAndTableHashForSelectors() {
    assertThat(ChildBackups.name("orders-nightly", ORDERS, false, SLOT)).isEqualTo("orders-nightly-202611200300");
    String selected = ChildBackups.name("all-tables", ORDERS, true, SLOT);
    assertThat(selected).matches("all-tables-[0-9a-f]{8}-202611200300");
    assertThat(ChildBackups.name("all-tables", new TableKey("eu-west-1", "users"), true, SLOT)).isNotEqualTo(selected);
    assertThat(ChildBackups.name("all-tables", new TableKey("us-east-1", "orders"), true, SLOT)).isNotEqualTo(selected);
  }

  @Test
  void longPlanNamesAreShortenedToAUniqueDnsLabel() {
    String longName = "a-very-long-plan-name-for-the-payments-team-orders-table-in-production.eu";
    String other = longName.replace(".eu", ".us");
    for (boolean selector : new boolean[] {false, true}) {
      String name = ChildBackups.name(longName, ORDERS, selector, SLOT);
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
          .doesNotContain("-.").doesNotContain(".-").endsWith("-202611200300");
      assertThat(ChildBackups.name(other, ORDERS, selector, SLOT)).isNotEqualTo(name);
    }
    assertThat(ChildBackups.planLabel(longName)).hasSizeLessThanOrEqualTo(63);
    assertThat(ChildBackups.planLabel("orders-nightly")).isEqualTo("orders-nightly");
  }

  @Test
  void childrenCarryOnlyTheOperatorsLabelAndAnnotationNeverTrackingMetadata() {
    var child = ChildBackups.build(plan("orders-nightly"), ORDERS, SLOT);
    assertThat(child.getMetadata().getLabels()).containsExactly(Map.entry("dynamobackup.io/plan", "orders-nightly"));
    assertThat(child.getMetadata().getAnnotations())
        .containsExactly(Map.entry("dynamobackup.io/scheduled-at", "2026-11-20T03:00:00Z"));
    assertThat(child.getMetadata().getNamespace()).isEqualTo("payments");
    assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("DynamoBackupPlan");
      assertThat(owner.getApiVersion()).isEqualTo("dynamobackup.io/v1alpha1");
      assertThat(owner.getName()).isEqualTo("orders-nightly");
      assertThat(owner.getUid()).isEqualTo("plan-uid");
      assertThat(owner.getController()).isTrue();
    });
  }

  @Test
  void theSpecIsCopiedFromThePlanWithRetainSoDeletingThePlanKeepsData() {
    DynamoBackupPlan plan = plan("orders-nightly");
    var spec = ChildBackups.build(plan, ORDERS, SLOT).getSpec();
    assertThat(spec.table.name).isEqualTo("orders");
    assertThat(spec.table.region).isEqualTo("eu-west-1");
    assertThat(spec.table).isNotSameAs(plan.getSpec().table);
    assertThat(spec.backupVault).isEqualTo("prod-vault");
    assertThat(spec.iamRoleArn).isEqualTo("arn:aws:iam::111122223333:role/backup");
    assertThat(spec.startWindowMinutes).isEqualTo(60L);
    assertThat(spec.completionWindowMinutes).isEqualTo(480L);
    assertThat(spec.lifecycle.moveToColdStorageAfterDays).isEqualTo(30L);
    assertThat(spec.lifecycle.deleteAfterDays).isEqualTo(365L);
    assertThat(spec.copies).singleElement().satisfies(copy -> {
      assertThat(copy.backupVaultArn).isEqualTo("arn:aws:backup:us-west-2:111122223333:backup-vault:dr");
      assertThat(copy.lifecycle.deleteAfterDays).isEqualTo(90L);
    });
    assertThat(spec.recoveryPointTags).containsExactly(Map.entry("team", "payments"));
    assertThat(spec.captureTableSettings).isFalse();
    assertThat(spec.deletionPolicy).isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void selectorChildrenNameTheirTable() {
    DynamoBackupPlan plan = plan("all-tables");
    plan.getSpec().table = null;
    plan.getSpec().tableSelector = new TableSelector();
    plan.getSpec().tableSelector.region = "eu-west-1";
    plan.getSpec().tableSelector.matchTags = Map.of("backup", "true");
    var child = ChildBackups.build(plan, new TableKey("eu-west-1", "users"), SLOT);
    assertThat(child.getSpec().table.name).isEqualTo("users");
    assertThat(child.getSpec().table.region).isEqualTo("eu-west-1");
    assertThat(child.getMetadata().getName()).startsWith("all-tables-").endsWith("-202611200300");
    assertThat(ChildBackups.slotOf(child)).isEqualTo(SLOT);
    assertThat(ChildBackups.tableOf(child)).contains(new TableKey("eu-west-1", "users"));
  }
}
