package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.SourceTableInfo;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.drill.DrillChildren;
import io.dynamobackup.operator.drill.DrillVerdict;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestoreDrillsTest {
  private static final Instant SLOT = Instant.parse("2026-11-22T04:30:00Z");

  @Test
  void namesDeriveFromThePlanAndTheSlot() {
    assertThat(DrillChildren.restoreName("orders-nightly", SLOT)).isEqualTo("orders-nightly-drill-202611220430");
    String longName = DrillChildren.restoreName("a".repeat(70), SLOT);
    assertThat(longName).hasSizeLessThanOrEqualTo(63).endsWith("-drill-202611220430")
        .isEqualTo(DrillChildren.restoreName("a".repeat(70), SLOT));
    assertThat(DrillChildren.restoreName("a".repeat(70) + "b", SLOT)).isNotEqualTo(longName);
  }

  @Test
  void tableNamesFollowThePatternAndStayValid() {
    assertThat(DrillChildren.tableName("{table}-drill-{date}", "orders", SLOT)).isEqualTo("orders-drill-202611220430");
    assertThat(DrillChildren.tableName(null, "orders", SLOT)).isEqualTo("orders-drill-202611220430");
    assertThat(DrillChildren.tableName("drill/{table} {date}", "orders", SLOT)).isEqualTo("drill-orders-202611220430");
    String table = "t".repeat(255);
    String name = DrillChildren.tableName("{table}-drill-{date}", table, SLOT);
    assertThat(name).hasSize(255).endsWith("-drill-202611220430").matches("[a-zA-Z0-9_.-]{3,255}");
  }

  @Test
  void theDrillRestoresTheNewestBackupIntoADeletableScratchTable() {
    DynamoBackupPlan plan = plan();
    DynamoRestore drill = DrillChildren.build(plan, backup("orders-nightly-202611220300", 42L), SLOT);
    assertThat(drill.getMetadata().getName()).isEqualTo("orders-nightly-drill-202611220430");
    assertThat(drill.getMetadata().getLabels()).containsExactly(java.util.Map.entry("dynamobackup.io/drill",
        "orders-nightly"));
    assertThat(drill.getMetadata().getAnnotations()).containsEntry("dynamobackup.io/scheduled-at", SLOT.toString())
        .containsEntry(DrillChildren.EXPECTED_ITEMS_ANNOTATION, "42");
    assertThat(drill.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("plan-uid"));
    assertThat(drill.getSpec().source.backupRef.name).isEqualTo("orders-nightly-202611220300");
    assertThat(drill.getSpec().target.tableName).isEqualTo("orders-drill-202611220430");
    assertThat(drill.getSpec().target.region).isEqualTo("eu-west-1");
    assertThat(drill.getSpec().deletionPolicy).isEqualTo(DeletionPolicy.Delete);
    assertThat(drill.getSpec().settings.fromSource).isTrue();
    assertThat(drill.getSpec().settings.deletionProtection).isFalse();
    assertThat(drill.getSpec().iamRoleArn).isEqualTo(plan.getSpec().template.iamRoleArn);
    assertThat(DrillChildren.expectedItems(drill)).isEqualTo(42L);
    assertThat(DrillChildren.slotOf(drill)).isEqualTo(SLOT);
  }

  @Test
  void checksPassWhenSettingsAreAppliedAndTheItemCountMatches() {
    RestoreDrill spec = drillSpec();
    DynamoRestore drill = ready(true);
    DrillVerdict verdict = DrillVerdict.evaluate(spec, drill, 42L, 42L);
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.message()).contains("settings applied").contains("42 items");
  }

  @Test
  void aDifferentItemCountFailsTheDrill() {
    DrillVerdict verdict = DrillVerdict.evaluate(drillSpec(), ready(true), 42L, 40L);
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("ItemCountMismatch");
    assertThat(verdict.message()).contains("40 items").contains("had 42");
  }

  @Test
  void settingsNotAppliedFailTheDrillUnlessNotChecked() {
    RestoreDrill spec = drillSpec();
    assertThat(DrillVerdict.evaluate(spec, ready(false), 42L, 42L).reason()).isEqualTo("SettingsNotApplied");
    spec.checkSettings = false;
    assertThat(DrillVerdict.evaluate(spec, ready(false), 42L, 42L).passed()).isTrue();
  }

  @Test
  void withoutARecordedSourceCountTheCountIsNotChecked() {
    DrillVerdict verdict = DrillVerdict.evaluate(drillSpec(), ready(true), null, 7L);
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.message()).contains("not checked");
    RestoreDrill spec = drillSpec();
    spec.checkItemCount = false;
    assertThat(DrillVerdict.evaluate(spec, ready(true), 42L, null).passed()).isTrue();
  }

  @Test
  void theMeasuredDurationRunsFromRequestToSettingsApplied() {
    DynamoRestoreStatus status = new DynamoRestoreStatus();
    status.requestedTime = "2026-11-22T04:30:05Z";
    status.tableActiveTime = "2026-11-22T04:40:05Z";
    assertThat(DrillChildren.restoreDuration(status)).isEqualTo(Duration.ofMinutes(10));
    status.settingsAppliedTime = "2026-11-22T04:42:05Z";
    assertThat(DrillChildren.restoreDuration(status)).isEqualTo(Duration.ofMinutes(12));
    assertThat(io.dynamobackup.operator.common.Durations.human(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
  }

  @Test
  void drillSpecIsValidated() {
    DynamoBackupPlan plan = plan();
    assertThat(PlanSpecs.validate(plan.getSpec())).isEmpty();
    RestoreDrill drill = plan.getSpec().restoreDrill;
    drill.schedule = "every sunday";
    drill.targetTableNamePattern = "{table}-scratch";
    drill.sampleKeys = 5;
    drill.timeoutMinutes = 0;
    assertThat(PlanSpecs.validate(plan.getSpec()))
        .anySatisfy(p -> assertThat(p).startsWith("spec.restoreDrill.schedule:"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.restoreDrill.targetTableNamePattern:").contains("{date}"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.restoreDrill.sampleKeys:").contains("must be 0"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.restoreDrill.timeoutMinutes:"));
    drill.schedule = "30 4 * * 0";
    drill.targetTableNamePattern = "{table} drill {date}!";
    drill.sampleKeys = 0;
    drill.timeoutMinutes = 60;
    assertThat(PlanSpecs.validate(plan.getSpec())).singleElement().asString()
        .startsWith("spec.restoreDrill.targetTableNamePattern:");
  }

  static DynamoBackupPlan plan() {
    DynamoBackupPlan plan = ChildBackupsTest.plan("orders-nightly");
    plan.getSpec().restoreDrill = drillSpec();
    return plan;
  }

  static RestoreDrill drillSpec() {
    RestoreDrill drill = new RestoreDrill();
    drill.schedule = "30 4 * * 0";
    return drill;
  }

  private static DynamoBackup backup(String name, Long itemCount) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("payments").build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", "eu-west-1");
    backup.setStatus(new DynamoBackupStatus());
    backup.getStatus().phase = BackupPhase.Completed;
    backup.getStatus().sourceTable = new SourceTableInfo();
    backup.getStatus().sourceTable.itemCount = itemCount;
    return backup;
  }

  private static DynamoRestore ready(boolean settingsApplied) {
    DynamoRestore drill = DrillChildren.build(plan(), backup("orders-nightly-202611220300", 42L), SLOT);
    drill.setStatus(new DynamoRestoreStatus());
    drill.getStatus().phase = RestorePhase.Ready;
    Conditions.set(drill.getStatus().conditions, "SettingsApplied", settingsApplied ? Conditions.TRUE : Conditions.FALSE,
        "InSync", "", 1L, SLOT);
    return drill;
  }
}
