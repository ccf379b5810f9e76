package io.dynamobackup.operator.limits;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * A source of permits at a steady rate: one permit every 1/rate seconds, no burst, so the calls of a family arrive at
 * AWS evenly spread, as its token buckets expect. Backed by Resilience4j's {@link AtomicRateLimiter} (lock-free).
 */
public interface Permits {
  /** Takes a permit if one is available now; never waits. */
  boolean tryAcquire();

  /** Takes a permit, waiting for it at most {@code maxWait}; false when none came in time (nothing taken). */
  boolean acquire(Duration maxWait);

  /** How long until the next permit is available (zero when one is available now). */
  Duration untilNext();

  /** The time between two permits: 1 / rate. */
  Duration interval();

  /**
   * Permits at {@code perSecond} per second; zero or less: unlimited. {@code startEmpty}: the first permit comes after
   * one interval, not at once — for a {@link StartQueue}, so that the objects that ask together (a slot's backups, an
   * operator that just started) are all in line by then and the earliest slot gets it, not the fastest reconcile.
   */
  static Permits perSecond(String name, double perSecond, boolean startEmpty) {
    if (perSecond <= 0) {
      return UNLIMITED;
    }
    Duration interval = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
    AtomicRateLimiter limiter = new AtomicRateLimiter(name, RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(interval).timeoutDuration(Duration.ZERO).build());
    if (startEmpty) {
      limiter.drainPermissions();
    }
    return new Permits() {
      @Override
      public boolean tryAcquire() {
        return limiter.acquirePermission(); // timeout zero: takes a permit only if one is there
      }

      @Override
      public boolean acquire(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!limiter.acquirePermission()) {
          long wait = limiter.getDetailedMetrics().getNanosToWait();
          if (System.nanoTime() + wait > deadline) {
            return false;
          }
          java.util.concurrent.locks.LockSupport.parkNanos(Math.max(wait, 1000));
        }
        return true;
      }

      @Override
      public Duration untilNext() {
        return Duration.ofNanos(Math.max(0, limiter.getDetailedMetrics().getNanosToWait()));
      }

      @Override
      public Duration interval() {
        return interval;
      }
    };
  }

  Permits UNLIMITED = new Permits() {
    @Override
    public boolean tryAcquire() {
      return true;
    }

    @Override
    public boolean acquire(Duration maxWait) {
      return true;
    }

    @Override
    public Duration untilNext() {
      return Duration.ZERO;
    }

    @Override
    public Duration interval() {
      return Duration.ZERO;
    }
  };
}
