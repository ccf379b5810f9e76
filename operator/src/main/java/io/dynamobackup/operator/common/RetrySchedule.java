package io.dynamobackup.operator.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look again: polls of running AWS jobs and retries after AWS errors. Both grow exponentially up to a
 * configured maximum, so a slow job or a throttled API costs few calls and never a hot loop.
 */
public final class RetrySchedule {
  private final Duration pollInitial;
  private final Duration pollMax;
  private final Duration errorInitial;
  private final Duration errorMax;
  private final Map<String, Integer> errorAttempts = new ConcurrentHashMap<>();

  public RetrySchedule(OperatorConfig config) {
    this(config.pollInitialInterval(), config.pollMaxInterval(), config.errorRetryInitialInterval(),
        config.errorRetryMaxInterval());
  }

  public RetrySchedule(Duration pollInitial, Duration pollMax, Duration errorInitial, Duration errorMax) {
    this.pollInitial = pollInitial;
    this.pollMax = pollMax;
    this.errorInitial = errorInitial;
    this.errorMax = errorMax;
  }

  public Duration firstPoll() {
    return pollInitial;
  }

  /**
   * Delay until the next poll of a job created at {@code created}. When AWS announces an expected completion, poll
   * then; otherwise wait as long as the job has already run (doubling), within [initial, max].
   */
  public Duration nextPoll(Instant created, Optional<Instant> expectedCompletion, Instant now) {
    Duration wait = expectedCompletion.filter(now::isBefore)
        .map(expected -> Duration.between(now, expected))
        .orElseGet(() -> Duration.between(created, now));
    return clamp(wait, pollInitial, pollMax);
  }

  /** Delay before retrying {@code key} after a transient error: doubles with each consecutive failure. */
  public Duration nextErrorRetry(String key) {
    int attempt = errorAttempts.merge(key, 1, Integer::sum);
    long factor = 1L << Math.min(attempt - 1, 20);
    return clamp(errorInitial.multipliedBy(factor), errorInitial, errorMax);
  }

  /** Delay between checks of something that is done but can drift (a restored table's settings). */
  public Duration driftCheck() {
    return pollMax;
  }

  /**
   * Delay until a known instant (e.g. a plan's next schedule slot), never longer than the longest poll interval, so
   * a stepped wall clock or a missed event is noticed in time.
   */
  public Duration waitAtMost(Duration untilDue) {
    return clamp(untilDue, Duration.ofMillis(100), pollMax);
  }

  /** Delay before looking again at a problem only the user can fix (missing vault, access denied). */
  public Duration userErrorRetry() {
    return errorMax;
  }

  public void succeeded(String key) {
    errorAttempts.remove(key);
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
