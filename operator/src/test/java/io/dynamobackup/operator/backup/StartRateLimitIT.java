package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.plan.ChildBackups;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * StartBackupJob under AWS's rate limit: backups wait their turn in the operator in slot order, and a start that AWS
 * throttles all the same is retried (jittered back-off, then its turn in the queue again) without reading the table or
 * its settings again — judged by local-aws's call log.
 */
class StartRateLimitIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aThrottledStartIsRetriedWithoutReadingTheTableOrItsSettingsAgain() {
    String tableArn = harness.createTable(REGION, "orders", 10);
    var dynamoDb = harness.dynamoDb(REGION);
    dynamoDb.tagResource(b -> b.resourceArn(tableArn).tags(t -> t.key("team").value("payments")));
    dynamoDb.updateTimeToLive(b -> b.tableName("orders")
        .timeToLiveSpecification(TimeToLiveSpecification.builder().enabled(true).attributeName("expiresAt").build()));
    harness.createVault(REGION, "prod-vault");
    harness.aws.faults().throttle("StartBackupJob", 1.0);
    harness.startOperator();
    harness.aws.clearCalls();

    harness.create(DynamoBackupIT.backup("orders-now", "orders"));
    await().atMost(Duration.ofSeconds(30)).until(() -> throttledStarts() >= 3);
    DynamoBackup throttled = harness.get(DynamoBackup.class, "orders-now");
    assertThat(Conditions.find(throttled.getStatus().conditions, Conditions.READY)).hasValueSatisfying(ready ->
        assertThat(ready.getReason()).isEqualTo("ThrottlingException"));
    assertThat(throttled.getStatus().capturedSettings.tags).as("captured once, kept in status for the retries")
        .containsEntry("team", "payments");
    harness.aws.faults().clear();

    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now").getStatus().phase,
        phase -> phase == BackupPhase.Completed);
    Map<String, Long> calls = harness.aws.calls().stream()
        .filter(c -> c.table() == null || !c.table().contains("dynamobackup-catalog")) // the recovery catalog's own
        .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting()));
    assertThat(calls).as("every read once, whatever the number of throttled starts: %s", calls)
        .containsEntry("DescribeTable", 1L).containsEntry("ListTagsOfResource", 1L)
        .containsEntry("DescribeTimeToLive", 1L).containsEntry("DescribeContinuousBackups", 1L)
        .containsEntry("GetResourcePolicy", 1L).containsEntry("DescribeScalableTargets", 1L)
        .containsEntry("DescribeAlarms", 1L);
    assertThat(calls.get("StartBackupJob")).isEqualTo(throttledStarts() + 1);
    assertThat(harness.get(DynamoBackup.class, "orders-now").getStatus().capturedSettings.timeToLive.attributeName)
        .isEqualTo("expiresAt");
  }

  @Test
  void aThrottledStartTakesItsTurnInTheOperatorsQueueAgainBeforeRetrying() {
    harness.createTable(REGION, "orders", 3);
    harness.createVault(REGION, "prod-vault");
    harness.aws.faults().throttle("StartBackupJob", 1.0);
    // One permit every two seconds; the harness retries failures after 0.1-1 s, so a retry that skipped the queue
    // would call StartBackupJob several times per permit.
    harness.startOperator(Map.of("DYNAMOBACKUP_RATE_LIMIT_START_BACKUP_JOB", "0.5"));
    harness.aws.clearCalls();

    harness.create(DynamoBackupIT.backup("orders-now", "orders"));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> throttledStarts() >= 1);
    long first = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> throttledStarts() >= 6);
    // (local-aws's call log is on the harness's manual clock, so the real time between the calls is observed here.)
    Duration fiveRetries = Duration.ofNanos(System.nanoTime() - first);
    assertThat(fiveRetries).as("five retries, each after a permit of its own (one per 2 s)")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    harness.aws.faults().clear();
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.get(DynamoBackup.class, "orders-now").getStatus()
        .backupJobId != null);
  }

  @Test
  void backupsStartInSlotOrderWhateverTheOrderTheyWereCreatedIn() {
    Instant nine = Instant.parse("2026-11-20T09:00:00Z");
    List<String> names = List.of("slot-0930", "slot-0920", "slot-0910", "slot-0900"); // created latest slot first
    for (int i = 0; i < names.size(); i++) {
      harness.createTable(REGION, "table-" + i, 3);
    }
    harness.createVault(REGION, "prod-vault");
    for (int i = 0; i < names.size(); i++) {
      DynamoBackup backup = DynamoBackupIT.backup(names.get(i), "table-" + i);
      int minutes = Integer.parseInt(names.get(i).substring(7));
      backup.getMetadata().setAnnotations(Map.of(ChildBackups.SLOT_ANNOTATION, nine.plusSeconds(minutes * 60L)
          .toString()));
      harness.create(backup);
    }
    // One StartBackupJob every four seconds: every backup is in line before the first permit comes.
    harness.startOperator(Map.of("DYNAMOBACKUP_RATE_LIMIT_START_BACKUP_JOB", "0.25"));

    List<String> started = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      for (String name : names) {
        var status = harness.get(DynamoBackup.class, name).getStatus();
        if (status != null && status.backupJobId != null && !started.contains(name)) {
          started.add(name);
        }
      }
      return started.size() == names.size();
    });
    assertThat(started).as("the earliest slot first").containsExactly("slot-0900", "slot-0910", "slot-0920", "slot-0930");
    var waited = harness.events("slot-0930").stream().filter(e -> "Queued".equals(e.getReason())).findFirst();
    assertThat(waited).hasValueSatisfying(e -> assertThat(e.getMessage())
        .contains("rateLimit.startBackupJob = 0.25/s").contains("schedule-slot order"));
    assertThat(throttledStarts()).as("the backups waited in the operator, not in AWS's throttling").isZero();
  }

  private long throttledStarts() {
    return harness.aws.calls().stream()
        .filter(c -> c.operation().equals("StartBackupJob") && c.httpStatus() == 400).count();
  }
}
