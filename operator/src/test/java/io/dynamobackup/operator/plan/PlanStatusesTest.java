package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanStatusesTest {
  private static final TableKey ORDERS = new TableKey("eu-west-1", "orders");
  private static final TableKey USERS = new TableKey("eu-west-1", "users");
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant NEXT = Instant.parse("2026-11-21T03:00:00Z");

  @Test
  void theTableColumnNamesTheTableOrCountsTheSelectedOnes() {
    assertThat(summary(List.of(ORDERS), false)).isEqualTo("orders");
    assertThat(summary(List.of(), true)).isEqualTo("0 tables");
    assertThat(summary(List.of(ORDERS), true)).isEqualTo("1 table");
    assertThat(summary(List.of(ORDERS, USERS), true)).isEqualTo("2 tables");
  }

  @Test
  void theTableColumnNamesTheSpecTableWhenItDoesNotExistOrTheSpecIsRefused() {
    DynamoBackupPlan plan = plan(false);
    PlanStatuses statuses = new PlanStatuses(plan, NOW);
    statuses.tables(new PlanTables.Selection(List.of(), List.of(ORDERS), null), false, Set.of());
    assertThat(statuses.status().tableSummary).isEqualTo("orders");

    PlanStatuses refused = new PlanStatuses(plan(false), NOW);
    refused.notReconciled("InvalidSpec");
    assertThat(refused.status().tableSummary).isEqualTo("orders");
  }

  @Test
  void aTableThatNeverExistedIsNotFoundNotScheduledAndNotJudgedOnSchedule() {
    DynamoBackupPlan plan = plan(false);
    PlanStatuses statuses = new PlanStatuses(plan, NOW);
    PlanTables.Selection none = new PlanTables.Selection(List.of(), List.of(ORDERS), null);
    statuses.tables(none, false, Set.of());
    statuses.scheduled(NEXT, null, none);
    statuses.nothingToJudge(List.of());
    statuses.ready(false, null);

    assertThat(condition(plan, Conditions.READY)).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "TableNotFound");
    Condition missing = condition(plan, PlanStatuses.TABLES_MISSING);
    assertThat(missing.getReason()).isEqualTo("TableNotFound");
    assertThat(missing.getMessage()).contains("does not exist: eu-west-1/orders").doesNotContain("no longer");
    Condition scheduled = condition(plan, PlanStatuses.SCHEDULED);
    assertThat(scheduled).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "TableNotFound");
    assertThat(scheduled.getMessage()).contains("no backup is started while table eu-west-1/orders does not exist")
        .contains("skipped").doesNotContain("next backup");
    assertThat(plan.getStatus().nextScheduleTime).isEqualTo(NEXT.toString()); // the slot the table is looked up at
    Condition overdue = condition(plan, PlanStatuses.BACKUP_OVERDUE);
    assertThat(overdue).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.UNKNOWN, "TableNotFound");
    assertThat(overdue.getMessage()).contains("table eu-west-1/orders does not exist").doesNotContain("every table");
    assertThat(statuses.isOverdue()).isFalse();
  }

  @Test
  void aTableProtectedBeforeNoLongerExistsAtEveryLaterReconcileToo() {
    DynamoBackupPlan plan = plan(false);
    plan.setStatus(new DynamoBackupPlanStatus());
    plan.getStatus().observedGeneration = 1L;
    plan.getStatus().selectedTables = List.of(ORDERS.toString());
    PlanTables.Selection gone = new PlanTables.Selection(List.of(), List.of(ORDERS), null);
    PlanStatuses first = new PlanStatuses(plan, NOW);
    first.tables(gone, false, first.known(List.of()));
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getReason()).isEqualTo("TablesDeleted");
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getMessage())
        .startsWith("no longer exist: eu-west-1/orders").doesNotContain("does not exist");

    // No longer in selectedTables, and never backed up: the condition itself remembers the table was there.
    PlanStatuses later = new PlanStatuses(plan, NOW.plusSeconds(3600));
    later.tables(gone, false, later.known(List.of()));
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getReason()).isEqualTo("TablesDeleted");
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getMessage()).startsWith("no longer exist");
  }

  @Test
  void aSelectorThatSelectsNothingLeavesBothObjectivesUnknown() {
    DynamoBackupPlan plan = plan(true);
    plan.getSpec().template.copies = List.of(
        new CopyTarget("arn:aws:backup:eu-central-1:111122223333:backup-vault:eu-dr", null));
    PlanStatuses statuses = new PlanStatuses(plan, NOW);
    PlanTables.Selection none = new PlanTables.Selection(List.of(), List.of(), null);
    statuses.tables(none, true, Set.of());
    statuses.scheduled(NEXT, null, none);
    var region = new DynamoBackupPlanStatus.CopyRegion();
    region.region = "eu-central-1";
    region.overdue = true;
    statuses.nothingToJudge(List.of(region));

    assertThat(condition(plan, PlanStatuses.SCHEDULED)).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "NoTablesSelected");
    for (String type : List.of(PlanStatuses.BACKUP_OVERDUE, PlanStatuses.COPIES_OVERDUE)) {
      assertThat(condition(plan, type)).extracting(Condition::getStatus, Condition::getReason)
          .containsExactly(Conditions.UNKNOWN, "NoTablesSelected");
      assertThat(condition(plan, type).getMessage()).contains("no table in Region eu-west-1 carries all of the tags");
    }
    assertThat(plan.getStatus().copyRegions).singleElement().satisfies(r -> assertThat(r.overdue).isNull());
    assertThat(plan.getStatus().missingTables).isNull();
  }

  @Test
  void aPlanWithTablesIsScheduledAsBefore() {
    DynamoBackupPlan plan = plan(false);
    PlanStatuses statuses = new PlanStatuses(plan, NOW);
    statuses.scheduled(NEXT, null, new PlanTables.Selection(List.of(ORDERS), List.of(), null));
    assertThat(condition(plan, PlanStatuses.SCHEDULED)).extracting(Condition::getStatus, Condition::getMessage)
        .containsExactly(Conditions.TRUE, "next backup at " + NEXT);
  }

  private static Condition condition(DynamoBackupPlan plan, String type) {
    return Conditions.find(plan.getStatus().conditions, type).orElseThrow();
  }

  private static String summary(List<TableKey> selected, boolean selector) {
    PlanStatuses statuses = new PlanStatuses(plan(selector), NOW);
    statuses.tables(new PlanTables.Selection(selected, List.of(), null), selector, Set.of());
    return statuses.status().tableSummary;
  }

  private static DynamoBackupPlan plan(boolean selector) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("gold-tables").withNamespace("default").withGeneration(1L)
        .build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.schedule = "0 3 * * *";
    if (selector) {
      spec.tableSelector = new TableSelector();
      spec.tableSelector.region = "eu-west-1";
      spec.tableSelector.matchTags = Map.of("backup", "gold");
    } else {
      spec.table = TableReference.named("orders", "eu-west-1");
    }
    plan.setSpec(spec);
    return plan;
  }
}
