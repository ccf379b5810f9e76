package io.dynamobackup.operator.plan;

import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.DR;
import static io.dynamobackup.operator.testing.DisasterRecoveryFixtures.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.SettingsSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.DisasterRecoveryFixtures;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History rebuilt: a plan re-applied in a new, empty cluster adopts the recovery points it made before as Completed
 * DynamoBackups, found by the operator's tags in its vault and its copy vault — also when the source Region does not
 * answer, from the copies and their recovery catalog records — so planRef restores, retention and drills work on it.
 */
class PlanHistoryIT {
  private static final int SLOTS = 3;
  private final OperatorHarness harness = new OperatorHarness();
  private final DisasterRecoveryFixtures fixtures = new DisasterRecoveryFixtures(harness);
  private OperatorHarness rebuilt;

  @AfterEach
  void stop() throws Exception {
    if (rebuilt != null) {
      rebuilt.close();
    }
    harness.close();
  }

  @Test
  void aPlanReappliedInARebuiltClusterAdoptsItsBackupsAndRestoresAndPrunesThem() {
    Map<String, DynamoBackup> before = backupsOfThreeSlots();

    // The estate is re-applied before the operator starts: two plans in the same vaults, one listing of each serves both.
    harness.stopOperator();
    rebuilt = harness.newClusterOnSameAws();
    rebuilt.create(DisasterRecoveryFixtures.plan("orders-hourly", "orders", 5));
    rebuilt.create(DisasterRecoveryFixtures.plan("orders-other", "orders", 5));
    harness.clock.advance(Duration.ofSeconds(2));
    int adoptStart = harness.aws.calls().size();
    rebuilt.startOperator();
    List<DynamoBackup> adopted = awaitAdopted(rebuilt, SLOTS);
    await().atMost(Duration.ofSeconds(60)).until(() -> scannedVaults(rebuilt, "orders-other") == 2);
    assertThat(harness.aws.calls().subList(adoptStart, harness.aws.calls().size()).stream()
        .filter(c -> c.operation().equals("ListRecoveryPointsByBackupVault")).map(CallRecord::region))
        .as("one listing of each vault for both plans").containsExactlyInAnyOrder(SOURCE, DR);
    assertThat(rebuilt.events("orders-other")).as("a plan with nothing to adopt: the condition says so, no event")
        .noneMatch(e -> e.getReason().equals("HistoryAdopted"));
    rebuilt.client().resource(rebuilt.get(DynamoBackupPlan.class, "orders-other")).delete();

    assertSameHistory(adopted, before);
    DynamoBackupPlan plan = rebuilt.get(DynamoBackupPlan.class, "orders-hourly");
    assertThat(plan.getStatus().history.adoptedBackups).isEqualTo(SLOTS);
    assertThat(plan.getStatus().history.scannedVaults).containsExactly("eu-west-1/prod-vault",
        DisasterRecoveryFixtures.DR_VAULT_ARN);
    assertThat(Conditions.find(plan.getStatus().conditions, "HistoryAdopted").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(rebuilt.events("orders-hourly")).filteredOn(e -> e.getReason().equals("HistoryAdopted"))
        .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("adopted " + SLOTS + " DynamoBackup(s)"));
    assertThat(plan.getStatus().recoveryPoints).isEqualTo(SLOTS);
    assertThat(plan.getStatus().lastSuccessfulBackup.name).isEqualTo(newest(before).getMetadata().getName());
    assertThat(plan.getStatus().copyRegions).singleElement().satisfies(r -> assertThat(r.region).isEqualTo(DR));

    rebuilt.create(DisasterRecoveryFixtures.restoreOfPlan("orders-dr", "orders-hourly", "orders"));
    DynamoRestore restored = awaitReady(rebuilt, "orders-dr");
    assertThat(restored.getStatus().sourceBackup).isEqualTo(newest(before).getMetadata().getName());
    assertThat(restored.getStatus().settingsSource).isEqualTo(SettingsSource.Catalog);
    new DisasterRecoveryFixtures(rebuilt).assertRestoredWithEverySetting("orders", "orders", 10);

    // Retention works on the adopted history: keeping one deletes the other points and their copies. The restore above
    // moved the clock, on a loaded machine maybe past the next slot: suspend the plan, let a child of that slot finish,
    // so that exactly the children now Completed are what retention keeps one of.
    var plans = rebuilt.client().resources(DynamoBackupPlan.class).inNamespace(OperatorHarness.NAMESPACE)
        .withName("orders-hourly");
    plans.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
    List<DynamoBackup> completed = rebuilt.advanceUntil(() -> children(rebuilt), children -> children.stream()
        .allMatch(c -> c.getStatus() != null && c.getStatus().phase == BackupPhase.Completed));
    assertThat(completed).hasSizeGreaterThanOrEqualTo(SLOTS);
    int pruneStart = harness.aws.calls().size();
    plans.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retention\":{\"keepLast\":1}}}");
    // Until the pruned children are gone: their finalizers delete the points and copies first.
    await().atMost(Duration.ofSeconds(60)).until(() -> rebuilt.client().resources(DynamoBackup.class)
        .inNamespace(OperatorHarness.NAMESPACE).withLabel(ChildBackups.PLAN_LABEL, "orders-hourly").list().getItems()
        .size() == 1);
    assertThat(harness.aws.calls().subList(pruneStart, harness.aws.calls().size()).stream()
        .filter(c -> c.operation().equals("DeleteRecoveryPoint") && c.httpStatus() == 200).count())
        .as("a point and its copy for each pruned child").isEqualTo(2L * (completed.size() - 1));
  }

  @Test
  void withTheSourceRegionDownThePlanAdoptsItsBackupsFromTheirCopiesAndRestoresInTheOtherRegion() {
    Map<String, DynamoBackup> before = backupsOfThreeSlots();

    harness.aws.faults().regionOutage(SOURCE);
    int outage = harness.aws.calls().size();
    rebuilt = rebuild();
    rebuilt.create(DisasterRecoveryFixtures.plan("orders-hourly", "orders", 5));
    List<DynamoBackup> adopted = awaitAdopted(rebuilt, SLOTS);

    assertSameHistory(adopted, before);
    DynamoBackupPlan plan = rebuilt.get(DynamoBackupPlan.class, "orders-hourly");
    var history = Conditions.find(plan.getStatus().conditions, "HistoryAdopted").orElseThrow();
    assertThat(history.getStatus()).isEqualTo("False");
    assertThat(history.getMessage()).contains("eu-west-1/prod-vault", "ClientError");
    assertThat(Conditions.find(plan.getStatus().conditions, Conditions.READY).orElseThrow().getReason())
        .as("the table's Region does not answer").isEqualTo("ClientError");

    int restoreStart = harness.aws.calls().size();
    rebuilt.create(DisasterRecoveryFixtures.restoreOfPlan("orders-dr", "orders-hourly", "orders"));
    DynamoRestore restored = awaitReady(rebuilt, "orders-dr");
    assertThat(restored.getStatus().recoveryPointRegion).isEqualTo(DR);
    assertThat(restored.getStatus().settingsSource).isEqualTo(SettingsSource.Catalog);
    new DisasterRecoveryFixtures(rebuilt).assertRestoredWithEverySetting("orders", "orders", 10);

    List<CallRecord> toSource = fixtures.callsTo(SOURCE, outage);
    assertThat(toSource).as("eu-west-1 answered nothing after the outage began").allMatch(c -> !c.answered());
    assertThat(fixtures.callsTo(SOURCE, restoreStart)).extracting(CallRecord::operation)
        .as("nothing the restore needs was asked of eu-west-1")
        .doesNotContain("StartRestoreJob", "DescribeRestoreJob", "StartCopyJob", "GetItem", "TagResource",
            "UpdateTimeToLive", "UpdateTable", "UpdateContinuousBackups", "PutMetricAlarm", "RegisterScalableTarget");
  }

  @Test
  void duringTheOutageTheRebuiltPlanSaysItsRecoveryPointObjectiveIsMissedAndWhichSlotsCouldNotStart() {
    DynamoBackup newest = newest(backupsOfThreeSlots());
    Instant newestCopy = Instant.parse(newest.getStatus().copies.get(0).completionTime);

    harness.aws.faults().regionOutage(SOURCE);
    harness.stopOperator();
    rebuilt = harness.newClusterOnSameAws();
    // The plan and a restore of it applied together, as `kubectl apply -f plan.yaml -f restore.yaml` does.
    rebuilt.create(DisasterRecoveryFixtures.plan("orders-hourly", "orders", 5));
    rebuilt.create(DisasterRecoveryFixtures.restoreOfPlan("orders-dr", "orders-hourly", "orders"));
    rebuilt.startOperator();
    awaitAdopted(rebuilt, SLOTS);

    // Two slots pass while eu-west-1 does not answer: neither can start, and the objective is missed.
    Instant firstSlot = harness.clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    harness.clock.advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> slotsNotStarted().size() == 1);
    harness.clock.advance(Duration.ofHours(1));
    DynamoBackupPlan plan = await().atMost(Duration.ofSeconds(60)).until(() -> rebuilt.get(DynamoBackupPlan.class,
        "orders-hourly"), p -> Conditions.isTrue(p.getStatus().conditions, PlanStatuses.BACKUP_OVERDUE));

    assertThat(Conditions.find(plan.getStatus().conditions, PlanStatuses.BACKUP_OVERDUE).orElseThrow().getMessage())
        .contains("eu-west-1/orders", "recovery point objective missed");
    assertThat(Instant.parse(plan.getStatus().nextScheduleTime)).as("Scheduled names the next slot to come")
        .isAfter(harness.clock.instant());
    await().atMost(Duration.ofSeconds(60)).until(() -> slotsNotStarted().size() == 2);
    assertThat(slotsNotStarted()).extracting(Event::getMessage).anySatisfy(m -> assertThat(m)
        .startsWith("slot " + firstSlot + " could not start").contains("ClientError"));
    assertThat(rebuilt.operator().registry().scrape())
        .contains("dynamobackup_plan_backup_overdue{namespace=\"default\",plan=\"orders-hourly\"} 1.0");
    // Judged after the adopted backups were read: the Warning names the newest copy, not an older one.
    assertThat(rebuilt.events("orders-hourly")).filteredOn(e -> e.getReason().equals(PlanStatuses.COPIES_OVERDUE))
        .isNotEmpty().allSatisfy(e -> assertThat(e.getMessage()).contains("newest copy " + newestCopy));
    assertThat(rebuilt.events("orders-dr")).as("waiting for the plan's history is no warning")
        .noneMatch(e -> "Warning".equals(e.getType()) && "NoRecoveryPoint".equals(e.getReason()));
  }

  private List<Event> slotsNotStarted() {
    return rebuilt.events("orders-hourly").stream().filter(e -> "SlotNotStarted".equals(e.getReason())
        && "Warning".equals(e.getType())).toList();
  }

  /** Three scheduled backups of orders, each copied to us-west-2 and recorded in the catalog, by name. */
  private Map<String, DynamoBackup> backupsOfThreeSlots() {
    fixtures.sourceTable("orders", 10);
    harness.startOperator();
    harness.create(DisasterRecoveryFixtures.plan("orders-hourly", "orders", 5));
    for (int slot = 1; slot <= SLOTS; slot++) {
      harness.clock.advance(Duration.ofHours(1));
      int expected = slot;
      harness.advanceUntil(() -> children(harness), children -> children.size() == expected
          && children.stream().allMatch(c -> c.getStatus() != null && c.getStatus().phase == BackupPhase.Completed
              && Conditions.isTrue(c.getStatus().conditions, "Cataloged")));
    }
    return children(harness).stream().collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
  }

  /** The cluster is lost; a new one runs the operator against the same AWS. */
  private OperatorHarness rebuild() {
    harness.stopOperator();
    OperatorHarness cluster = harness.newClusterOnSameAws();
    cluster.startOperator();
    return cluster;
  }

  /** Waits (without moving the clock, so no new slot runs) until {@code count} children are adopted. */
  private static List<DynamoBackup> awaitAdopted(OperatorHarness cluster, int count) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      List<DynamoBackup> children = children(cluster);
      return children.size() == count && children.stream().allMatch(c -> c.getStatus() != null
          && c.getStatus().phase == BackupPhase.Completed);
    });
    return children(cluster);
  }

  /** Moves the clock (the restore job takes minutes) until the restore is Ready; the next slot is an hour away. */
  private static DynamoRestore awaitReady(OperatorHarness cluster, String name) {
    return cluster.advanceUntil(() -> cluster.get(DynamoRestore.class, name),
        restore -> restore != null && restore.getStatus() != null && restore.getStatus().phase == RestorePhase.Ready);
  }

  /** Each adopted child is the old one: same name and slot, same point and copy, the source table known. */
  private static void assertSameHistory(List<DynamoBackup> adopted, Map<String, DynamoBackup> before) {
    assertThat(adopted).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(before.keySet());
    for (DynamoBackup child : adopted) {
      DynamoBackup old = before.get(child.getMetadata().getName());
      assertThat(child.getSpec().recoveryPointArn).isEqualTo(old.getStatus().recoveryPointArn);
      assertThat(child.getStatus().recoveryPointArn).isEqualTo(old.getStatus().recoveryPointArn);
      assertThat(child.getStatus().backupJobId).isNull();
      assertThat(child.getMetadata().getAnnotations()).containsEntry(ChildBackups.SLOT_ANNOTATION,
          old.getMetadata().getAnnotations().get(ChildBackups.SLOT_ANNOTATION))
          .containsEntry("dynamobackup.io/adopted-from", old.getMetadata().getUid());
      assertThat(child.getStatus().copies).singleElement().satisfies(c -> {
        assertThat(c.destinationRecoveryPointArn).isEqualTo(old.getStatus().copies.get(0).destinationRecoveryPointArn);
        assertThat(c.state).isEqualTo("COMPLETED");
      });
      assertThat(child.getStatus().sourceTable.itemCount).isEqualTo(old.getStatus().sourceTable.itemCount);
      assertThat(child.getStatus().tableArn).isEqualTo(old.getStatus().tableArn);
    }
  }

  private static DynamoBackup newest(Map<String, DynamoBackup> backups) {
    return backups.values().stream().max(Comparator.comparing(b -> b.getStatus().completionTime)).orElseThrow();
  }

  private static int scannedVaults(OperatorHarness cluster, String plan) {
    var status = cluster.get(DynamoBackupPlan.class, plan).getStatus();
    return status == null || status.history == null || status.history.scannedVaults == null ? 0
        : status.history.scannedVaults.size();
  }

  private static List<DynamoBackup> children(OperatorHarness cluster) {
    return cluster.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .withLabel(ChildBackups.PLAN_LABEL, "orders-hourly").list().getItems().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null).toList();
  }
}
