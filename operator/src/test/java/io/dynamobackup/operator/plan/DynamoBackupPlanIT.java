package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.OperatorHarness.NAMESPACE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

class DynamoBackupPlanIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void backupsAreCreatedOnScheduleAsTimeMovesAndComplete() {
    harness.createTable(REGION, "orders", 20);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(plan("orders-nightly", "*/10 * * * *"));

    DynamoBackupPlan scheduled = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-nightly"),
        p -> p.getStatus() != null && p.getStatus().nextScheduleTime != null);
    assertThat(Instant.parse(scheduled.getStatus().nextScheduleTime)).isAfter(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(Conditions.isTrue(scheduled.getStatus().conditions, PlanStatuses.SCHEDULED)).isTrue();
    assertThat(scheduled.getStatus().tableSummary).isEqualTo("orders");

    harness.advanceUntil(() -> completed("orders-nightly"), c -> c.size() >= 2);
    List<DynamoBackup> children = children("orders-nightly");
    assertThat(children).extracting(c -> c.getMetadata().getName())
        .allMatch(name -> name.matches("orders-nightly-2026112010[0-9]0"));
    DynamoBackup first = children.get(0);
    assertThat(first.getMetadata().getLabels()).containsEntry("dynamobackup.io/plan", "orders-nightly")
        .doesNotContainKey("app.kubernetes.io/instance");
    assertThat(first.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
    Instant firstSlot = Instant.parse(first.getMetadata().getAnnotations().get("dynamobackup.io/scheduled-at"));
    assertThat(firstSlot.getEpochSecond() % 600).isZero();

    DynamoBackupPlan plan = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-nightly"),
        p -> p.getStatus().recoveryPoints != null && p.getStatus().recoveryPoints >= 2);
    assertThat(plan.getStatus().lastSuccessfulBackup.recoveryPointArn).startsWith("arn:aws:backup:eu-west-1:");
    assertThat(plan.getStatus().lastScheduleTime).isNotNull();
    assertThat(Conditions.isTrue(plan.getStatus().conditions, Conditions.READY)).isTrue();
    assertThat(Conditions.find(plan.getStatus().conditions, PlanStatuses.BACKUP_OVERDUE).get().getStatus())
        .isEqualTo(Conditions.FALSE);
    assertThat(harness.events("orders-nightly")).extracting(Event::getReason).contains("BackupCreated");
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_plan_recovery_point_age_seconds{namespace=\"default\",plan=\"orders-nightly\"}")
        .contains("dynamobackup_plan_backup_overdue{namespace=\"default\",plan=\"orders-nightly\"} 0.0");
  }

  @Test
  void aRestartedOperatorDoesNotCreateASlotTwice() {
    String tableArn = harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(plan("orders-nightly", "*/10 * * * *"));
    DynamoBackup first = harness.advanceUntil(() -> children("orders-nightly"), c -> !c.isEmpty()).get(0);
    String slot = first.getMetadata().getAnnotations().get("dynamobackup.io/scheduled-at");

    // The operator dies after creating the child, before its status update: the plan still waits for that slot.
    harness.operator().operator().stop();
    harness.retryOnConflict(() -> harness.client().resources(DynamoBackupPlan.class).inNamespace(NAMESPACE)
        .withName("orders-nightly").editStatus(p -> {
          p.getStatus().nextScheduleTime = slot;
          return p;
        }));
    harness.restartOperator();
    harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-nightly").getStatus().nextScheduleTime,
        next -> Instant.parse(next).isAfter(Instant.parse(slot)));

    assertThat(children("orders-nightly")).filteredOn(c -> slot.equals(c.getMetadata().getAnnotations()
        .get("dynamobackup.io/scheduled-at"))).hasSize(1);
    harness.advanceUntil(() -> phase(first.getMetadata().getName()), p -> p == BackupPhase.Completed);
    long jobs = harness.backup(REGION).listBackupJobs(b -> b.byResourceArn(tableArn)).backupJobs().size();
    assertThat(jobs).isEqualTo(children("orders-nightly").stream().filter(c -> c.getStatus() != null
        && c.getStatus().backupJobId != null).count());
  }

  @Test
  void retentionKeepsTheLastPointsAndDeletesThePrunedOnesInAws() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = plan("orders-keep2", "*/10 * * * *");
    plan.getSpec().retention = new RetentionPolicy();
    plan.getSpec().retention.keepLast = 2;
    harness.create(plan);

    Set<String> seen = new LinkedHashSet<>();
    harness.advanceUntil(() -> {
      completed("orders-keep2").forEach(c -> seen.add(c.getStatus().recoveryPointArn));
      return seen.size();
    }, n -> n >= 4);
    List<DynamoBackup> kept = harness.advanceUntil(() -> children("orders-keep2"),
        c -> c.size() == 2 && c.stream().allMatch(b -> b.getStatus().phase == BackupPhase.Completed));
    List<String> keptArns = kept.stream().map(c -> c.getStatus().recoveryPointArn).toList();
    assertThat(seen).containsAll(keptArns);

    var backup = harness.backup(REGION);
    for (String arn : seen) {
      if (keptArns.contains(arn)) {
        assertThat(backup.describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(arn))
            .statusAsString()).isEqualTo("COMPLETED");
      } else {
        harness.advanceUntil(() -> exists(arn), exists -> !exists);
      }
    }
    assertThat(harness.get(DynamoBackupPlan.class, "orders-keep2").getStatus().recoveryPoints).isEqualTo(2);
    assertThat(harness.events("orders-keep2")).extracting(Event::getReason).contains("RecoveryPointPruned");
  }

  @Test
  void aTagSelectorBacksUpOnlyTaggedTablesAndReportsOnesThatDisappear() {
    String orders = harness.createTable(REGION, "orders", 5);
    String users = harness.createTable(REGION, "users", 5);
    harness.createTable(REGION, "scratch", 5);
    var dynamoDb = harness.dynamoDb(REGION);
    dynamoDb.tagResource(b -> b.resourceArn(orders).tags(t -> t.key("backup").value("daily")));
    dynamoDb.tagResource(b -> b.resourceArn(users).tags(t -> t.key("backup").value("daily"), t -> t.key("team").value("x")));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = plan("tagged", "*/10 * * * *");
    plan.getSpec().table = null;
    plan.getSpec().tableSelector = new TableSelector();
    plan.getSpec().tableSelector.region = REGION;
    plan.getSpec().tableSelector.matchTags = Map.of("backup", "daily");
    harness.create(plan);

    List<DynamoBackup> firstSlot = harness.advanceUntil(() -> completed("tagged"), c -> c.size() >= 2);
    assertThat(firstSlot).extracting(c -> c.getSpec().table.name).containsExactlyInAnyOrder("orders", "users");
    assertThat(firstSlot).extracting(c -> c.getMetadata().getName()).allMatch(n -> n.matches("tagged-[0-9a-f]{8}-\\d{12}"));
    DynamoBackupPlan status = harness.get(DynamoBackupPlan.class, "tagged");
    assertThat(status.getStatus().selectedTables).containsExactlyInAnyOrder("eu-west-1/orders", "eu-west-1/users");
    assertThat(status.getStatus().tableSummary).isEqualTo("2 tables");

    harness.advanceUntil(() -> harness.backup(REGION).listBackupJobs(b -> b.byResourceArn(users)).backupJobs().stream()
        .allMatch(j -> j.stateAsString().equals("COMPLETED")), done -> done);
    dynamoDb.deleteTable(b -> b.tableName("users"));
    DynamoBackupPlan missing = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "tagged"),
        p -> p.getStatus().missingTables != null);
    assertThat(missing.getStatus().missingTables).containsExactly("eu-west-1/users");
    assertThat(Conditions.find(missing.getStatus().conditions, PlanStatuses.TABLES_MISSING).get())
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(Conditions.TRUE))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("TablesDeleted"))
        .satisfies(c -> assertThat(c.getMessage()).startsWith("no longer exist: eu-west-1/users"));
    assertThat(Conditions.isTrue(missing.getStatus().conditions, Conditions.READY)).isTrue();
    assertThat(children("tagged")).extracting(c -> c.getSpec().table.name).doesNotContain("scratch");
  }

  @Test
  void suspendStopsNewBackupsAndResumingRunsNoBacklog() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(plan("orders-nightly", "*/10 * * * *"));
    harness.advanceUntil(() -> completed("orders-nightly"), c -> c.size() >= 1);

    editSpec("orders-nightly", s -> {
      s.suspend = true;
      return s;
    });
    harness.advanceUntil(() -> scheduledReason("orders-nightly"), "Suspended"::equals);
    int before = children("orders-nightly").size();
    Instant suspendedAt = harness.clock.instant();
    harness.advanceUntil(() -> harness.clock.instant(), now -> now.isAfter(suspendedAt.plus(Duration.ofMinutes(40))));
    assertThat(children("orders-nightly")).hasSize(before);
    assertThat(harness.get(DynamoBackupPlan.class, "orders-nightly").getStatus().nextScheduleTime).isNull();

    Instant resumedAt = harness.clock.instant();
    editSpec("orders-nightly", s -> {
      s.suspend = false;
      return s;
    });
    DynamoBackupPlan resumed = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "orders-nightly"),
        p -> "Scheduled".equals(Conditions.find(p.getStatus().conditions, PlanStatuses.SCHEDULED).get().getReason()));
    assertThat(Instant.parse(resumed.getStatus().nextScheduleTime)).isAfter(resumedAt);
    // No backlog: nothing was created for the slots that passed while suspended.
    assertThat(children("orders-nightly")).extracting(ChildBackups::slotOf)
        .allMatch(slot -> !slot.isAfter(suspendedAt) || slot.isAfter(resumedAt));
  }

  @Test
  void failingBackupsRaiseBackupOverdue() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    String denied = "arn:aws:iam::111122223333:role/not-allowed";
    harness.aws.faults().denyRole(denied);
    harness.startOperator();
    DynamoBackupPlan plan = plan("orders-denied", "*/10 * * * *");
    plan.getSpec().template.iamRoleArn = denied;
    harness.create(plan);

    Condition overdue = harness.advanceUntil(() -> condition("orders-denied", PlanStatuses.BACKUP_OVERDUE),
        c -> c != null && Conditions.TRUE.equals(c.getStatus()));
    assertThat(overdue.getMessage()).contains("eu-west-1/orders");
    assertThat(harness.events("orders-denied")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("BackupOverdue");
    });
    assertThat(harness.operator().registry().scrape())
        .contains("dynamobackup_plan_backup_overdue{namespace=\"default\",plan=\"orders-denied\"} 1.0");
    // Forbid: the stuck first backup (AccessDenied) is not terminal, so later slots were skipped, not piled up.
    assertThat(children("orders-denied")).hasSize(1);
  }

  @Test
  void aTableThatNeverExistedIsNamedAndNoConditionClaimsBackupsRun() {
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoBackupPlan ghost = plan("ghost-nightly", "*/10 * * * *");
    ghost.getSpec().table = TableReference.named("ghost", REGION);
    harness.create(ghost);
    Instant start = harness.clock.instant();

    // Three slots later (more than the two intervals BackupOverdue allows), each slot having looked the table up.
    DynamoBackupPlan plan = harness.advanceUntil(() -> harness.get(DynamoBackupPlan.class, "ghost-nightly"),
        p -> p.getStatus() != null && p.getStatus().nextScheduleTime != null
            && Instant.parse(p.getStatus().nextScheduleTime).isAfter(start.plus(Duration.ofMinutes(30))));
    var conditions = plan.getStatus().conditions;
    assertThat(plan.getStatus().tableSummary).as("the Table column").isEqualTo("ghost");
    assertThat(Conditions.find(conditions, Conditions.READY).get())
        .extracting(Condition::getStatus, Condition::getReason).containsExactly(Conditions.FALSE, "TableNotFound");
    Condition scheduled = Conditions.find(conditions, PlanStatuses.SCHEDULED).get();
    assertThat(scheduled).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "TableNotFound");
    assertThat(scheduled.getMessage()).contains("eu-west-1/ghost").doesNotContain("next backup");
    Condition overdue = Conditions.find(conditions, PlanStatuses.BACKUP_OVERDUE).get();
    assertThat(overdue).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.UNKNOWN, "TableNotFound");
    assertThat(overdue.getMessage()).contains("eu-west-1/ghost");
    Condition missing = Conditions.find(conditions, PlanStatuses.TABLES_MISSING).get();
    assertThat(missing.getReason()).isEqualTo("TableNotFound");
    assertThat(missing.getMessage()).contains("does not exist: eu-west-1/ghost").doesNotContain("no longer");
    assertThat(plan.getStatus().lastScheduleTime).isNull();
    assertThat(children("ghost-nightly")).isEmpty();
    // One Warning per condition that says so, not one per slot or reconcile.
    assertThat(harness.events("ghost-nightly")).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .extracting(Event::getReason).containsExactlyInAnyOrder("TableNotFound", "TablesMissing");
    assertThat(harness.events("ghost-nightly")).allSatisfy(e -> assertThat(e.getCount()).isOne());

    // The table appears: the next slot finds it and backs it up. The plan could not back it up before, so its
    // objective is judged from then: not overdue, and no BackupOverdue Warning, while that slot's backup runs.
    harness.createTable(REGION, "ghost", 1);
    Set<String> overdueSeen = new LinkedHashSet<>();
    DynamoBackupPlan found = harness.advanceUntil(() -> watchOverdue("ghost-nightly", overdueSeen),
        p -> Conditions.isTrue(p.getStatus().conditions, PlanStatuses.SCHEDULED));
    assertThat(found.getStatus().missingTables).isNull();
    assertThat(Conditions.find(found.getStatus().conditions, PlanStatuses.TABLES_MISSING)).isEmpty();
    assertThat(found.getStatus().tableSummary).isEqualTo("ghost");
    assertThat(Conditions.find(found.getStatus().conditions, PlanStatuses.BACKUP_OVERDUE).get())
        .extracting(Condition::getStatus, Condition::getReason).containsExactly(Conditions.FALSE, "BackupsOnSchedule");
    harness.advanceUntil(() -> {
      watchOverdue("ghost-nightly", overdueSeen);
      return completed("ghost-nightly");
    }, c -> !c.isEmpty());
    assertThat(overdueSeen).as("BackupOverdue from the table's appearance to its first backup")
        .doesNotContain(Conditions.TRUE);
    assertThat(harness.events("ghost-nightly")).extracting(Event::getReason).doesNotContain("BackupOverdue");

    // Its backups then stop completing: two slots after the newest one, the plan is overdue, and says so.
    harness.aws.faults().denyRole(ROLE);
    Condition late = harness.advanceUntil(() -> condition("ghost-nightly", PlanStatuses.BACKUP_OVERDUE),
        c -> c != null && Conditions.TRUE.equals(c.getStatus()));
    assertThat(late.getMessage()).contains("eu-west-1/ghost");
    assertThat(harness.events("ghost-nightly")).filteredOn(e -> "BackupOverdue".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  /** The plan, after noting its BackupOverdue status in {@code seen}. */
  private DynamoBackupPlan watchOverdue(String name, Set<String> seen) {
    DynamoBackupPlan plan = harness.get(DynamoBackupPlan.class, name);
    Conditions.find(plan.getStatus().conditions, PlanStatuses.BACKUP_OVERDUE)
        .ifPresent(c -> seen.add(c.getStatus()));
    return plan;
  }

  @Test
  void aBadSpecIsReportedOnceWithTheField() {
    harness.startOperator();
    DynamoBackupPlan bad = plan("bad-cron", "every day at noon");
    bad.getSpec().timeZone = "Mars/Olympus";
    harness.create(bad);
    Condition ready = harness.advanceUntil(() -> condition("bad-cron", Conditions.READY), c -> c != null);
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.schedule").contains("spec.timeZone");
    assertThat(harness.events("bad-cron")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
    });
    assertThat(children("bad-cron")).isEmpty();
  }

  private boolean exists(String recoveryPointArn) {
    try {
      harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault").recoveryPointArn(recoveryPointArn));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private void editSpec(String name, UnaryOperator<DynamoBackupPlanSpec> edit) {
    harness.retryOnConflict(() -> harness.client().resources(DynamoBackupPlan.class).inNamespace(NAMESPACE).withName(name)
        .edit(p -> {
          p.setSpec(edit.apply(p.getSpec()));
          return p;
        }));
  }

  private String scheduledReason(String plan) {
    Condition condition = condition(plan, PlanStatuses.SCHEDULED);
    return condition == null ? null : condition.getReason();
  }

  private Condition condition(String plan, String type) {
    DynamoBackupPlan current = harness.get(DynamoBackupPlan.class, plan);
    return current == null || current.getStatus() == null ? null
        : Conditions.find(current.getStatus().conditions, type).orElse(null);
  }

  private BackupPhase phase(String name) {
    DynamoBackup backup = harness.get(DynamoBackup.class, name);
    return backup == null || backup.getStatus() == null ? null : backup.getStatus().phase;
  }

  private List<DynamoBackup> children(String plan) {
    return harness.client().resources(DynamoBackup.class).inNamespace(NAMESPACE)
        .withLabel(ChildBackups.PLAN_LABEL, plan).list().getItems().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(c -> c.getMetadata().getName())).toList();
  }

  private List<DynamoBackup> completed(String plan) {
    return children(plan).stream().filter(c -> c.getStatus() != null && c.getStatus().phase == BackupPhase.Completed)
        .toList();
  }

  static DynamoBackupPlan plan(String name, String schedule) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name)
        .addToLabels("app.kubernetes.io/instance", "backups").addToAnnotations("argocd.argoproj.io/tracking-id", "x")
        .build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named("orders", REGION);
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    spec.schedule = schedule;
    spec.template.captureTableSettings = false;
    plan.setSpec(spec);
    return plan;
  }
}
