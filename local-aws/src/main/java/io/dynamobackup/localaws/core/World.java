package io.dynamobackup.localaws.core;

import io.dynamobackup.localaws.Kms;
import io.dynamobackup.localaws.LocalAwsOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The whole emulated cloud: all accounts and Regions, the timed state machines, the per-resource
 * job queues and idempotency tokens. Every request runs with this object's monitor held, after
 * {@link #tick(Instant)} has brought all state machines up to the request's clock reading.
 */
public final class World {
  private static final int MAX_EVENTS_PER_TICK = 5_000_000;

  private final Clock clock;
  private final LocalAwsOptions options;
  private final Kms kms = new Kms();
  private final Predicate<String> deniedRole;
  private final Map<Scope, RegionState> regions = new ConcurrentHashMap<>();
  private final List<Timed> timed = new ArrayList<>();
  private final Map<String, ResourceSlot> slots = new HashMap<>();
  private final Map<String, String[]> idempotency = new HashMap<>();
  private Instant lastTick = Instant.EPOCH;

  public World(Clock clock, LocalAwsOptions options) {
    this(clock, options, role -> false);
  }

  /** @param deniedRole true for IAM roles that AWS Backup may not pass (jobs with them fail: AccessDenied) */
  public World(Clock clock, LocalAwsOptions options, Predicate<String> deniedRole) {
    this.clock = Objects.requireNonNull(clock);
    this.options = Objects.requireNonNull(options);
    this.deniedRole = Objects.requireNonNull(deniedRole);
  }

  public Clock clock() {
    return clock;
  }

  public LocalAwsOptions options() {
    return options;
  }

  /** Whether passing this IAM role is denied (an injected fault). */
  public boolean isRoleDenied(String roleArn) {
    return roleArn != null && deniedRole.test(roleArn);
  }

  /** Who may use which KMS keys across accounts. */
  public Kms kms() {
    return kms;
  }

  public RegionState region(Scope scope) {
    return regions.computeIfAbsent(scope, RegionState::new);
  }

  /** The scope if it already has state, else null (does not create it). */
  public RegionState existingRegion(Scope scope) {
    return regions.get(scope);
  }

  public synchronized void schedule(Timed t) {
    if (!timed.contains(t)) {
      timed.add(t);
    }
  }

  public ResourceSlot slot(String resourceArn) {
    return slots.computeIfAbsent(resourceArn, k -> new ResourceSlot());
  }

  /** The time of the last tick; the "now" of the request being served. */
  public Instant now() {
    return lastTick;
  }

  /** Fires every due event in time order, up to {@code now}. */
  public synchronized void tick(Instant now) {
    if (now.isAfter(lastTick)) {
      lastTick = now;
    }
    int fired = 0;
    while (true) {
      Timed best = null;
      Instant bestAt = null;
      for (int i = 0; i < timed.size(); i++) {
        Timed t = timed.get(i);
        Instant at = t.nextEvent(this);
        if (at != null && (bestAt == null || at.isBefore(bestAt))) {
          best = t;
          bestAt = at;
        }
      }
      if (best == null || bestAt.isAfter(now)) {
        break;
      }
      best.fire(bestAt, this);
      if (++fired > MAX_EVENTS_PER_TICK) {
        throw new IllegalStateException("event loop does not converge at " + best);
      }
    }
    timed.removeIf(Timed::done);
  }

  /**
   * Runs {@code create} unless the same idempotency token was already used for this operation
   * in this scope; then returns the earlier id (same parameters) or fails (different ones).
   */
  public synchronized String idempotent(
      Scope scope, String operation, String token, String fingerprint, Supplier<String> create) {
    if (token == null || token.isEmpty()) {
      return create.get();
    }
    String key = scope + "|" + operation + "|" + token;
    String[] earlier = idempotency.get(key);
    if (earlier != null) {
      if (earlier[0].equals(fingerprint)) {
        return earlier[1];
      }
      throw ApiException.invalidParameter(
          "IdempotencyToken " + token + " was already used with different parameters");
    }
    String id = create.get();
    idempotency.put(key, new String[] {fingerprint, id});
    return id;
  }
}
