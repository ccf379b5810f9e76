package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.model.RequestValidator;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one decoded call the same way for every protocol: an injected fault first, then the service model's
 * constraints, then the handler with the world's lock held and its timed state brought up to the request's clock
 * reading. Also tells who is calling from the SigV4 credential scope.
 */
public final class Dispatcher {
  static final String DEFAULT_ACCOUNT = "000000000000";
  /** The status recorded for a call that got no response. */
  static final int NO_RESPONSE = 0;
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/");

  /** What the edge needs from the rest of the emulator. */
  public interface Hooks {
    /** A fault to inject for this call, or null. */
    ApiException fault(String service, String operation);

    void record(String service, String operation, Scope scope, Instant time, int status, String table);

    /** Whether calls signed for {@code region} go unanswered (an injected Region outage). */
    default boolean unreachable(String region) {
      return false;
    }

    /** The account of temporary credentials (an {@code ASIA...} key handed out by STS AssumeRole), or null. */
    default String accountOfAccessKey(String accessKeyId) {
      return null;
    }
  }

  /** Who calls: the (account, Region) scope and the access key id of the signature (null when unsigned). */
  public record Caller(Scope scope, String accessKeyId) {}

  private final World world;
  private final Hooks hooks;
  private final Map<String, RequestValidator> validators;

  public Dispatcher(World world, Hooks hooks, Map<String, RequestValidator> validators) {
    this.world = world;
    this.hooks = hooks;
    this.validators = validators;
  }

  public World world() {
    return world;
  }

  public Instant now() {
    return world.clock().instant();
  }

  /**
   * Invokes {@code handler}. {@code modelInput} is the operation's input structure as the model sees it (for REST the
   * body merged with path and query parameters); {@code body}, {@code path} and {@code query} reach the handler.
   */
  public JsonNode invoke(String service, String operation, Operation handler, Caller caller, Instant now,
      JsonNode modelInput, ObjectNode body, Map<String, String> path, Map<String, String> query) {
    if (hooks.unreachable(caller.scope().region())) {
      String table = "dynamodb".equals(service) && modelInput instanceof ObjectNode input ? JsonProtocol.tableOf(input)
          : null;
      hooks.record(service, operation, caller.scope(), now, NO_RESPONSE, table);
      throw new RegionUnreachable(caller.scope().region());
    }
    ApiException fault = hooks.fault(service, operation);
    if (fault != null) {
      throw fault;
    }
    RequestValidator validator = validators.get(service);
    if (validator != null) {
      validator.check(operation, modelInput);
    }
    synchronized (world) {
      world.tick(now);
      return handler.handle(new Request(service, operation, caller.scope(), now, body, path, query, world,
          caller.accessKeyId()));
    }
  }

  public RequestValidator validator(String service) {
    return validators.get(service);
  }

  public void record(String service, String operation, Caller caller, Instant now, int status) {
    record(service, operation, caller, now, status, null);
  }

  /** Records a call that names {@code table} (a DynamoDB table name or ARN). */
  public void record(String service, String operation, Caller caller, Instant now, int status, String table) {
    hooks.record(service, operation, caller.scope(), now, status, table);
  }

  /**
   * The caller of a request: Region from the SigV4 credential scope ({@code Credential=AKID/date/REGION/service/...},
   * the default Region when unsigned), account from a 12-digit access key id or from temporary STS credentials.
   */
  public Caller caller(String authorization) {
    String region = world.options().defaultRegion();
    String account = DEFAULT_ACCOUNT;
    String accessKeyId = null;
    Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
    if (m != null && m.find()) {
      accessKeyId = m.group(1);
      region = m.group(2);
      if (accessKeyId.matches("\\d{12}")) {
        account = accessKeyId;
      } else {
        String temporary = hooks.accountOfAccessKey(accessKeyId);
        if (temporary != null) {
          account = temporary;
        }
      }
    }
    return new Caller(new Scope(account, region), accessKeyId);
  }
}
