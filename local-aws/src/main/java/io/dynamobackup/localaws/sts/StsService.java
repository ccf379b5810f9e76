package io.dynamobackup.localaws.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS STS over the query protocol ({@code Action=AssumeRole&Version=2011-06-15}, XML responses), as the AWS SDK for
 * Java v2 and the aws CLI v2 send it: AssumeRole and GetCallerIdentity. AssumeRole hands out temporary credentials
 * whose access key id ({@code ASIA...}) the emulator maps back to the role's account, so calls signed with them land
 * in that account. Trust policies are not modelled beyond an optional required ExternalId per role
 * ({@code Faults.requireExternalId}); signatures, session tokens and expiry are not checked.
 */
public final class StsService {
  /** The model's xmlNamespace; EdgeServer answers STS query calls in it. */
  public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  public static final String VERSION = "2011-06-15";
  private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");

  /** Who holds a set of temporary credentials. */
  public record Session(String accessKeyId, String accountId, String roleArn, String sessionName, Instant expiration) {
    public String assumedRoleArn() {
      Matcher m = ROLE_ARN.matcher(roleArn);
      m.matches();
      return "arn:" + m.group(1) + ":sts::" + accountId + ":assumed-role/" + m.group(3) + "/" + sessionName;
    }
  }

  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  /** (roleArn, externalId or null) → an AccessDenied to answer, or null to allow. */
  private final BiFunction<String, String, ApiException> trust;

  public StsService(BiFunction<String, String, ApiException> trust) {
    this.trust = trust;
    operations.put("AssumeRole", this::assumeRole);
    operations.put("GetCallerIdentity", this::getCallerIdentity);
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  /** The session of a temporary access key id handed out by AssumeRole. */
  public Optional<Session> session(String accessKeyId) {
    return accessKeyId == null ? Optional.empty() : Optional.ofNullable(sessions.get(accessKeyId));
  }

  private static ApiException validation(String message) {
    return new ApiException(400, "ValidationError", message);
  }

  /**
   * Lengths, patterns and the DurationSeconds range (900–43200) come from the STS model; beyond it the role must be
   * an IAM role ARN of the partition the STS endpoint serves.
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
   */
  JsonNode assumeRole(Request r) {
    String roleArn = r.text("RoleArn");
    String sessionName = r.text("RoleSessionName");
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw validation("1 validation error detected: Value '" + roleArn
          + "' at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN");
    }
    if (!m.group(1).equals(r.scope.partition())) {
      throw validation("Role " + roleArn + " is in partition " + m.group(1) + ", but this STS endpoint serves "
          + r.scope.region() + " (partition " + r.scope.partition() + ")");
    }
    String externalId = r.text("ExternalId");
    long duration = r.text("DurationSeconds") == null ? 3600 : Long.parseLong(r.text("DurationSeconds").trim());
    ApiException denied = trust.apply(roleArn, externalId);
    if (denied != null) {
      throw denied;
    }
    String accessKeyId = "ASIA" + String.format(Locale.ROOT, "%016X", sequence.incrementAndGet());
    // Wall-clock time, not the emulated clock: SDK credential providers compare Expiration with the system clock, so
    // credentials that expire in emulated time (a ManualClock in the past) would be refreshed on every call.
    Session session = new Session(accessKeyId, m.group(2), roleArn, sessionName,
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(duration));
    sessions.put(accessKeyId, session);
    ObjectNode out = Json.object();
    ObjectNode credentials = out.putObject("Credentials");
    credentials.put("AccessKeyId", accessKeyId);
    credentials.put("SecretAccessKey", "local-aws-secret-" + accessKeyId);
    credentials.put("SessionToken", "local-aws-session-" + accessKeyId);
    credentials.put("Expiration", session.expiration().toString());
    ObjectNode user = out.putObject("AssumedRoleUser");
    user.put("AssumedRoleId", "AROA" + String.format(Locale.ROOT, "%016X", Math.abs((long) roleArn.hashCode()))
        + ":" + sessionName);
    user.put("Arn", session.assumedRoleArn());
    return out;
  }

  JsonNode getCallerIdentity(Request r) {
    ObjectNode out = Json.object();
    String accessKeyId = r.accessKeyId();
    Optional<Session> session = session(accessKeyId);
    String account = r.scope.accountId();
    out.put("UserId", session.map(s -> "AROA" + s.accessKeyId().substring(4) + ":" + s.sessionName())
        .orElse(accessKeyId == null ? "AIDALOCALAWS" : accessKeyId));
    out.put("Account", account);
    out.put("Arn", session.map(Session::assumedRoleArn)
        .orElse("arn:" + r.scope.partition() + ":iam::" + account + ":root"));
    return out;
  }
}
