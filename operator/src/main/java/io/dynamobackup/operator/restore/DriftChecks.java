package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.common.RetrySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a Ready restore's settings are read again to find drift: every {@code drift.checkInterval} after the last time
 * they were found as desired ({@code status.settingsCheckedTime}), and never when drift checks are off. Between checks
 * a Ready restore makes no AWS call. The time lives in status, so a restarted operator keeps the rhythm instead of
 * re-reading every table at once.
 *
 * <p>Whether a restore wants drift checked at all is its drift policy: {@code settings.driftPolicy: Ignore} checks
 * nothing ({@link #interval} is empty); Report and Correct are checked every interval.
 */
final class DriftChecks {
  private DriftChecks() {}

  /** How often {@code restore} is checked for drift; empty: never. */
  static Optional<Duration> interval(DynamoRestore restore, RetrySchedule schedule) {
    var settings = restore.getSpec().settings;
    if (settings != null && settings.effectiveDriftPolicy() == RestoreSettings.DriftPolicy.Ignore) {
      return Optional.empty();
    }
    Duration every = schedule.driftCheck();
    return every.isZero() || every.isNegative() ? Optional.empty() : Optional.of(every);
  }

  /** How long until the next check is due (zero or negative: now); empty when there is none. */
  static Optional<Duration> untilDue(DynamoRestore restore, RetrySchedule schedule, Instant now) {
    String last = restore.getStatus() == null ? null : restore.getStatus().settingsCheckedTime;
    return interval(restore, schedule).map(every -> last == null ? Duration.ZERO
        : Duration.between(now, Instant.parse(last).plus(every)));
  }
}
