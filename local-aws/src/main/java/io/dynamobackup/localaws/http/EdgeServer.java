package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dynamobackup.localaws.autoscaling.AutoScalingService;
import io.dynamobackup.localaws.cloudwatch.QueryParams;
import io.dynamobackup.localaws.cloudwatch.QueryXml;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single edge endpoint. DynamoDB JSON 1.0 calls are recognised by their
 * {@code X-Amz-Target: DynamoDB_20120810.Op} header, Application Auto Scaling JSON 1.1 calls by
 * {@code X-Amz-Target: AnyScaleFrontendService.Op}, CloudWatch query calls by a form-encoded
 * {@code POST /} body ({@code Action=PutMetricAlarm&Version=2010-08-01}); everything else is routed
 * as AWS Backup REST-JSON. Region and account come from the SigV4 credential scope (signatures are
 * not checked).
 */
public final class EdgeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/");
  private static final String DDB_TARGET_PREFIX = "DynamoDB_20120810.";
  static final String DEFAULT_ACCOUNT = "000000000000";
  private static final String STS_VERSION = "2011-06-15";
  private static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  static {
    // Without TCP_NODELAY the JDK server's separate header/body writes meet the client's delayed
    // ACK and every call takes ~40 ms. Must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** What the edge needs from the rest of the emulator. */
  public interface Hooks {
    /** A fault to inject for this call, or null. */
    ApiException fault(String service, String operation);

    void record(String service, String operation, Scope scope, Instant time, int status);

    /** The account of temporary credentials (an {@code ASIA...} key handed out by STS AssumeRole), or null. */
    default String accountOfAccessKey(String accessKeyId) {
      return null;
    }
  }

  private final World world;
  private final Map<String, Operation> dynamoOps;
  private final Map<String, Operation> autoScalingOps;
  private final Map<String, Operation> cloudWatchOps;
  private final Map<String, Operation> stsOps;
  private final List<Route> backupRoutes;
  private final Hooks hooks;
  private final HttpServer server;
  private final ExecutorService executor;

  public EdgeServer(World world, Map<String, Operation> dynamoOps, List<Route> backupRoutes, Hooks hooks,
      String host, int port) throws IOException {
    this(world, dynamoOps, Map.of(), Map.of(), backupRoutes, hooks, host, port);
  }

  public EdgeServer(World world, Map<String, Operation> dynamoOps, Map<String, Operation> autoScalingOps,
      Map<String, Operation> cloudWatchOps, List<Route> backupRoutes, Hooks hooks, String host, int port)
      throws IOException {
    this(world, dynamoOps, autoScalingOps, cloudWatchOps, Map.of(), backupRoutes, hooks, host, port);
  }

  public EdgeServer(World world, Map<String, Operation> dynamoOps, Map<String, Operation> autoScalingOps,
      Map<String, Operation> cloudWatchOps, Map<String, Operation> stsOps, List<Route> backupRoutes, Hooks hooks,
      String host, int port) throws IOException {
    this.stsOps = stsOps;
    this.world = world;
    this.dynamoOps = dynamoOps;
    this.autoScalingOps = autoScalingOps;
    this.cloudWatchOps = cloudWatchOps;
    this.backupRoutes = backupRoutes;
    this.hooks = hooks;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "local-aws-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      Scope scope = scope(authorization);
      Instant now = world.clock().instant();
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      if (target != null && target.startsWith(AutoScalingService.TARGET_PREFIX)) {
        handleAutoScaling(ex, target, body, scope, now);
      } else if (target != null) {
        handleDynamo(ex, target, body, scope, now);
      } else if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
          && "POST".equals(ex.getRequestMethod())) {
        handleQuery(ex, body, scope, accessKeyId(authorization), now);
      } else {
        handleBackup(ex, body, scope, now);
      }
    } catch (RuntimeException | Error e) {
      LOG.error("local-aws internal error", e);
      throw e;
    }
  }

  private void handleDynamo(HttpExchange ex, String target, byte[] body, Scope scope, Instant now) throws IOException {
    String op = target.startsWith(DDB_TARGET_PREFIX) ? target.substring(DDB_TARGET_PREFIX.length()) : target;
    int status;
    byte[] out;
    try {
      Operation handler = dynamoOps.get(op);
      if (handler == null || !target.startsWith(DDB_TARGET_PREFIX)) {
        throw new ApiException(400, "UnknownOperationException", "Unknown operation " + target);
      }
      JsonNode result = invoke("dynamodb", op, handler, scope, now, parse(body), Map.of(), Map.of());
      status = 200;
      out = Json.MAPPER.writeValueAsBytes(result == null ? Json.object() : result);
    } catch (ApiException e) {
      status = e.status();
      ObjectNode err = Json.object();
      err.put("__type", dynamoErrorPrefix(e.code()) + "#" + e.code());
      err.put("message", e.getMessage());
      out = Json.MAPPER.writeValueAsBytes(err);
    }
    hooks.record("dynamodb", op, scope, now, status);
    CRC32 crc = new CRC32();
    crc.update(out);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    ex.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
    send(ex, status, out);
  }

  private void handleAutoScaling(HttpExchange ex, String target, byte[] body, Scope scope, Instant now)
      throws IOException {
    String op = target.substring(AutoScalingService.TARGET_PREFIX.length());
    int status;
    byte[] out;
    try {
      Operation handler = autoScalingOps.get(op);
      if (handler == null) {
        throw new ApiException(400, "UnknownOperationException", "Unknown operation " + target);
      }
      JsonNode result = invoke("application-autoscaling", op, handler, scope, now, parse(body), Map.of(), Map.of());
      status = 200;
      out = Json.MAPPER.writeValueAsBytes(result == null ? Json.object() : result);
    } catch (ApiException e) {
      status = e.status();
      ObjectNode err = Json.object();
      err.put("__type", e.code());
      err.put("message", e.getMessage());
      out = Json.MAPPER.writeValueAsBytes(err);
    }
    hooks.record("application-autoscaling", op, scope, now, status);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    send(ex, status, out);
  }

  /** The AWS query protocol (CloudWatch, STS): form-encoded parameters in, XML out; the Version picks the service. */
  private void handleQuery(HttpExchange ex, byte[] body, Scope scope, String accessKeyId, Instant now)
      throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String op = form.getOrDefault("Action", "Unknown");
    boolean sts = STS_VERSION.equals(form.get("Version"));
    String service = sts ? "sts" : "cloudwatch";
    String namespace = sts ? STS_NAMESPACE : QueryXml.NAMESPACE;
    String requestId = UUID.randomUUID().toString();
    int status;
    String xml;
    try {
      Operation handler = sts ? stsOps.get(op) : cloudWatchOps.get(op);
      if (handler == null || !(sts || "2010-08-01".equals(form.get("Version")))) {
        throw new ApiException(400, "InvalidAction", "local-aws does not implement the query action " + op
            + " (Version " + form.get("Version") + ")");
      }
      form.remove("Action");
      form.remove("Version");
      JsonNode result = invoke(service, op, handler, scope, now, QueryParams.toJson(form), Map.of(), Map.of(),
          accessKeyId);
      status = 200;
      xml = QueryXml.response(namespace, op, result, requestId);
    } catch (ApiException e) {
      status = e.status();
      xml = QueryXml.error(namespace, e.code(), e.getMessage(), e.status() < 500, requestId);
    }
    hooks.record(service, op, scope, now, status);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
    byte[] out = xml.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private void handleBackup(HttpExchange ex, byte[] body, Scope scope, Instant now) throws IOException {
    String rawPath = ex.getRequestURI().getRawPath();
    String[] raw = Route.segments(rawPath);
    String[] segments = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      segments[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    String method = ex.getRequestMethod();
    String op = "Unknown";
    int status;
    byte[] out;
    String errorType = null;
    try {
      Route route = null;
      Map<String, String> params = null;
      for (Route r : backupRoutes) {
        params = r.match(method, segments);
        if (params != null) {
          route = r;
          break;
        }
      }
      if (route == null) {
        throw new ApiException(404, "UnknownOperationException",
            "local-aws does not implement " + method + " " + rawPath);
      }
      op = route.operation();
      JsonNode result = invoke("backup", op, route.handler(), scope, now, parse(body), params,
          query(ex.getRequestURI().getRawQuery()));
      status = 200;
      out = result == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(result);
    } catch (ApiException e) {
      status = e.status();
      errorType = e.code();
      ObjectNode err = Json.object();
      err.put("Code", e.code());
      err.put("Message", e.getMessage());
      err.put("Type", e.status() >= 500 ? "Server" : "User");
      out = Json.MAPPER.writeValueAsBytes(err);
    }
    hooks.record("backup", op, scope, now, status);
    if (errorType != null) {
      ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, status, out);
  }

  private JsonNode invoke(String service, String op, Operation handler, Scope scope, Instant now,
      ObjectNode body, Map<String, String> params, Map<String, String> query) {
    return invoke(service, op, handler, scope, now, body, params, query, null);
  }

  private JsonNode invoke(String service, String op, Operation handler, Scope scope, Instant now,
      ObjectNode body, Map<String, String> params, Map<String, String> query, String accessKeyId) {
    ApiException fault = hooks.fault(service, op);
    if (fault != null) {
      throw fault;
    }
    synchronized (world) {
      world.tick(now);
      return handler.handle(new Request(service, op, scope, now, body, params, query, world, accessKeyId));
    }
  }

  private static void send(HttpExchange ex, int status, byte[] out) throws IOException {
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || n.isMissingNode() || n.isNull()) {
        return Json.object();
      }
      if (!n.isObject()) {
        throw new ApiException(400, "SerializationException", "Request body must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new ApiException(400, "SerializationException", "Malformed JSON request body: " + e.getMessage());
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> q = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  Scope scope(String authorization) {
    String region = world.options().defaultRegion();
    String account = DEFAULT_ACCOUNT;
    if (authorization != null) {
      Matcher m = CREDENTIAL.matcher(authorization);
      if (m.find()) {
        region = m.group(2);
        if (m.group(1).matches("\\d{12}")) {
          account = m.group(1);
        } else {
          String temporary = hooks.accountOfAccessKey(m.group(1));
          if (temporary != null) {
            account = temporary;
          }
        }
      }
    }
    return new Scope(account, region);
  }

  private static String accessKeyId(String authorization) {
    if (authorization == null) {
      return null;
    }
    Matcher m = CREDENTIAL.matcher(authorization);
    return m.find() ? m.group(1) : null;
  }

  private static String dynamoErrorPrefix(String code) {
    switch (code) {
      case "ValidationException":
        return "com.amazon.coral.validate";
      case "ThrottlingException":
      case "ServiceUnavailable":
        return "com.amazon.coral.availability";
      case "AccessDeniedException":
      case "UnknownOperationException":
      case "SerializationException":
        return "com.amazon.coral.service";
      default:
        return "com.amazonaws.dynamodb.v20120810";
    }
  }
}
