package io.dynamobackup.kube;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The API server's audit log: one record per resource request (who, what, the answer's HTTP code), the last
 * {@value #CAPACITY} kept. Tests read it to see what a client really did, e.g. a write RBAC refused.
 */
public final class AuditLog {
  static final int CAPACITY = 10_000;

  /** One request: the user, the verb and resource as RBAC names them, and the response code. */
  public record Event(Instant time, String user, String verb, String group, String resource, String namespace,
      String name, int code) {
  }

  private final ArrayDeque<Event> events = new ArrayDeque<>();

  void record(Event event) {
    synchronized (events) {
      events.addLast(event);
      if (events.size() > CAPACITY) {
        events.removeFirst();
      }
    }
  }

  /** The recorded requests, oldest first. */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
