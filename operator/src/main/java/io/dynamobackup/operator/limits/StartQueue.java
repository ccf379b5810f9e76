package io.dynamobackup.operator.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
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
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

  /** A place in line: the schedule slot the work belongs to, then the object (namespace/name or uid). */
  public record Ticket(Instant slot, String id) implements Comparable<Ticket> {
    @Override
    public int compareTo(Ticket other) {
      int bySlot = slot.compareTo(other.slot);
      return bySlot != 0 ? bySlot : id.compareTo(other.id);
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
  /**
   * The waiters by object and in line order: an asker counts only the waiters before it, so the first in line (the
   * one that gets the permit) costs a lookup, not a pass over a fleet's slot.
   */
  private final Map<String, Waiter> waiting = new HashMap<>();
  private final NavigableMap<Ticket, Waiter> line = new TreeMap<>();
  /** Grants of the last minute, oldest first. */
  private final LinkedHashMap<String, Long> granted = new LinkedHashMap<>();
  private long nextSweep;

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
    this.nextSweep = nanos.getAsLong();
  }

  /** Asks for the permit to start the job of {@code ticket}; see the class description. */
  public synchronized Admission admit(Ticket ticket, Capacity capacity) {
    long now = nanos.getAsLong();
    forget(now);
    Waiter self = waiting.computeIfAbsent(ticket.id(), id -> new Waiter());
    if (!ticket.equals(self.ticket)) {
      if (self.ticket != null) {
        line.remove(self.ticket);
      }
      self.ticket = ticket;
      line.put(ticket, self);
    }
    self.lastAsked = now;
    long grace = Math.max(MIN_GRACE.toNanos(), 2 * permits.interval().toNanos());
    int ahead = 0;
    for (Waiter other : line.headMap(ticket, false).values()) {
      if (now <= other.expectedBack + grace) {
        ahead++;
      }
    }
    boolean full = inFlight(capacity) >= capacity.limit();
    if (ahead == 0 && !full && permits.tryAcquire()) {
      waiting.remove(ticket.id());
      line.remove(ticket);
      granted.remove(ticket.id()); // re-inserted as the newest
      granted.put(ticket.id(), now);
      return Admission.go();
    }
    Duration wait = full ? capacity.recheck()
        : permits.untilNext().plusNanos(permits.interval().toNanos() * ahead).plus(MARGIN); // no BigDecimal
    self.expectedBack = now + wait.toNanos();
    return new Admission(false, wait, ahead, full);
  }

  /** Drops grants older than a minute (oldest first) and, at most once a second, waiters gone for too long. */
  private void forget(long now) {
    for (var oldest = granted.entrySet().iterator(); oldest.hasNext(); ) {
      if (now - oldest.next().getValue() <= GRANTS_REMEMBERED.toNanos()) {
        break;
      }
      oldest.remove();
    }
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + SWEEP_EVERY.toNanos();
    waiting.values().removeIf(w -> {
      boolean gone = now - w.lastAsked > FORGET_AFTER.toNanos();
      if (gone) {
        line.remove(w.ticket);
      }
      return gone;
    });
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
