package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plans of single tables applied together learn that their tables exist from one ListTables listing of the Region,
 * not from one DescribeTable each; a table the listing does not name is still looked up, and reported missing.
 */
class PlanTablesIT {
  private static final String REGION = "eu-west-1";
  private static final int PLANS = 8;
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void plansAppliedTogetherShareOneListingAndAMissingTableIsStillReportedMissing() {
    harness.createVault(REGION, "prod-vault");
    for (int i = 0; i < PLANS; i++) {
      harness.createTable(REGION, "table-" + i, 1);
      harness.create(plan("plan-" + i, "table-" + i));
    }
    harness.create(plan("plan-gone", "gone"));
    harness.clock.advance(Duration.ofSeconds(2)); // the operator starts after the estate was applied
    int start = harness.aws.calls().size();
    harness.startOperator();

    for (int i = 0; i < PLANS; i++) {
      String name = "plan-" + i;
      DynamoBackupPlan plan = await().atMost(Duration.ofSeconds(60))
          .until(() -> harness.get(DynamoBackupPlan.class, name), p -> p.getStatus() != null
              && p.getStatus().selectedTables != null && !p.getStatus().selectedTables.isEmpty());
      assertThat(plan.getStatus().selectedTables).containsExactly(REGION + "/table-" + i);
    }
    DynamoBackupPlan gone = await().atMost(Duration.ofSeconds(60))
        .until(() -> harness.get(DynamoBackupPlan.class, "plan-gone"),
            p -> p.getStatus() != null && p.getStatus().missingTables != null);
    assertThat(gone.getStatus().missingTables).containsExactly(REGION + "/gone");
    assertThat(gone.getStatus().selectedTables).isEmpty();
    assertThat(Conditions.isTrue(gone.getStatus().conditions, PlanStatuses.TABLES_MISSING)).isTrue();

    List<CallRecord> calls = harness.aws.calls().subList(start, harness.aws.calls().size());
    assertThat(calls).filteredOn(c -> c.operation().equals("ListTables")).as("one listing for every plan")
        .singleElement().satisfies(c -> assertThat(c.region()).isEqualTo(REGION));
    assertThat(calls).filteredOn(c -> c.operation().equals("DescribeTable") && c.names("gone"))
        .as("the table not listed is confirmed missing").isNotEmpty();
    // The first lookup of the Region looks alone (one DescribeTable is cheaper than a listing); the others share it.
    assertThat(calls.stream().filter(c -> IntStream.range(0, PLANS).anyMatch(i -> describes("table-" + i).test(c))))
        .as("DescribeTable of listed tables: at most the first lookup's").hasSizeLessThanOrEqualTo(1);

    // A plan created as its table is, moments after that listing: not answered by it, its table is found.
    harness.createTable(REGION, "late", 1);
    harness.create(plan("plan-late", "late"));
    DynamoBackupPlan late = await().atMost(Duration.ofSeconds(60))
        .until(() -> harness.get(DynamoBackupPlan.class, "plan-late"), p -> p.getStatus() != null
            && p.getStatus().selectedTables != null && !p.getStatus().selectedTables.isEmpty());
    assertThat(late.getStatus().selectedTables).containsExactly(REGION + "/late");
    assertThat(late.getStatus().missingTables).isNull();
  }

  private static Predicate<CallRecord> describes(String table) {
    return c -> c.operation().equals("DescribeTable") && c.names(table);
  }

  private static DynamoBackupPlan plan(String name, String table) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named(table, REGION);
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    spec.schedule = "0 3 * * *";
    spec.template.captureTableSettings = false;
    plan.setSpec(spec);
    return plan;
  }
}
