package io.dynamobackup.localaws.core;

/** A real-time token bucket: {@code perSecond} tokens per second, burst of {@code perSecond}. */
public final class TokenBucket {
  private final long perSecond;
  private double tokens;
  private long last = System.nanoTime();

  public TokenBucket(long perSecond) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
  }

  public synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
