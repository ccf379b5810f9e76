package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.common.RetrySchedule;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The operator's one retry mechanism, JOSDK's retry with this policy: exponential steps from {@link RetrySchedule}
 * (errorRetry.initialInterval doubling up to errorRetry.maxInterval), each drawn uniformly from the upper half of the
 * step ("equal jitter"), so objects that failed together (a throttled account, an API server restart) do not retry
 * in lock step, and no wait is shorter than half the initial interval: never a hot loop. It never gives up: a
 * transient failure is retried until it passes, at most every maxInterval.
 *
 * <p>JOSDK keeps the attempt count per object, resets it after a successful reconcile and drops it when the object is
 * deleted, so the operator holds no retry state of its own.
 */
public final class JitteredRetry implements Retry {
  private final RetrySchedule schedule;
  private final RandomGenerator random;

  public JitteredRetry(RetrySchedule schedule) {
    this(schedule, RandomGenerator.getDefault());
  }

  /** With {@code random} drawing the jitter: a seeded one makes tests repeatable. */
  public JitteredRetry(RetrySchedule schedule, RandomGenerator random) {
    this.schedule = schedule;
    this.random = random;
  }

  @Override
  public RetryExecution initExecution() {
    return new Execution();
  }

  /** The wait before retry {@code attempt} (1-based): in [step / 2, step]. */
  public Duration delay(int attempt) {
    return jitter(schedule.errorRetry(attempt));
  }

  /** {@code step} with equal jitter: uniformly in [step / 2, step]. */
  public Duration jitter(Duration step) {
    long millis = step.toMillis();
    return Duration.ofMillis(millis - (long) (random.nextDouble() * (millis / 2)));
  }

  private final class Execution implements RetryExecution {
    private int attempts;

    @Override
    public Optional<Long> nextDelay() {
      attempts++;
      return Optional.of(delay(attempts).toMillis());
    }

    @Override
    public int getAttemptCount() {
      return attempts;
    }

    @Override
    public boolean isLastAttempt() {
      return false;
    }
  }
}
