package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.common.TableKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which children retention and the history limits remove, as the plan sees them. */
class ChildPrunerTest {
  private static final Instant FIRST = Instant.parse("2026-11-01T03:00:00Z");
  private final DynamoBackupPlan plan = ChildBackupsTest.plan("orders-nightly");
  private final List<DynamoBackup> children = new ArrayList<>();

  private DynamoBackup child(int day, BackupPhase phase) {
    return child(new TableKey("eu-west-1", "orders"), day, phase);
  }

  private DynamoBackup child(TableKey table, int day, BackupPhase phase) {
    Instant slot = FIRST.plus(Duration.ofDays(day));
    DynamoBackup child = ChildBackups.build(plan, table, slot);
    child.setStatus(new DynamoBackupStatus());
    child.getStatus().phase = phase;
    child.getStatus().completionTime = phase == BackupPhase.Completed ? slot.plusSeconds(60).toString() : null;
    children.add(child);
    return child;
  }

  private Map<String, Boolean> pruned() {
    Map<String, Boolean> names = new java.util.TreeMap<>();
    ChildPruner.toPrune(plan.getSpec(), children, ZoneOffset.UTC).forEach((c, data) -> names.put(c.getMetadata().getName(), data));
    return names;
  }

  private void keepLast(int n) {
    plan.getSpec().retention = new RetentionPolicy();
    plan.getSpec().retention.keepLast = n;
  }

  @Test
  void retentionDeletesTheOldestCompletedPointsWithTheirData() {
    keepLast(2);
    for (int day = 0; day < 4; day++) {
      child(day, BackupPhase.Completed);
    }
    assertThat(pruned()).containsExactly(Map.entry("orders-nightly-202611010300", true),
        Map.entry("orders-nightly-202611020300", true));
  }

  @Test
  void failedRunsNeverPushCompletedPointsOutOfKeepLast() {
    keepLast(2);
    child(0, BackupPhase.Completed);
    child(1, BackupPhase.Completed);
    child(2, BackupPhase.Failed);
    child(3, BackupPhase.Failed);
    assertThat(pruned()).isEmpty();
  }

  @Test
  void pointsWhoseJobOrCopiesRunAreNeverTouched() {
    keepLast(1);
    child(0, BackupPhase.Completed);
    child(1, BackupPhase.Completed);
    child(2, BackupPhase.Running);
    child(3, BackupPhase.Copying);
    child(4, BackupPhase.Pending);
    assertThat(pruned()).containsOnlyKeys("orders-nightly-202611010300");
  }

  @Test
  void retentionCountsPerTable() {
    keepLast(1);
    plan.getSpec().table = null;
    plan.getSpec().tableSelector = new io.dynamobackup.operator.api.v1alpha1.plan.TableSelector();
    plan.getSpec().tableSelector.region = "eu-west-1";
    plan.getSpec().tableSelector.matchTags = Map.of("backup", "daily");
    child(new TableKey("eu-west-1", "orders"), 0, BackupPhase.Completed);
    child(new TableKey("eu-west-1", "users"), 1, BackupPhase.Completed);
    assertThat(pruned()).isEmpty();
  }

  @Test
  void failedHistoryLimitPrunesTheOldestFailedAndExpiredChildren() {
    plan.getSpec().failedBackupsHistoryLimit = 1;
    child(0, BackupPhase.Failed);
    child(1, BackupPhase.Expired);
    child(2, BackupPhase.Failed);
    assertThat(pruned()).containsOnlyKeys("orders-nightly-202611010300", "orders-nightly-202611020300");
  }

  @Test
  void withoutRetentionTheSuccessfulHistoryLimitPrunesObjectsButKeepsTheirPoints() {
    plan.getSpec().successfulBackupsHistoryLimit = 1;
    child(0, BackupPhase.Completed);
    child(1, BackupPhase.Completed);
    assertThat(pruned()).containsExactly(Map.entry("orders-nightly-202611010300", false));
  }
}
