package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.operator.common.RetrySchedule;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JitteredRetryTest {
  private final RetrySchedule schedule = new RetrySchedule(OperatorConfig.defaults()); // 10s doubling to 10 min
  private final JitteredRetry retry = new JitteredRetry(schedule, new SplittableRandom(42));

  @Test
  void everyDelayLiesInTheUpperHalfOfItsExponentialStep() {
    for (int attempt = 1; attempt <= 30; attempt++) {
      Duration step = schedule.errorRetry(attempt);
      for (int sample = 0; sample < 200; sample++) {
        assertThat(retry.delay(attempt)).isBetween(step.dividedBy(2), step);
      }
    }
  }

  @Test
  void delaysNeverFallBelowHalfTheInitialIntervalNorExceedTheMaximum() {
    var execution = retry.initExecution();
    for (int attempt = 1; attempt <= 100; attempt++) {
      long delay = execution.nextDelay().orElseThrow();
      assertThat(delay).isBetween(Duration.ofSeconds(5).toMillis(), Duration.ofMinutes(10).toMillis());
      assertThat(execution.isLastAttempt()).as("a transient failure is retried until it passes").isFalse();
    }
  }

  @Test
  void objectsThatFailedTogetherDoNotRetryInLockStep() {
    Set<Long> firstRetries = new HashSet<>();
    for (int object = 0; object < 50; object++) {
      firstRetries.add(retry.initExecution().nextDelay().orElseThrow());
    }
    assertThat(firstRetries).hasSizeGreaterThan(10);
  }

  @Test
  void retryStateLivesOnlyInTheExecutionJosdkKeepsPerObject() throws IllegalAccessException {
    var first = retry.initExecution();
    first.nextDelay();
    first.nextDelay();
    assertThat(first.getAttemptCount()).isEqualTo(2);
    // JOSDK starts a new execution after a success and drops an object's execution with the object: a fresh one
    // starts at the first step again, and nothing of the old one is kept anywhere else.
    var fresh = retry.initExecution();
    assertThat(fresh.getAttemptCount()).isZero();
    assertThat(fresh.nextDelay().orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(10).toMillis());
    for (Object holder : new Object[] {retry, schedule}) {
      for (Field field : holder.getClass().getDeclaredFields()) {
        field.setAccessible(true);
        assertThat(field.get(holder)).as("%s.%s holds no per-object state", holder.getClass().getSimpleName(),
            field.getName()).isNotInstanceOfAny(Map.class, Collection.class);
      }
    }
  }
}
