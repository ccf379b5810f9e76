package io.dynamobackup.kube;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Kubernetes API server: plain HTTP on a loopback port (Vert.x), with the indexed {@link ObjectStore},
 * {@link Admission} (schema, CEL, managed fields), {@link Rbac} and {@link GarbageCollector}. Requests authenticate
 * with a bearer token ({@link #addToken}); without {@link #requireAuthentication()} a request without a token acts as
 * a cluster administrator, like a local insecure port. Watches are served both as WebSockets (the fabric8 client) and
 * as chunked HTTP streams of newline-delimited watch events (kubectl / client-go), honouring {@code timeoutSeconds}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final UserInfo LOCAL_ADMIN = UserInfo.admin("system:admin");
  private final ObjectStore store;
  private final ApiResources resources;
  private final Router router;
  private final GarbageCollector garbageCollector;
  private final Map<String, UserInfo> tokens = new ConcurrentHashMap<>();
  private final AuditLog audit = new AuditLog();
  private volatile boolean authenticationRequired;
  private final Vertx vertx;
  private HttpServer server;
  private String host;

  public ApiServer(Clock clock) {
    this.store = new ObjectStore(clock);
    this.resources = new ApiResources(store);
    Admission admission = new Admission(store);
    this.router = new Router(resources, new Rbac(store), new Reads(store, new Tables(clock), audit),
        new Writes(store, admission, new Bodies(), resources), audit, clock);
    this.garbageCollector = new GarbageCollector(store, resources);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
  }

  /** Binds to {@code host:port} (port 0 picks a free one). */
  public ApiServer start(String host, int port) {
    this.host = host;
    // HTTP/1.1 only on plain HTTP, like kube-apiserver: Vert.x's h2c upgrade kept one value of a repeated header of
    // the upgraded request (Impersonate-Group), and the JDK client (fabric8) asks for that upgrade
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
            "channel.k8s.io"))
        .setHandle100ContinueAutomatically(true).setCompressionSupported(false).setHttp2ClearTextEnabled(false);
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    server.listen().toCompletionStage().toCompletableFuture().join();
    router.serverAddress(host + ":" + port());
    return this;
  }

  /** Requests with {@code Authorization: Bearer token} act as {@code user}. */
  public ApiServer addToken(String token, UserInfo user) {
    tokens.put(token, user);
    return this;
  }

  /** From now on a request without a token is {@code system:anonymous}, which RBAC allows nothing but discovery. */
  public ApiServer requireAuthentication() {
    authenticationRequired = true;
    return this;
  }

  /** A new random bearer token for {@code user}. */
  public String issueToken(UserInfo user) {
    String token = java.util.UUID.randomUUID().toString().replace("-", "");
    addToken(token, user);
    return token;
  }

  /**
   * Creates every object of a multi-document YAML manifest as the cluster administrator (through admission, like
   * {@code kubectl create -f}), creating missing namespaces first, as {@code helm install --create-namespace} would.
   *
   * @throws ApiException when an object is refused
   */
  public void createAll(String yaml) {
    for (com.fasterxml.jackson.databind.JsonNode document : Json.parseYamlDocuments(yaml)) {
      if (!(document instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
        continue;
      }
      ResourceType type = resources.findKind(object.path("apiVersion").asText(), object.path("kind").asText())
          .orElseThrow(() -> ApiException.badRequest("no such kind: " + object.path("apiVersion").asText() + " "
              + object.path("kind").asText()));
      String namespace = type.namespaced() ? object.path("metadata").path("namespace").asText("default") : null;
      if (namespace != null && store.get(ApiResources.NAMESPACES, null, namespace).isEmpty()) {
        create(ApiResources.NAMESPACES, null, Json.object().put("apiVersion", "v1").put("kind", "Namespace")
            .set("metadata", Json.object().put("name", namespace)));
      }
      create(type, namespace, object);
    }
  }

  /**
   * Installs an RBAC manifest (e.g. a Helm chart's rendered Roles and bindings) with the ServiceAccount it binds, and
   * returns a bearer token of that ServiceAccount: a client with it has exactly the manifest's permissions.
   *
   * @throws IllegalArgumentException when the manifest binds no ServiceAccount
   */
  public String installServiceAccount(String rbacYaml) {
    UserInfo account = UserInfo.serviceAccountsBoundIn(rbacYaml).stream().findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the RBAC manifest binds no ServiceAccount"));
    String[] name = account.name().split(":");
    createAll(rbacYaml);
    createAll("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: " + name[3] + ", namespace: " + name[2] + "}\n");
    return issueToken(account);
  }

  private void create(ResourceType type, String namespace, com.fasterxml.jackson.databind.JsonNode object) {
    Response response = router.handle(new Request("POST", type.collectionPath(namespace), Map.of(),
        Map.of("content-type", "application/json"), Json.write(object).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        LOCAL_ADMIN));
    if (response.code >= 300) {
      com.fasterxml.jackson.databind.JsonNode status = Json.parse(new String(response.body,
          java.nio.charset.StandardCharsets.UTF_8));
      throw new ApiException(response.code, status.path("reason").asText(), status.path("message").asText());
    }
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://" + host + ":" + port();
  }

  public ObjectStore store() {
    return store;
  }

  /** Every resource request with its user and answer, for tests that check what a client really did. */
  public AuditLog audit() {
    return audit;
  }

  public ApiResources resources() {
    return resources;
  }

  private void handle(HttpServerRequest http) {
    UserInfo user = authenticate(http.getHeader("Authorization"));
    if (user == null) {
      send(http, Response.status(new ApiException(401, "Unauthorized", "Unauthorized")));
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(http.getHeader("Upgrade"));
    if (upgrade) {
      // a watch over a WebSocket (the fabric8 client): no body, and the upgrade must start in this handler
      Response response = router.handle(request(http, new byte[0], user));
      if (response.watch == null) {
        send(http, response);
      } else {
        http.toWebSocket().onFailure(e -> LOG.debug("websocket upgrade failed", e))
            .onSuccess(socket -> webSocketWatch(socket, response.watch));
      }
      return;
    }
    http.body().onFailure(e -> http.response().setStatusCode(500).end())
        .onSuccess(body -> dispatch(http, body == null ? new byte[0] : body.getBytes(), user));
  }

  private void dispatch(HttpServerRequest http, byte[] body, UserInfo user) {
    Request request = request(http, body, user);
    vertx.<Response>executeBlocking(() -> router.handle(request), false).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("{} {} failed", http.method(), http.uri(), result.cause());
        http.response().setStatusCode(500).end();
        return;
      }
      Response response = result.result();
      if (response.watch == null) {
        send(http, response);
      } else {
        streamWatch(http, request, response.watch);
      }
    });
  }

  private UserInfo authenticate(String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.get(authorization.substring(7).trim());
    }
    return authenticationRequired ? UserInfo.ANONYMOUS : LOCAL_ADMIN;
  }

  private static Request request(HttpServerRequest http, byte[] body, UserInfo user) {
    String path = http.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Map<String, String> headers = new HashMap<>();
    MultiMap all = http.headers();
    Map<String, List<String>> impersonate = new HashMap<>();
    all.names().forEach(name -> {
      String lower = name.toLowerCase(Locale.ROOT);
      headers.put(lower, all.get(name));
      if (lower.startsWith("impersonate-")) {
        impersonate.computeIfAbsent(lower, n -> List.copyOf(all.getAll(name)));
      }
    });
    return new Request(http.method().name(), path, Router.query(http.query()), headers, body, user, impersonate);
  }

  private static void send(HttpServerRequest http, Response response) {
    HttpServerResponse out = http.response().setStatusCode(response.code).putHeader("Content-Type",
        response.contentType);
    response.forEachWarning(w -> out.headers().add("Warning", w));
    out.end(Buffer.buffer(response.body));
  }

  private void webSocketWatch(ServerWebSocket socket, Response.Watch watch) {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicReference<Runnable> stop = new AtomicReference<>();
    socket.closeHandler(v -> {
      closed.set(true);
      if (stop.get() != null) {
        stop.get().run();
      }
    });
    stop.set(watch.start(new Response.Sink() {
      @Override
      public void send(String event) {
        if (!closed.get()) {
          socket.writeTextMessage(event);
        }
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          socket.close();
        }
      }
    }));
    if (closed.get()) {
      stop.get().run();
    }
  }

  /** A watch over plain HTTP: one JSON watch event per line, until the client goes away or timeoutSeconds passes. */
  private void streamWatch(HttpServerRequest http, Request request, Response.Watch watch) {
    HttpServerResponse out = http.response().setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "application/json");
    out.write("");
    AtomicBoolean closed = new AtomicBoolean();
    AtomicReference<Runnable> stop = new AtomicReference<>();
    Response.Sink sink = new Response.Sink() {
      @Override
      public void send(String event) {
        if (!closed.get()) {
          out.write(event.replace("\n", "") + "\n");
        }
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          vertx.runOnContext(v -> {
            if (!out.ended() && !out.closed()) {
              out.end();
            }
          });
          if (stop.get() != null) {
            stop.get().run();
          }
        }
      }
    };
    out.closeHandler(v -> {
      closed.set(true);
      if (stop.get() != null) {
        stop.get().run();
      }
    });
    String timeout = request.query().get("timeoutSeconds");
    if (timeout != null && !timeout.isEmpty()) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, Long.parseLong(timeout))), id -> sink.close());
    }
    stop.set(watch.start(sink));
    if (closed.get()) {
      stop.get().run();
    }
  }

  @Override
  public void close() {
    garbageCollector.close();
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
  }
}
