package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanStatusesTest {
  private static final TableKey ORDERS = new TableKey("eu-west-1", "orders");
  private static final TableKey USERS = new TableKey("eu-west-1", "users");

  @Test
  void theTableColumnNamesTheTableOrCountsTheSelectedOnes() {
    assertThat(summary(List.of(ORDERS), false)).isEqualTo("orders");
    assertThat(summary(List.of(), true)).isEqualTo("0 tables");
    assertThat(summary(List.of(ORDERS), true)).isEqualTo("1 table");
    assertThat(summary(List.of(ORDERS, USERS), true)).isEqualTo("2 tables");
  }

  private static String summary(List<TableKey> selected, boolean selector) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("gold-tables").withNamespace("default").withGeneration(1L)
        .build());
    PlanStatuses statuses = new PlanStatuses(plan, Instant.parse("2026-11-20T10:00:00Z"));
    statuses.tables(new PlanTables.Selection(selected, List.of(), null), selector);
    return statuses.status().tableSummary;
  }
}
