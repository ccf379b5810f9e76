package io.dynamobackup.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The metric alarms of an account and Region, listed once for every settings read that needs them within a few
 * seconds of the operator's clock. DescribeAlarms cannot filter by table: each read lists every alarm of the account, and CloudWatch allows
 * 9 DescribeAlarms per second per account and Region — fewer than the backups AWS Backup may start per second, so a
 * listing per backup would make alarms the fleet's bottleneck. One listing serves every read for {@link #FRESH};
 * concurrent readers wait for the one listing in flight. The operator's own alarm writes drop the listing, so a
 * restore reads back the alarms it just put.
 */
final class AlarmListing {
  static final Duration FRESH = Duration.ofSeconds(15);

  private record Listed(List<MetricAlarm> alarms, Instant at) {}

  private final Map<Object, Listed> listings = new ConcurrentHashMap<>();
  private final Map<Object, Object> locks = new ConcurrentHashMap<>();
  private final Clock clock;

  /** {@code clock}: the operator's, so that a listing is as old as the operator's view of time says. */
  AlarmListing(Clock clock) {
    this.clock = clock;
  }

  /** The alarms under {@code key} (identity and Region), listed with {@code list} unless a fresh listing exists. */
  List<MetricAlarm> get(Object key, Supplier<List<MetricAlarm>> list) {
    Listed listed = listings.get(key);
    if (fresh(listed)) {
      return listed.alarms();
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      listed = listings.get(key);
      if (fresh(listed)) {
        return listed.alarms();
      }
      List<MetricAlarm> alarms = List.copyOf(new ArrayList<>(list.get()));
      listings.put(key, new Listed(alarms, clock.instant()));
      return alarms;
    }
  }

  /** Forgets the listing under {@code key}: the alarms changed. */
  void invalidate(Object key) {
    listings.remove(key);
  }

  private boolean fresh(Listed listed) {
    return listed != null && clock.instant().isBefore(listed.at().plus(FRESH));
  }
}
