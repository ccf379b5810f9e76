package io.dynamobackup.localaws.core;

import java.time.Instant;

/**
 * Something whose state changes with time (a job, a table being created, a recovery point with a
 * lifecycle). The {@link World} fires events in time order, lazily, whenever a request arrives,
 * so a test that advances a {@code ManualClock} sees jobs progress without background threads.
 */
public interface Timed {
  /** The next instant at which {@link #fire} must run, or null when nothing is pending now. */
  Instant nextEvent(World world);

  /** Applies the transition due at {@code at} (which is {@code <=} the current clock). */
  void fire(Instant at, World world);

  /** True once this object will never have another event; it is then forgotten by the world. */
  boolean done();
}
