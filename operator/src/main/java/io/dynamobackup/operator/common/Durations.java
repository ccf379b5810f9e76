package io.dynamobackup.operator.common;

import java.time.Duration;

/** Durations as status fields and printer columns show them. */
public final class Durations {
  private Durations() {}

  /** Whole seconds as {@code 1h2m3s}, {@code 4m12s} or {@code 7s}. */
  public static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return (seconds >= 3600 ? seconds / 3600 + "h" : "") + (seconds >= 60 ? seconds % 3600 / 60 + "m" : "")
        + seconds % 60 + "s";
  }
}
