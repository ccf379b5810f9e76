package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.DR;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.CopyRegion;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery point objective per Region: a plan with copies reports, per destination Region, its newest completed
 * copy, and CopiesOverdue (a Warning event and a metric) when a Region has had none for two schedule intervals.
 */
class CopyRegionsIT {
  private static final String BROKEN = "eu-central-1";
  private final OperatorHarness harness = new OperatorHarness();
  private final DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aRegionWithoutRecentCopiesIsOverdue() {
    fixtures.sourceTable("orders", 4);
    harness.startOperator();
    DynamoBackupPlan plan = DisasterRecoveryFixtures.plan("orders-hourly", "orders", 5);
    // eu-central-1 has no vault "eu-dr": every copy there fails, as an unreachable destination would.
    plan.getSpec().template.copies = List.of(plan.getSpec().template.copies.get(0),
        new CopyTarget("arn:aws:backup:eu-central-1:111122223333:backup-vault:eu-dr", null));
    harness.create(plan);

    // Hourly backups run as the clock moves; us-west-2 gets a copy of each, eu-central-1 never does.
    DynamoBackupPlan observed = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-hourly"),
        p -> p.getStatus() != null && Conditions.isTrue(p.getStatus().conditions, PlanStatuses.COPIES_OVERDUE));

    assertThat(observed.getStatus().copyRegions).extracting(r -> r.region, r -> r.overdue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DR, false), org.assertj.core.groups.Tuple.tuple(BROKEN, true));
    CopyRegion fine = observed.getStatus().copyRegions.get(0);
    assertThat(fine.backup).startsWith("orders-hourly-");
    assertThat(observed.getStatus().copyRegions.get(1).newestCopyTime).isNull();
    Condition overdue = Conditions.find(observed.getStatus().conditions, PlanStatuses.COPIES_OVERDUE).orElseThrow();
    assertThat(overdue.getMessage()).contains(BROKEN).doesNotContain(DR + " (");
    assertThat(harness.events("orders-hourly")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(PlanStatuses.COPIES_OVERDUE);
    });
    String metrics = harness.operator().registry().scrape();
    assertThat(metrics).contains("dynamobackup_plan_copies_overdue{namespace=\"default\",plan=\"orders-hourly\","
        + "region=\"eu-central-1\"} 1.0").contains("dynamobackup_plan_copies_overdue{namespace=\"default\","
        + "plan=\"orders-hourly\",region=\"us-west-2\"} 0.0")
        .containsPattern("dynamobackup_plan_copy_age_seconds\\{namespace=\"default\",plan=\"orders-hourly\","
            + "region=\"us-west-2\"} [0-9.E]+\\n");
  }
}
