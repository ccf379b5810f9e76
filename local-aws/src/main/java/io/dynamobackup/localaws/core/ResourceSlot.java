package io.dynamobackup.localaws.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Models the AWS Backup quota "one backup or copy job per resource at a time": jobs for the same
 * source resource queue here in FIFO order; only the holder runs.
 */
public final class ResourceSlot {
  private Object holder;
  private Instant freedAt = Instant.EPOCH;
  private final Deque<Object> waiting = new ArrayDeque<>();

  public void enqueue(Object job) {
    waiting.addLast(job);
  }

  public void leaveQueue(Object job) {
    waiting.remove(job);
  }

  /** The instant at which {@code job} may start, or null when it must keep waiting. */
  public Instant canStartAt(Object job, Instant readyAt) {
    if (holder != null || waiting.peekFirst() != job) {
      return null;
    }
    return readyAt.isAfter(freedAt) ? readyAt : freedAt;
  }

  public void acquire(Object job) {
    waiting.remove(job);
    holder = job;
  }

  public void release(Object job, Instant at) {
    if (holder == job) {
      holder = null;
      freedAt = at;
    }
  }

  public Object holder() {
    return holder;
  }
}
