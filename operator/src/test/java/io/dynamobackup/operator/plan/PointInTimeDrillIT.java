package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.DrillResult;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.drill.RestoreDrills;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A restore drill whose source is the plan's table's point-in-time recovery instead of its newest backup. */
class PointInTimeDrillIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aDrillCanRestoreThePlansTableAtItsLatestRestorableTime() {
    harness.createTable(REGION, "orders", 15);
    harness.dynamoDb(REGION).updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    // Backups only at 03:00: the drill does not need one, it restores the table's PITR.
    DynamoBackupPlan plan = DynamoBackupPlanIT.plan("orders-pitr-drilled", "0 3 * * *");
    plan.getSpec().restoreDrill = new RestoreDrill();
    plan.getSpec().restoreDrill.schedule = "*/30 * * * *";
    plan.getSpec().restoreDrill.source = RestoreDrill.DrillSource.PointInTimeRecovery;
    harness.create(plan);

    DynamoRestore running = harness.advanceUntil(this::drillChild, d -> d != null);
    assertThat(running.getSpec().source.pointInTimeRecovery.table.name).isEqualTo("orders");
    assertThat(running.getSpec().source.pointInTimeRecovery.useLatestRestorableTime).isTrue();
    assertThat(running.getSpec().source.backupRef).isNull();
    assertThat(running.getSpec().target.region).isEqualTo(REGION);

    DrillResult last = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-pitr-drilled")
        .getStatus().lastDrill, d -> d != null && !RestoreDrills.RUNNING.equals(d.result));
    assertThat(last.result).as(last.message).isEqualTo(RestoreDrills.SUCCEEDED);
    assertThat(last.sourceBackup).isNull();
    assertThat(last.message).contains("settings applied")
        .contains("item count not checked (a point-in-time restore has no recorded count)");
    harness.advanceUntil(() -> harness.dynamoDb(REGION).listTables().tableNames(),
        names -> !names.contains(last.tableName));
    assertThat(harness.events("orders-pitr-drilled")).extracting(Event::getMessage)
        .anySatisfy(m -> assertThat(m).contains("restores table eu-west-1/orders at its latest restorable time"));
    assertThat(harness.aws.callCount("RestoreTableToPointInTime")).isEqualTo(1);
  }

  private DynamoRestore drillChild() {
    List<DynamoRestore> drills = harness.client().resources(DynamoRestore.class).inNamespace(NAMESPACE)
        .withLabel("dynamobackup.io/drill").list().getItems();
    return drills.isEmpty() ? null : drills.get(0);
  }
}
