package io.dynamobackup.localaws.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single edge endpoint. A request goes to its protocol by shape: an {@code X-Amz-Target} header is one of the AWS
 * JSON protocols (DynamoDB, Application Auto Scaling, the Resource Groups Tagging API), a form-encoded {@code POST} the query protocol (CloudWatch,
 * STS), anything else AWS Backup's REST-JSON. The {@link Dispatcher} then runs the call for every protocol alike.
 */
public final class EdgeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);

  static {
    // Without TCP_NODELAY the JDK server's separate header/body writes meet the client's delayed
    // ACK and every call takes ~40 ms. Must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Path prefix of local-aws's own control endpoints ({@link Admin}); no AWS API path starts with it. */
  public static final String ADMIN_PREFIX = "/_localaws/";

  /** local-aws's own control endpoints under {@link #ADMIN_PREFIX}: clock, call log, faults. */
  public interface Admin {
    void handle(HttpExchange exchange, byte[] body) throws IOException;
  }

  /** The operations of every service, by protocol. */
  public record Services(Map<String, Operation> dynamoDb, Map<String, Operation> autoScaling,
      Map<String, Operation> cloudWatch, Map<String, Operation> sts, List<Route> backup, Map<String, Operation> kinesis,
      List<Route> lambda, Map<String, Operation> tagging) {}

  private final Dispatcher dispatcher;
  private final JsonProtocol json;
  private final RestJsonProtocol rest;
  private final QueryProtocol query;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Admin admin;

  public EdgeServer(Dispatcher dispatcher, Services services, Admin admin, String host, int port) throws IOException {
    this.dispatcher = dispatcher;
    this.admin = admin;
    this.json = new JsonProtocol(dispatcher, services.dynamoDb(), services.autoScaling(), services.kinesis(),
        services.tagging());
    this.rest = new RestJsonProtocol(dispatcher, services.backup(), services.lambda());
    this.query = new QueryProtocol(dispatcher, services.cloudWatch(), services.sts());
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
      if (ex.getRequestURI().getPath().startsWith(ADMIN_PREFIX)) {
        admin.handle(ex, body);
        return;
      }
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      Dispatcher.Caller caller = dispatcher.caller(ex.getRequestHeaders().getFirst("Authorization"));
      Instant now = dispatcher.now();
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      if (target != null) {
        json.handle(ex, target, body, caller, now, contentType);
      } else if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
          && "POST".equals(ex.getRequestMethod())) {
        query.handle(ex, body, caller, now);
      } else {
        rest.handle(ex, body, caller, now);
      }
    } catch (RegionUnreachable outage) {
      // No response: closing the exchange before sending headers closes the connection, as a dead endpoint would.
      LOG.debug("{}", outage.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.error("local-aws internal error", e);
      throw e;
    }
  }
}
