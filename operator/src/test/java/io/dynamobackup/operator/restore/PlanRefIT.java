package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A planRef restore of a plan that covers several tables must name the table: without planRef.table it is refused
 * (InvalidSpec) instead of restoring whichever table's backup completed last; with it, that table's newest backup is
 * restored, and status and events name the source table and point.
 */
class PlanRefIT {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aPlanOfSeveralTablesNeedsPlanRefTable() {
    harness.createVault(SOURCE, "prod-vault");
    for (String table : List.of("orders", "payments")) {
      String arn = harness.createTable(SOURCE, table, table.equals("orders") ? 3 : 5);
      harness.dynamoDb(SOURCE).tagResource(b -> b.resourceArn(arn).tags(t -> t.key("backup").value("gold")));
    }
    harness.startOperator();
    harness.create(selectorPlan());
    harness.clock.advance(Duration.ofHours(1));
    harness.advanceUntil(() -> harness.client().resources(DynamoBackup.class).withLabel(ChildBackups.PLAN_LABEL, "gold")
        .list().getItems(), children -> children.size() == 2 && children.stream().allMatch(c -> c.getStatus() != null
            && c.getStatus().phase == BackupPhase.Completed));

    DynamoRestore ambiguous = DisasterRecoveryFixtures.restoreOfPlan("which-one", "gold", "which-one");
    ambiguous.getSpec().target.region = SOURCE;
    harness.create(ambiguous);
    Condition refused = harness.advanceUntil(() -> ready("which-one"),
        c -> c != null && "InvalidSpec".equals(c.getReason()));
    assertThat(refused.getMessage()).contains("spec.source.planRef.table: required", "gold",
        "eu-west-1/orders", "eu-west-1/payments");
    assertThat(Conditions.isTrue(harness.get(DynamoRestore.class, "which-one").getStatus().conditions, "Stalled"))
        .isTrue();
    assertThat(harness.events("which-one")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
    });

    // A table the plan does not back up is refused at once, listing those it does, instead of waiting forever.
    assertThat(refusedTable("typo", "gold")).contains("spec.source.planRef.table: plan gold does not back up table"
        + " eu-west-1/orderz", "eu-west-1/orders, eu-west-1/payments");
    DynamoBackupPlan single = DisasterRecoveryFixtures.plan("orders-only", "orders", 3);
    single.getSpec().template.copies = null;
    harness.create(single);
    assertThat(refusedTable("typo-single", "orders-only")).contains("spec.source.planRef.table: plan orders-only does"
        + " not back up table eu-west-1/orderz; it backs up its spec.table: eu-west-1/orders");

    DynamoRestore named = DisasterRecoveryFixtures.restoreOfPlan("payments-back", "gold", "payments-back");
    named.getSpec().target.region = SOURCE;
    named.getSpec().source.planRef.table = TableReference.named("payments", SOURCE);
    harness.create(named);
    DynamoRestore done = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "payments-back"),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);

    String paymentsArn = "arn:aws:dynamodb:eu-west-1:111122223333:table/payments";
    assertThat(done.getStatus().sourceTableArn).isEqualTo(paymentsArn);
    assertThat(done.getStatus().sourceBackup).startsWith("gold-");
    assertThat(harness.get(DynamoBackup.class, done.getStatus().sourceBackup).getSpec().table.name)
        .isEqualTo("payments");
    assertThat(harness.dynamoDb(SOURCE).scan(b -> b.tableName("payments-back")).count()).isEqualTo(5);
    assertThat(harness.events("payments-back")).anySatisfy(e -> assertThat(e.getMessage())
        .contains("recovery point " + done.getStatus().recoveryPointArn + " of table " + paymentsArn));
    assertThat(harness.aws.callCount("StartRestoreJob")).isEqualTo(1);
  }

  /** The message of Ready=False InvalidSpec of a restore of {@code plan}'s table orderz, a typo of orders. */
  private String refusedTable(String name, String plan) {
    DynamoRestore restore = DisasterRecoveryFixtures.restoreOfPlan(name, plan, name);
    restore.getSpec().target.region = SOURCE;
    restore.getSpec().source.planRef.table = TableReference.named("orderz", SOURCE);
    harness.create(restore);
    return harness.advanceUntil(() -> ready(name), c -> c != null && "InvalidSpec".equals(c.getReason())).getMessage();
  }

  private Condition ready(String name) {
    DynamoRestore restore = harness.get(DynamoRestore.class, name);
    return restore == null || restore.getStatus() == null ? null
        : Conditions.find(restore.getStatus().conditions, Conditions.READY).orElse(null);
  }

  private static DynamoBackupPlan selectorPlan() {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("gold").build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = SOURCE;
    spec.tableSelector.matchTags = Map.of("backup", "gold");
    spec.schedule = "0 * * * *";
    spec.template = new BackupTemplate();
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    plan.setSpec(spec);
    return plan;
  }
}
