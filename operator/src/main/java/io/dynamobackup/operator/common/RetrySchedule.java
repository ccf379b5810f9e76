package io.dynamobackup.operator.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to look again: polls of running AWS jobs, and the exponential steps of the retry after a transient failure
 * (which {@code reconcile.JitteredRetry} spreads out). Both grow up to a configured maximum, so a slow job or a
 * throttled API costs few calls and never a hot loop. Stateless: how many attempts failed in a row is JOSDK's retry
 * state of the object, which JOSDK drops when the object is deleted.
 */
public final class RetrySchedule {
  private static final Duration SETTLE_MIN = Duration.ofMillis(100);
  private final Duration pollInitial;
  private final Duration pollMax;
  private final Duration errorInitial;
  private final Duration errorMax;
  private final Duration restoreInitial;
  private final Duration driftInterval;

  public RetrySchedule(OperatorConfig config) {
    this(config.pollInitialInterval(), config.pollMaxInterval(), config.errorRetryInitialInterval(),
        config.errorRetryMaxInterval(), config.restorePollInitialInterval(), config.driftCheckInterval());
  }

  public RetrySchedule(Duration pollInitial, Duration pollMax, Duration errorInitial, Duration errorMax) {
    this(pollInitial, pollMax, errorInitial, errorMax, pollInitial, pollMax);
  }

  public RetrySchedule(Duration pollInitial, Duration pollMax, Duration errorInitial, Duration errorMax,
      Duration restoreInitial, Duration driftInterval) {
    this.pollInitial = pollInitial;
    this.pollMax = pollMax;
    this.errorInitial = errorInitial;
    this.errorMax = errorMax;
    this.restoreInitial = restoreInitial;
    this.driftInterval = driftInterval;
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

  /**
   * The step before retry {@code attempt} (1 for the first retry after a failure): the initial interval, doubling
   * with each consecutive failure, at most the maximum.
   */
  public Duration errorRetry(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt, 1) - 1, 20);
    return clamp(errorInitial.multipliedBy(factor), errorInitial, errorMax);
  }

  /**
   * The step before retrying something that has failed for {@code failingFor} without holding the object back (a
   * catalog write after the backup completed, a vault that cannot be read): as long again, so the step doubles, within
   * [errorRetry.initialInterval, errorRetry.maxInterval]. JOSDK's retry counts only failed reconciles; this one is
   * counted from the time the failure was first recorded in status.
   */
  public Duration errorRetryAfter(Duration failingFor) {
    return clamp(failingFor, errorInitial, errorMax);
  }

  /**
   * Delay until the next poll of a restore step that began at {@code since} (the restore job, the new table becoming
   * ACTIVE, settings settling): the short first poll while it is young, then a tenth of the time it has taken so far,
   * so polling adds about a tenth to the measured restore time, at most poll.maxInterval. When AWS expects the job to
   * finish later ({@code expectedCompletion}, whole minutes for AWS Backup), the poll waits until a minute before.
   */
  public Duration restorePoll(Instant since, Optional<Instant> expectedCompletion, Instant now) {
    Duration step = clamp(Duration.between(since, now).dividedBy(10), restoreInitial, max(restoreInitial, pollMax));
    Duration untilExpected = expectedCompletion.map(e -> Duration.between(now, e).minusMinutes(1))
        .orElse(Duration.ZERO);
    return untilExpected.compareTo(step) > 0 ? untilExpected : step;
  }

  /**
   * Delay before reading a table again whose settings were just changed (DynamoDB may need a moment: a stream change
   * makes the table UPDATING): almost at once at first, then a tenth of the time since {@code since}, at most
   * poll.maxInterval, so settings that do not take are never re-applied in a hot loop.
   */
  public Duration settle(Instant since, Instant now) {
    return clamp(Duration.between(since, now).dividedBy(10), SETTLE_MIN, max(SETTLE_MIN, pollMax));
  }

  /** The first, short poll of a restore step. */
  public Duration firstRestorePoll() {
    return restoreInitial;
  }

  /**
   * Delay between checks of something that is done but can drift (a restored table's settings); zero when drift
   * checks are off.
   */
  public Duration driftCheck() {
    return driftInterval;
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

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
