package io.dynamobackup.operator.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Where the starts of AWS jobs of one (account, Region, family) wait their turn: in slot order, earliest slot first
 * (ties by object), in the operator's memory instead of in AWS's throttling. A reconcile asks {@link #admit}; the
 * object first in line gets the permit when one is available, every other one is told how long to wait — about its
 * place in line divided by the rate — and its reconcile is rescheduled for then. No reconcile thread sleeps, and no
 * AWS call is made while waiting.
 *
 * <p>A waiting object that does not come back in time (deleted, or its reconcile delayed) stops holding up the line
 * after a grace period, and is forgotten after {@link #FORGET_AFTER}; it keeps its place if it comes back. The line is
 * only a cache of who asks: after a restart every object asks again, and the order is the same, because it comes from
 * the objects (their slots), not from arrival.
 *
 * <p>An optional capacity (AWS's 50 concurrent DynamoDB restores) is checked too: the caller passes what is in flight
 * according to the informer cache, and the line adds the starts it granted in the last minute, which the cache may
 * not show yet.
 */
public final class StartQueue {
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  private static final Duration GRANTS_REMEMBERED = Duration.ofMinutes(1);
  private static final Duration MARGIN = Duration.ofMillis(5);
  private static final Duration MIN_GRACE = Duration.ofSeconds(1);

  /** A place in line: the schedule slot the work belongs to, then the object (namespace/name or uid). */
  public record Ticket(Instant slot, String id) implements Comparable<Ticket> {
    private static final Comparator<Ticket> ORDER = Comparator.comparing(Ticket::slot).thenComparing(Ticket::id);

    @Override
    public int compareTo(Ticket other) {
      return ORDER.compare(this, other);
    }
  }

  /** The answer: go ahead now, or ask again after {@code retryAfter}; {@code ahead} objects are before this one. */
  public record Admission(boolean granted, Duration retryAfter, int ahead, boolean atCapacity) {
    static Admission go() {
      return new Admission(true, Duration.ZERO, 0, false);
    }
  }

  /** How many of the family's jobs may run at once; {@link #NONE} for no limit. */
  public record Capacity(int limit, Set<String> inFlight, Duration recheck) {
    public static final Capacity NONE = new Capacity(Integer.MAX_VALUE, Set.of(), Duration.ZERO);
  }

  private final Permits permits;
  private final LongSupplier nanos;
  private final Map<String, Waiter> waiting = new HashMap<>();
  private final Map<String, Long> granted = new HashMap<>();

  private static final class Waiter {
    Ticket ticket;
    long lastAsked;
    long expectedBack;
  }

  public StartQueue(Permits permits) {
    this(permits, System::nanoTime);
  }

  StartQueue(Permits permits, LongSupplier nanos) {
    this.permits = permits;
    this.nanos = nanos;
  }

  /** Asks for the permit to start the job of {@code ticket}; see the class description. */
  public synchronized Admission admit(Ticket ticket, Capacity capacity) {
    long now = nanos.getAsLong();
    waiting.values().removeIf(w -> now - w.lastAsked > FORGET_AFTER.toNanos());
    granted.values().removeIf(at -> now - at > GRANTS_REMEMBERED.toNanos());
    Waiter self = waiting.computeIfAbsent(ticket.id(), id -> new Waiter());
    self.ticket = ticket;
    self.lastAsked = now;
    long grace = Math.max(MIN_GRACE.toNanos(), 2 * permits.interval().toNanos());
    int ahead = 0;
    for (Waiter other : waiting.values()) {
      if (other != self && other.ticket.compareTo(ticket) < 0 && now <= other.expectedBack + grace) {
        ahead++;
      }
    }
    boolean full = inFlight(capacity) >= capacity.limit();
    if (ahead == 0 && !full && permits.tryAcquire()) {
      waiting.remove(ticket.id());
      granted.put(ticket.id(), now);
      return Admission.go();
    }
    Duration wait = full ? capacity.recheck()
        : permits.untilNext().plus(permits.interval().multipliedBy(ahead)).plus(MARGIN);
    self.expectedBack = now + wait.toNanos();
    return new Admission(false, wait, ahead, full);
  }

  /** Objects waiting now (for metrics and tests). */
  public synchronized int waiting() {
    return waiting.size();
  }

  private int inFlight(Capacity capacity) {
    if (capacity.limit() == Integer.MAX_VALUE) {
      return 0;
    }
    Set<String> all = new java.util.HashSet<>(capacity.inFlight());
    all.addAll(granted.keySet());
    return all.size();
  }
}
