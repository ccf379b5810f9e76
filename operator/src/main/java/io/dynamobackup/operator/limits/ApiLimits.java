package io.dynamobackup.operator.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's client-side AWS rate limits, one per (account, Region, {@link ApiFamily}), at the configured rates
 * ({@code rateLimit.*}). Two ways in:
 * <ul>
 *   <li>{@link #admit}: the start of an AWS job waits in a {@link StartQueue}, in slot order, by rescheduling its
 *   reconcile — never by blocking a thread;</li>
 *   <li>{@link #pace}: every other call takes a permit from its family (and, for AWS Backup, from the 50/s all Backup
 *   calls share) before it is sent, waiting at most {@code rateLimit.maxWait}; past that it fails as
 *   {@link RateLimitExceeded}, which the reconcile skeleton retries with jittered back-off like AWS's own
 *   throttling.</li>
 * </ul>
 * AWS still throttles when other clients share the account: that is retried with back-off, as before.
 */
public final class ApiLimits {
  /** AWS Backup's quota for all its API calls of an account and Region together, per second. */
  static final double BACKUP_TOTAL_PER_SECOND = 50;
  /** The account part of the key for calls signed with the operator's own identity (its account is not looked up). */
  public static final String OWN_ACCOUNT = "self";

  private final Map<ApiFamily, Double> perSecond;
  private final int concurrentRestores;
  private final Duration maxWait;
  private final MeterRegistry registry;
  private final Map<String, Permits> permits = new ConcurrentHashMap<>();
  private final Map<String, StartQueue> queues = new ConcurrentHashMap<>();

  /** Limits at every family's default rate. */
  public static ApiLimits defaults() {
    return new ApiLimits(new EnumMap<>(ApiFamily.class), 50, Duration.ofSeconds(2), new SimpleMeterRegistry());
  }

  /**
   * @param perSecond          rates by family; a family without an entry has its default, one with zero or less none
   * @param concurrentRestores restores (of any kind) in flight per account and Region at most
   * @param maxWait            the longest a paced call waits for its permit
   */
  public ApiLimits(Map<ApiFamily, Double> perSecond, int concurrentRestores, Duration maxWait,
      MeterRegistry registry) {
    this.perSecond = Map.copyOf(perSecond);
    this.concurrentRestores = concurrentRestores;
    this.maxWait = maxWait;
    this.registry = registry;
  }

  public double perSecond(ApiFamily family) {
    return perSecond.getOrDefault(family, family.defaultPerSecond);
  }

  public int concurrentRestores() {
    return concurrentRestores;
  }

  /** How the limit reads in a condition message: {@code rateLimit.startBackupJob = 10/s}. */
  public String describe(ApiFamily family) {
    double rate = perSecond(family);
    return "rateLimit." + family.key + " = " + (rate <= 0 ? "unlimited"
        : (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format(Locale.ROOT, "%.2f", rate)) + "/s");
  }

  /**
   * Asks for the permit to start a job of {@code family} for the object {@code id} whose work belongs to schedule slot
   * {@code slot}, within {@code capacity}.
   */
  public StartQueue.Admission admit(ApiFamily family, String account, String region, String id, Instant slot,
      StartQueue.Capacity capacity) {
    StartQueue queue = queues.computeIfAbsent(key(account, region, family.name()),
        k -> new StartQueue(permits.computeIfAbsent(key(account, region, family.name()),
            name -> Permits.perSecond(name, perSecond(family), true))));
    StartQueue.Admission admission = queue.admit(new StartQueue.Ticket(slot, id), capacity);
    if (!admission.granted()) {
      count(family, admission.atCapacity() ? "atCapacity" : "queued");
    }
    return admission;
  }

  /**
   * Takes the permits a call needs before it is sent, waiting up to {@code rateLimit.maxWait}.
   *
   * @param service   the SDK's service name ({@code Backup}, {@code DynamoDb}, ...)
   * @param operation the operation name ({@code DescribeTable})
   * @throws RateLimitExceeded when a permit did not come in time
   */
  public void pace(String account, String region, String service, String operation) {
    Optional<ApiFamily> family = ApiFamily.of(service, operation);
    if (family.isEmpty()) {
      return;
    }
    ApiFamily f = family.get();
    if (!f.queued && !permits(account, region, f).acquire(maxWait)) {
      count(f, "refused");
      throw new RateLimitExceeded(operation, account, region, describe(f), maxWait);
    }
    if (f.isBackup() && !permits.computeIfAbsent(key(account, region, "BACKUP_TOTAL"),
        k -> Permits.perSecond(k, BACKUP_TOTAL_PER_SECOND, false)).acquire(maxWait)) {
      count(f, "refused");
      throw new RateLimitExceeded(operation, account, region, "AWS Backup's 50 calls/s in total", maxWait);
    }
  }

  private Permits permits(String account, String region, ApiFamily family) {
    return permits.computeIfAbsent(key(account, region, family.name()),
        k -> Permits.perSecond(k, perSecond(family), false));
  }

  private static String key(String account, String region, String family) {
    return account + "/" + region + "/" + family;
  }

  private void count(ApiFamily family, String outcome) {
    Counter.builder("dynamobackup_aws_rate_limited")
        .description("Times the operator's client-side AWS rate limits held work back: queued (a job start waits its"
            + " turn), atCapacity (all concurrent restores in use), refused (a call found no permit within"
            + " rateLimit.maxWait and is retried with back-off)")
        .tag("family", family.key).tag("outcome", outcome)
        .register(registry).increment();
  }

  /** A call found no permit within {@code rateLimit.maxWait}; retried with back-off like AWS's throttling. */
  public static final class RateLimitExceeded extends RuntimeException {
    public static final String CODE = "ClientRateLimitExceeded";

    RateLimitExceeded(String operation, String account, String region, String limit, Duration maxWait) {
      super(operation + " in " + (OWN_ACCOUNT.equals(account) ? "the operator's account" : account) + "/" + region
          + " found no permit within rateLimit.maxWait (" + maxWait + ") under the client-side limit " + limit, null,
          false, false);
    }
  }
}
