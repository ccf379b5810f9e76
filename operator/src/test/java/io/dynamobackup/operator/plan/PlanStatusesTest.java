package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.localaws.ManualClock;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.common.TenancyGuard;
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
  private static final Instant CREATED = Instant.parse("2026-11-10T10:00:00Z");
  private static final ScheduleCalculator DAILY = ScheduleCalculator.parse("0 3 * * *", null);
  private static final PlanTables.Selection MISSING = new PlanTables.Selection(List.of(), List.of(ORDERS), null);
  private static final PlanTables.Selection FOUND = new PlanTables.Selection(List.of(ORDERS), List.of(), null);

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
    statuses.tables(new PlanTables.Selection(List.of(), List.of(ORDERS), null), false, Set.of(), List.of());
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
    statuses.tables(none, false, Set.of(), List.of());
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
    first.tables(gone, false, first.known(List.of()), List.of());
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getReason()).isEqualTo("TablesDeleted");
    assertThat(condition(plan, PlanStatuses.TABLES_MISSING).getMessage())
        .startsWith("no longer exist: eu-west-1/orders").doesNotContain("does not exist");

    // No longer in selectedTables, and never backed up: the condition itself remembers the table was there.
    PlanStatuses later = new PlanStatuses(plan, NOW.plusSeconds(3600));
    later.tables(gone, false, later.known(List.of()), List.of());
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
    statuses.tables(none, true, Set.of(), List.of());
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

  @Test
  void aTableThatAppearsLaterIsJudgedFromWhenThePlanFoundItNotFromTheCreation() {
    DynamoBackupPlan plan = createdAt(plan(false), CREATED);
    plan.getSpec().template.copies = List.of(
        new CopyTarget("arn:aws:backup:eu-central-1:111122223333:backup-vault:eu-dr", null));
    ManualClock clock = new ManualClock(CREATED);
    reconcile(plan, clock, MISSING, List.of());
    assertThat(condition(plan, PlanStatuses.BACKUP_OVERDUE).getStatus()).isEqualTo(Conditions.UNKNOWN);

    // Ten days later the table exists: the plan could not back it up before, and its first slot has not come yet.
    clock.set(NOW);
    PlanStatuses found = reconcile(plan, clock, FOUND, List.of());
    assertThat(condition(plan, PlanStatuses.SCHEDULED).getLastTransitionTime()).isEqualTo(NOW.toString());
    assertThat(condition(plan, PlanStatuses.BACKUP_OVERDUE)).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "BackupsOnSchedule");
    assertThat(condition(plan, PlanStatuses.COPIES_OVERDUE).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(found.isOverdue()).isFalse();

    // One slot (03:00) passed and its backup is still running: within two intervals of the moment it was found.
    List<DynamoBackup> running = List.of(child(plan, NEXT, null));
    clock.set(Instant.parse("2026-11-22T02:59:00Z"));
    assertThat(reconcile(plan, clock, FOUND, running).isOverdue()).isFalse();
    assertThat(condition(plan, PlanStatuses.COPIES_OVERDUE).getStatus()).isEqualTo(Conditions.FALSE);

    // The second slot after it came and still no backup completed: genuinely overdue.
    clock.set(Instant.parse("2026-11-22T03:00:00Z"));
    assertThat(reconcile(plan, clock, FOUND, running).isOverdue()).isTrue();
    assertThat(condition(plan, PlanStatuses.COPIES_OVERDUE).getStatus()).isEqualTo(Conditions.TRUE);
  }

  @Test
  void aPlanThatCouldNotBackUpAtFirstIsJudgedFromWhenItWasScheduled() {
    Map<String, java.util.function.Consumer<PlanStatuses>> notScheduled = Map.of(
        "InvalidSpec", s -> s.notReconciled("InvalidSpec"),
        "NotPermitted", s -> s.notReconciled(TenancyGuard.REASON),
        "Suspended", s -> {
          s.suspended();
          s.overdue(List.of(), true);
        });
    notScheduled.forEach((why, refuse) -> {
      DynamoBackupPlan plan = createdAt(plan(false), CREATED);
      refuse.accept(new PlanStatuses(plan, CREATED));
      assertThat(condition(plan, PlanStatuses.SCHEDULED).getStatus()).as(why).isEqualTo(Conditions.FALSE);

      ManualClock clock = new ManualClock(NOW); // the spec fixed, permitted or resumed
      assertThat(reconcile(plan, clock, FOUND, List.of()).isOverdue()).as(why).isFalse();
      clock.set(Instant.parse("2026-11-22T03:00:00Z"));
      assertThat(reconcile(plan, clock, FOUND, List.of()).isOverdue()).as(why).isTrue();
    });
  }

  @Test
  void backupsThatStopCompletingOrARegionOutageAreStillOverdue() {
    DynamoBackupPlan plan = createdAt(plan(false), CREATED);
    ManualClock clock = new ManualClock(CREATED);
    reconcile(plan, clock, FOUND, List.of());
    // Backups completed until 11-12 03:05, then stopped: two slots after the newest one, the plan is overdue.
    List<DynamoBackup> children = List.of(child(plan, Instant.parse("2026-11-11T03:00:00Z"), "2026-11-11T03:05:00Z"),
        child(plan, Instant.parse("2026-11-12T03:00:00Z"), "2026-11-12T03:05:00Z"));
    clock.set(Instant.parse("2026-11-14T02:59:00Z"));
    assertThat(reconcile(plan, clock, FOUND, children).isOverdue()).isFalse();
    clock.set(Instant.parse("2026-11-14T03:00:00Z"));
    assertThat(reconcile(plan, clock, FOUND, children).isOverdue()).isTrue();

    // eu-west-1 does not answer: the plan stays Scheduled (its clock is not restarted) and stays overdue.
    var outage = new PlanTables.Selection(List.of(), List.of(),
        new AwsException("ServiceUnavailable", "eu-west-1 does not answer", true, null));
    clock.set(NOW);
    assertThat(reconcile(plan, clock, outage, children).isOverdue()).isTrue();
    assertThat(condition(plan, PlanStatuses.SCHEDULED)).extracting(Condition::getStatus,
        Condition::getLastTransitionTime).containsExactly(Conditions.TRUE, CREATED.toString());

    // Without any completed backup either: the clock runs from when the plan was scheduled, through the outage.
    DynamoBackupPlan never = createdAt(plan(false), CREATED);
    reconcile(never, new ManualClock(CREATED), FOUND, List.of());
    assertThat(reconcile(never, clock, outage, List.of()).isOverdue()).isTrue();
  }

  @Test
  void aResumedPlanIsJudgedFromTheResumeButAdoptedHistoryCountsAsItIs() {
    DynamoBackupPlan plan = createdAt(plan(false), CREATED);
    ManualClock clock = new ManualClock(CREATED);
    reconcile(plan, clock, FOUND, List.of());
    List<DynamoBackup> children = List.of(child(plan, Instant.parse("2026-11-11T03:00:00Z"), "2026-11-11T03:05:00Z"));
    new PlanStatuses(plan, Instant.parse("2026-11-11T12:00:00Z")).suspended();
    clock.set(NOW); // resumed, nine days after its newest backup: the next slot is the first it could run
    assertThat(reconcile(plan, clock, FOUND, children).isOverdue()).isFalse();
    clock.set(Instant.parse("2026-11-22T03:00:00Z"));
    assertThat(reconcile(plan, clock, FOUND, children).isOverdue()).isTrue();

    // The plan re-applied to a rebuilt cluster adopts that backup: the recovery point objective is missed at once.
    DynamoBackupPlan reapplied = createdAt(plan(false), NOW);
    assertThat(reconcile(reapplied, new ManualClock(NOW), FOUND, children).isOverdue()).isTrue();
  }

  /** One reconcile as the plan's step runs it: the tables, the slot, then both recovery point objectives. */
  private static PlanStatuses reconcile(DynamoBackupPlan plan, ManualClock clock, PlanTables.Selection selection,
      List<DynamoBackup> children) {
    Instant now = clock.instant();
    PlanStatuses statuses = new PlanStatuses(plan, now);
    Set<TableKey> known = statuses.known(children);
    statuses.tables(selection, false, known, List.of());
    statuses.scheduled(DAILY.nextAfter(now), null, selection);
    if (PlanSelections.nothingToBackUp(selection)) {
      statuses.nothingToJudge(CopyRegions.of(plan, DAILY, List.of(), children, now, false));
    } else {
      statuses.overdue(ScheduledRuns.overdue(plan, DAILY,
          ScheduledRuns.covered(plan, selection, known, children), children, now), false);
      statuses.copyRegions(CopyRegions.of(plan, DAILY, selection.selected(), children, now, false), false);
    }
    return statuses;
  }

  /** The plan's child of a slot: Completed at {@code completed}, or still Running when null. */
  private static DynamoBackup child(DynamoBackupPlan plan, Instant slot, String completed) {
    DynamoBackup child = ChildBackups.build(plan, ORDERS, slot);
    child.setStatus(new DynamoBackupStatus());
    child.getStatus().phase = completed == null ? BackupPhase.Running : BackupPhase.Completed;
    child.getStatus().completionTime = completed;
    return child;
  }

  private static DynamoBackupPlan createdAt(DynamoBackupPlan plan, Instant created) {
    plan.getMetadata().setCreationTimestamp(created.toString());
    plan.getMetadata().setUid("6f1c2d34-0000-4000-8000-000000000001");
    return plan;
  }

  private static Condition condition(DynamoBackupPlan plan, String type) {
    return Conditions.find(plan.getStatus().conditions, type).orElseThrow();
  }

  private static String summary(List<TableKey> selected, boolean selector) {
    PlanStatuses statuses = new PlanStatuses(plan(selector), NOW);
    statuses.tables(new PlanTables.Selection(selected, List.of(), null), selector, Set.of(), List.of());
    return statuses.status().tableSummary;
  }

  @Test
  void aSelectionTheTenancyPolicyLeftOutEntirelySaysHowManyTablesAndWhichRule() {
    DynamoBackupPlan plan = plan(true);
    plan.getMetadata().setNamespace("team-b");
    PlanStatuses statuses = new PlanStatuses(plan, NOW);
    PlanTables.Selection none = new PlanTables.Selection(List.of(), List.of(), null, 3);
    statuses.tables(none, true, Set.of(), List.of("team-b-*"));
    statuses.scheduled(NEXT, null, none);
    statuses.ready(true, null);

    String why = "3 tables carry the tags {backup=gold} in Region eu-west-1 but the tenancy policy for namespace team-b"
        + " allows none of them (tenancy rule tables: [team-b-*])";
    assertThat(condition(plan, Conditions.READY)).extracting(Condition::getStatus, Condition::getReason,
        Condition::getMessage).containsExactly(Conditions.FALSE, "NoTablesSelected", "spec.tableSelector: " + why);
    assertThat(condition(plan, PlanStatuses.SCHEDULED).getMessage()).startsWith("no backup is started while " + why);
    assertThat(plan.getStatus().tablesLeftOut).isEqualTo(3);

    // After a restart the count comes from the status, until the next lookup.
    PlanStatuses restarted = new PlanStatuses(plan, NOW);
    assertThat(restarted.recordedSelection()).hasValueSatisfying(s -> assertThat(s.leftOut()).isEqualTo(3));
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
