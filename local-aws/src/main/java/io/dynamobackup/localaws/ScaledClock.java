package io.dynamobackup.localaws;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code scale} times faster than real time, starting at a given instant.
 * Used by {@code --time-scale N} so that jobs taking minutes of emulated time finish in seconds.
 */
public final class ScaledClock extends Clock {
  private final Instant start;
  private final long startNanos;
  private final double scale;
  private final ZoneId zone;

  public ScaledClock(Instant start, double scale) {
    this(start, System.nanoTime(), scale, ZoneOffset.UTC);
  }

  /** Starts at the current system time. */
  public static ScaledClock ofScale(double scale) {
    return new ScaledClock(Instant.now(), scale);
  }

  private ScaledClock(Instant start, long startNanos, double scale, ZoneId zone) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("time scale must be a positive number: " + scale);
    }
    this.start = start;
    this.startNanos = startNanos;
    this.scale = scale;
    this.zone = zone;
  }

  public double scale() {
    return scale;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new ScaledClock(start, startNanos, scale, newZone);
  }

  @Override
  public Instant instant() {
    long elapsed = System.nanoTime() - startNanos;
    return start.plusNanos((long) (elapsed * scale));
  }

  @Override
  public String toString() {
    return "ScaledClock[x" + scale + ",start=" + start + "]";
  }
}
