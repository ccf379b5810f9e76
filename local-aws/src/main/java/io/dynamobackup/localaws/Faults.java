package io.dynamobackup.localaws;

import io.dynamobackup.localaws.core.ApiException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fault injection. An operation key is an operation name ({@code "DescribeBackupJob"}), a name
 * qualified by service ({@code "dynamodb:TagResource"}, {@code "backup:TagResource"}) or
 * {@code "*"} for every operation. All methods are thread-safe and take effect immediately.
 */
public final class Faults {
  private final Map<String, double[]> throttles = new HashMap<>(); // {fraction, calls seen}
  private final Map<String, int[]> failures = new HashMap<>(); // {status, remaining}
  private final Map<String, long[]> rateLimits = new HashMap<>(); // {tps, tokens*1e6, lastNanos}
  private final Set<String> deniedRoles = new HashSet<>();
  private final Map<String, String> requiredExternalIds = new HashMap<>();
  private final Set<String> regionsOut = new java.util.TreeSet<>();

  /**
   * Throttles a fraction (0..1) of the calls to an operation with {@code ThrottlingException}
   * (HTTP 400). Deterministic: 0.5 throttles every second call, 1.0 every call.
   */
  public synchronized Faults throttle(String operation, double fraction) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be within 0..1: " + fraction);
    }
    throttles.put(operation, new double[] {fraction, 0});
    return this;
  }

  /**
   * Fails the next {@code times} calls of an operation with the given 5xx status: 503 answers
   * {@code ServiceUnavailableException} (Backup) / {@code ServiceUnavailable} (DynamoDB), other
   * statuses {@code InternalFailure} / {@code InternalServerError}.
   */
  public synchronized Faults failWithStatus(String operation, int httpStatus, int times) {
    if (httpStatus < 500 || httpStatus > 599) {
      throw new IllegalArgumentException("status must be 5xx: " + httpStatus);
    }
    failures.put(operation, new int[] {httpStatus, times});
    return this;
  }

  /** Backup, copy and restore jobs started with this IAM role fail with AccessDeniedException (403). */
  public synchronized Faults denyRole(String roleArn) {
    deniedRoles.add(roleArn);
    return this;
  }

  /**
   * STS AssumeRole of {@code roleArn} succeeds only with this ExternalId (the role's trust policy condition
   * {@code sts:ExternalId}); a missing or different one answers {@code AccessDenied} (HTTP 403). Roles without a
   * requirement can be assumed by anyone.
   */
  public synchronized Faults requireExternalId(String roleArn, String externalId) {
    requiredExternalIds.put(roleArn, externalId);
    return this;
  }

  /** A token bucket of {@code tps} calls per second (real time) with a burst of {@code tps}. */
  public synchronized Faults rateLimit(String operation, int tps) {
    if (tps <= 0) {
      throw new IllegalArgumentException("tps must be positive: " + tps);
    }
    rateLimits.put(operation, new long[] {tps, tps * 1_000_000L, System.nanoTime()});
    return this;
  }

  /**
   * A Region outage: every call signed for {@code region}, to any service, gets no answer. local-aws reads the request,
   * records it in the call log with HTTP status 0 and closes the connection without a response, as an endpoint that
   * went away mid-request would: the AWS SDK sees an I/O error (an {@code SdkClientException}, e.g. Apache's
   * {@code NoHttpResponseException: The target server failed to respond}) and no AWS error code or HTTP status. A real
   * connection refusal cannot be told apart per Region, because every Region shares the one endpoint and the Region is
   * known only from the request's signature.
   */
  public synchronized Faults regionOutage(String region) {
    regionsOut.add(java.util.Objects.requireNonNull(region, "region"));
    return this;
  }

  /** Ends the outage of {@code region}: its calls are answered again. */
  public synchronized Faults endRegionOutage(String region) {
    regionsOut.remove(region);
    return this;
  }

  /** The Regions currently out, in name order. */
  public synchronized List<String> regionsOut() {
    return List.copyOf(regionsOut);
  }

  public synchronized boolean isRegionOut(String region) {
    return regionsOut.contains(region);
  }

  /** Removes every injected fault. */
  public synchronized Faults clear() {
    regionsOut.clear();
    throttles.clear();
    failures.clear();
    rateLimits.clear();
    deniedRoles.clear();
    requiredExternalIds.clear();
    return this;
  }

  /** The AccessDenied STS answers to AssumeRole of {@code roleArn} with {@code externalId} (may be null), or null. */
  public synchronized ApiException checkAssumeRole(String roleArn, String externalId) {
    String required = requiredExternalIds.get(roleArn);
    if (required != null && !required.equals(externalId)) {
      return new ApiException(403, "AccessDenied", "User is not authorized to perform: sts:AssumeRole on resource: "
          + roleArn);
    }
    return null;
  }

  public synchronized boolean isRoleDenied(String roleArn) {
    return roleArn != null && deniedRoles.contains(roleArn);
  }

  /** The fault to answer for this call, or null. Counts the call against the fault budgets. */
  synchronized ApiException check(String service, String operation) {
    String[] keys = {service + ":" + operation, operation, "*"};
    for (String key : keys) {
      int[] f = failures.get(key);
      if (f != null && f[1] > 0) {
        f[1]--;
        return serverError(service, f[0]);
      }
    }
    for (String key : keys) {
      double[] t = throttles.get(key);
      if (t != null) {
        double n = t[1]++;
        if (Math.floor((n + 1) * t[0]) > Math.floor(n * t[0])) {
          return throttling(service);
        }
        break;
      }
    }
    for (String key : keys) {
      long[] b = rateLimits.get(key);
      if (b != null) {
        long now = System.nanoTime();
        long capacity = b[0] * 1_000_000L;
        long refill = (now - b[2]) * b[0] / 1000; // tokens*1e6 per nanosecond * tps
        b[1] = Math.min(capacity, b[1] + refill);
        b[2] = now;
        if (b[1] < 1_000_000L) {
          return throttling(service);
        }
        b[1] -= 1_000_000L;
        break;
      }
    }
    return null;
  }

  /** The throttling error of the service's model: the Tagging API calls it ThrottledException. */
  private static ApiException throttling(String service) {
    return "tagging".equals(service) ? new ApiException(400, "ThrottledException", "Rate exceeded")
        : ApiException.throttling("Rate exceeded");
  }

  private static ApiException serverError(String service, int status) {
    boolean ddb = "dynamodb".equals(service);
    boolean cloudWatch = "cloudwatch".equals(service);
    if (status == 503) {
      return new ApiException(503, ddb || cloudWatch ? "ServiceUnavailable" : "ServiceUnavailableException",
          "Service is unavailable (injected fault)");
    }
    String code = ddb ? "InternalServerError" : cloudWatch ? "InternalServiceError"
        : "application-autoscaling".equals(service) || "tagging".equals(service) ? "InternalServiceException"
        : "InternalFailure";
    return new ApiException(status, code, "Internal server error (injected fault)");
  }
}
