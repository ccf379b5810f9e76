package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which ListTables listing may tell a plan that its table exists: one begun after the plan's need arose. */
class PlanTablesTest {
  private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant SLOT = Instant.parse("2026-11-20T11:00:00Z");

  @Test
  void aNewPlanNeedsAListingBegunAfterTheSecondOfItsCreation() {
    assertThat(PlanTables.needSince(plan(1L), false, false, null)).isEqualTo(CREATED.plusSeconds(1));
    assertThat(PlanTables.needSince(plan(null), false, false, null)).isEqualTo(CREATED.plusSeconds(1));
  }

  @Test
  void aSlotNeedsAListingBegunAtTheSlot() {
    assertThat(PlanTables.needSince(plan(1L), true, false, SLOT)).isEqualTo(SLOT);
    assertThat(PlanTables.needSince(plan(4L), true, false, SLOT)).as("the spec looked up before, edited long ago")
        .isEqualTo(SLOT);
    assertThat(PlanTables.needSince(plan(1L), false, false, CREATED)).as("a plan created in its slot's second")
        .isEqualTo(CREATED.plusSeconds(1));
  }

  @Test
  void anEditedSpecIsCheckedWithDescribeTable() {
    assertThat(PlanTables.needSince(plan(2L), false, true, null)).isNull();
    assertThat(PlanTables.needSince(plan(2L), false, false, null)).as("edited while the operator was down").isNull();
    assertThat(PlanTables.needSince(plan(2L), false, true, SLOT)).as("edited just before a slot").isNull();
    assertThat(PlanTables.needSince(plan(1L), false, true, null)).as("a cached selection of another spec").isNull();
    assertThat(PlanTables.needSince(plan(2L), true, false, null)).as("a retry of an edited spec").isNull();
  }

  private static DynamoBackupPlan plan(Long generation) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("orders").withCreationTimestamp(CREATED.toString())
        .withGeneration(generation).build());
    return plan;
  }
}
