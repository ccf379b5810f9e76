package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private final RetrySchedule schedule = new RetrySchedule(OperatorConfig.defaults());
  private final Instant created = Instant.parse("2026-11-20T03:00:00Z");

  @Test
  void aTenMinuteJobWithAnExpectedCompletionCostsAtMostThreeDescribeCalls() {
    Instant completion = created.plus(Duration.ofMinutes(10));
    assertThat(pollsUntil(completion, Optional.of(completion))).isLessThanOrEqualTo(3);
  }

  @Test
  void withoutAnEstimatePollsBackOffUpToTheMaximum() {
    Instant completion = created.plus(Duration.ofMinutes(10));
    int polls = pollsUntil(completion, Optional.empty());
    assertThat(polls).isBetween(4, 8);
    assertThat(schedule.nextPoll(created, Optional.empty(), created.plus(Duration.ofHours(3))))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aRestoreIsNoticedWithinATenthOfItsDurationSoTheReportedRtoIsTrue() {
    for (Duration restore : new Duration[] {Duration.ofSeconds(9), Duration.ofMinutes(3), Duration.ofMinutes(40)}) {
      Instant done = created.plus(restore);
      Instant now = created;
      int polls = 0;
      while (now.isBefore(done)) {
        now = now.plus(schedule.restorePoll(created, Optional.empty(), now));
        polls++;
      }
      Duration late = Duration.between(done, now);
      assertThat(late).as("noticed late after a %s restore", restore)
          .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(restore.dividedBy(10)));
      assertThat(polls).as("DescribeRestoreJob calls for a %s restore", restore).isLessThan(80);
    }
  }

  @Test
  void aRestoreWaitsUntilAMinuteBeforeTheCompletionAwsExpects() {
    Instant expected = created.plus(Duration.ofMinutes(30));
    assertThat(schedule.restorePoll(created, Optional.of(expected), created.plusSeconds(5)))
        .isEqualTo(Duration.ofMinutes(29).minusSeconds(5));
    assertThat(schedule.restorePoll(created, Optional.of(expected), created.plus(Duration.ofMinutes(29).plusSeconds(30))))
        .as("within the last minute: the usual back-off").isEqualTo(Duration.ofMinutes(29).plusSeconds(30).dividedBy(10));
    assertThat(schedule.firstRestorePoll()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void settingsJustAppliedAreReadBackAtOnceThenLessOften() {
    assertThat(schedule.settle(created, created)).isEqualTo(Duration.ofMillis(100));
    assertThat(schedule.settle(created, created.plusSeconds(60))).isEqualTo(Duration.ofSeconds(6));
    assertThat(schedule.settle(created, created.plus(Duration.ofDays(1)))).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.driftCheck()).isEqualTo(Duration.ofHours(12));
  }

  /** The steps of the retry; JOSDK counts the attempts per object and starts again at 1 after a success. */
  @Test
  void errorRetriesDoubleToTheMaximumAndResetAfterSuccess() {
    int attempt = 0;
    assertThat(schedule.errorRetry(++attempt)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.errorRetry(++attempt)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.errorRetry(++attempt)).isEqualTo(Duration.ofSeconds(40));
    attempt += 10;
    assertThat(schedule.errorRetry(++attempt)).isEqualTo(Duration.ofMinutes(10));
    attempt = 0; // succeeded
    assertThat(schedule.errorRetry(++attempt)).isEqualTo(Duration.ofSeconds(10));
  }

  /** Simulates the operator: first poll after the initial interval, then as the schedule says. */
  private int pollsUntil(Instant completion, Optional<Instant> expected) {
    Instant now = created.plus(schedule.firstPoll());
    int polls = 1;
    while (now.isBefore(completion)) {
      now = now.plus(schedule.nextPoll(created, expected, now));
      polls++;
    }
    return polls;
  }
}
