package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.LifecycleUpdates;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An edit of a plan's lifecycle: by default it reaches only new backups and the plan says so; with lifecycleUpdates
 * AllBackups the existing points are updated in AWS Backup, as far as AWS allows. Copies that may find their point in
 * cold storage are a warning condition.
 */
class PlanLifecycleIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private DynamoBackup firstCompletedBackup(Lifecycle lifecycle) {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = DynamoBackupPlanIT.plan("orders-nightly", "*/10 * * * *");
    plan.getSpec().template.lifecycle = lifecycle;
    harness.create(plan);
    return harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class).inNamespace(NAMESPACE)
            .withLabel(ChildBackups.PLAN_LABEL, "orders-nightly").list().getItems().stream()
            .filter(c -> c.getStatus() != null && c.getStatus().phase == BackupPhase.Completed).findFirst(),
        java.util.Optional::isPresent).get();
  }

  /** Edits the plan's spec, again on a conflict with the operator's status writes. */
  private void editPlan(Consumer<DynamoBackupPlan> change) {
    harness.retryOnConflict(() -> harness.client().resources(DynamoBackupPlan.class).inNamespace(NAMESPACE)
        .withName("orders-nightly").edit(p -> {
          change.accept(p);
          return p;
        }));
  }

  private Condition lifecycleApplied(String reason) {
    return harness.advanceUntil(() -> condition(PlanStatuses.LIFECYCLE_APPLIED).orElse(null), c -> c != null
        && reason.equals(c.getReason()));
  }

  private java.util.Optional<Condition> condition(String type) {
    DynamoBackupPlan plan = harness.get(DynamoBackupPlan.class, "orders-nightly");
    return plan.getStatus() == null ? java.util.Optional.empty() : Conditions.find(plan.getStatus().conditions, type);
  }

  private software.amazon.awssdk.services.backup.model.Lifecycle lifecycleInAws(DynamoBackup backup) {
    return harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(backup.getStatus().recoveryPointArn)).lifecycle();
  }

  @Test
  void byDefaultALifecycleEditReachesOnlyNewBackupsAndThePlanSaysSo() {
    DynamoBackup first = firstCompletedBackup(new Lifecycle(30L, 365L));
    lifecycleApplied("AllRecoveryPoints");

    editPlan(p -> p.getSpec().template.lifecycle = new Lifecycle(60L, 400L));
    Condition condition = lifecycleApplied("NewBackupsOnly");

    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getMessage()).contains("keep the lifecycle they were created with")
        .contains("spec.lifecycleUpdates: AllBackups");
    assertThat(harness.events("orders-nightly")).anySatisfy(e -> {
      assertThat(List.of(e.getType(), e.getReason())).containsExactly("Normal", "LifecycleChanged");
      assertThat(e.getMessage()).isEqualTo(condition.getMessage());
    });
    assertThat(lifecycleInAws(first).deleteAfterDays()).isEqualTo(365L);
    assertThat(harness.aws.callCount("UpdateRecoveryPointLifecycle")).isZero();
  }

  @Test
  void withAllBackupsExistingPointsAreUpdatedAsFarAsAwsAllows() {
    DynamoBackup first = firstCompletedBackup(new Lifecycle(1L, 91L));
    harness.clock.advance(Duration.ofDays(2)); // the first point is in cold storage now
    DynamoBackup second = harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class)
        .inNamespace(NAMESPACE).withLabel(ChildBackups.PLAN_LABEL, "orders-nightly").list().getItems().stream()
        .filter(c -> !c.getMetadata().getName().equals(first.getMetadata().getName()) && c.getStatus() != null
            && c.getStatus().phase == BackupPhase.Completed).findFirst(), java.util.Optional::isPresent).get();

    editPlan(p -> {
      p.getSpec().template.lifecycle = new Lifecycle(30L, 365L);
      p.getSpec().lifecycleUpdates = LifecycleUpdates.AllBackups;
      p.getSpec().suspend = true; // no new backups while the existing ones are counted
    });
    Condition condition = lifecycleApplied("NotUpdated");
    // Every completed point was updated once (the cold one too, for its deletion); none is left with the old one.
    List<DynamoBackup> completed = harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class)
        .inNamespace(NAMESPACE).withLabel(ChildBackups.PLAN_LABEL, "orders-nightly").list().getItems().stream()
        .filter(c -> c.getStatus() != null && c.getStatus().phase == BackupPhase.Completed).toList(),
        list -> list.stream().allMatch(c -> c.getStatus().recoveryPointLifecycle != null));

    // The warm point gets the new lifecycle; the cold one only the new deletion (AWS cannot undo cold storage).
    assertThat(lifecycleInAws(second).moveToColdStorageAfterDays()).isEqualTo(30L);
    assertThat(lifecycleInAws(second).deleteAfterDays()).isEqualTo(365L);
    assertThat(lifecycleInAws(first).moveToColdStorageAfterDays()).isEqualTo(1L);
    assertThat(lifecycleInAws(first).deleteAfterDays()).isEqualTo(365L);
    assertThat(harness.get(DynamoBackup.class, second.getMetadata().getName()).getStatus().recoveryPointLifecycle
        .deleteAfterDays).isEqualTo(365L);
    assertThat(condition.getMessage()).contains(first.getMetadata().getName() + ": in cold storage");
    assertThat(harness.events("orders-nightly")).extracting(e -> e.getReason())
        .contains("LifecycleUpdated", "LifecycleNotUpdated");
    assertThat(harness.aws.callCount("UpdateRecoveryPointLifecycle")).isEqualTo(completed.size());
  }

  @Test
  void copiesThatMayFindTheirPointInColdStorageAreAWarningCondition() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = DynamoBackupPlanIT.plan("orders-nightly", "0 3 * * *");
    plan.getSpec().template.lifecycle = new Lifecycle(1L, 91L);
    plan.getSpec().template.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
        null));
    harness.create(plan);

    Condition risk = harness.advanceUntil(() -> condition(PlanStatuses.COPIES_AT_RISK).orElse(null), c -> c != null);
    assertThat(risk.getStatus()).isEqualTo("True");
    assertThat(risk.getMessage()).startsWith("spec.template.lifecycle.moveToColdStorageAfterDays (1 days) is not longer"
        + " than the completion window (10080 minutes, AWS's default)");
    assertThat(harness.events("orders-nightly")).anySatisfy(e -> assertThat(List.of(e.getType(), e.getReason()))
        .containsExactly("Warning", "CopiesAtRisk"));
    assertThat(Conditions.isTrue(harness.get(DynamoBackupPlan.class, "orders-nightly").getStatus().conditions,
        Conditions.READY)).isTrue();

    editPlan(p -> p.getSpec().template.completionWindowMinutes = 720L);
    harness.advanceUntil(() -> condition(PlanStatuses.COPIES_AT_RISK), java.util.Optional::isEmpty);
  }
}
