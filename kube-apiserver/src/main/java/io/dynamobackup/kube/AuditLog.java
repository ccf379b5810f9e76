package io.dynamobackup.kube;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The API server's audit log: one record per resource request (who, what, the answer's HTTP code), the last
 * {@value #CAPACITY} kept. Tests read it to see what a client really did, e.g. a write RBAC refused. Beside it, counters
 * that are never capped: requests by user, verb and resource, and the watch events sent to each user by resource (a
 * benchmark counts what a client costs the API server, and itself, over a run of any length).
 */
public final class AuditLog {
  static final int CAPACITY = 10_000;

  /** One request: the user, the verb and resource as RBAC names them, and the response code. */
  public record Event(Instant time, String user, String verb, String group, String resource, String namespace,
      String name, int code) {
  }

  /**
   * What a counter counts: requests of a user by verb and resource ({@code dynamobackups/status}), or, with the verb
   * {@value #WATCH_EVENT}, the watch events the user was sent for the resource.
   */
  public record Key(String user, String verb, String resource) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = user.compareTo(o.user);
      c = c != 0 ? c : resource.compareTo(o.resource);
      return c != 0 ? c : verb.compareTo(o.verb);
    }
  }

  /** The verb of the counters of watch events sent. */
  public static final String WATCH_EVENT = "watch-event";

  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Key, LongAdder> watchBytes = new ConcurrentHashMap<>();

  void record(Event event) {
    counts.computeIfAbsent(new Key(event.user(), event.verb(), event.resource()), k -> new LongAdder()).increment();
    synchronized (events) {
      events.addLast(event);
      if (events.size() > CAPACITY) {
        events.removeFirst();
      }
    }
  }

  void watchEventSent(String user, String resource, int bytes) {
    Key key = new Key(user, WATCH_EVENT, resource);
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    watchBytes.computeIfAbsent(key, k -> new LongAdder()).add(bytes);
  }

  /** The recorded requests, oldest first. */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Every request and watch event since the start, by user, verb and resource (not capped). */
  public Map<Key, Long> counts() {
    return snapshot(counts);
  }

  /** The bytes of the watch events sent since the start, by user and resource (verb {@value #WATCH_EVENT}). */
  public Map<Key, Long> watchEventBytes() {
    return snapshot(watchBytes);
  }

  private static Map<Key, Long> snapshot(Map<Key, LongAdder> counters) {
    Map<Key, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
