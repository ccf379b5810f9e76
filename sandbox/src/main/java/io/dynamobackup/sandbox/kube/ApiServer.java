package io.dynamobackup.sandbox.kube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's Kubernetes API server: plain HTTP on a loopback port (Vert.x, as the fabric8 mock web server uses),
 * serving {@link SandboxDispatcher}. Watches are served both as WebSockets (the fabric8 client) and as chunked HTTP
 * streams of newline-delimited watch events (kubectl / client-go), which the fabric8 mock web server cannot do.
 * Unlike {@code MockWebServer}, it does not record requests, so it can run for days.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private final ClusterStore store;
  private final SandboxDispatcher dispatcher;
  private final Vertx vertx;
  private HttpServer server;
  private String host;

  public ApiServer(Clock clock) {
    this.store = new ClusterStore(clock);
    this.dispatcher = new SandboxDispatcher(store, clock);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
  }

  /** Binds to {@code host:port} (port 0 picks a free one). */
  public ApiServer start(String host, int port) {
    this.host = host;
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
            "channel.k8s.io"))
        .setHandle100ContinueAutomatically(true).setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    server.listen().toCompletionStage().toCompletableFuture().join();
    dispatcher.serverAddress(host + ":" + port());
    return this;
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://" + host + ":" + port();
  }

  public ClusterStore store() {
    return store;
  }

  public SandboxDispatcher dispatcher() {
    return dispatcher;
  }

  private void handle(HttpServerRequest request) {
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      // a watch over a WebSocket (the fabric8 client): no body, and the upgrade must happen in this handler
      RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.fromVertx(request.method()), request.uri(),
          Headers.builder().addAll(request.headers()).build(), new Buffer(new byte[0]));
      MockResponse response = dispatcher.dispatch(recorded);
      if (response.getWebSocketListener() != null) {
        request.toWebSocket().onFailure(e -> LOG.debug("websocket upgrade failed", e))
            .onSuccess(new ServerWebSocketHandler(recorded, response));
      } else {
        send(request, response);
      }
      return;
    }
    request.body().onFailure(e -> request.response().setStatusCode(500).end()).onSuccess(body -> {
      RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.fromVertx(request.method()), request.uri(),
          Headers.builder().addAll(request.headers()).build(), new Buffer(body == null ? new byte[0] : body.getBytes()));
      vertx.<MockResponse>executeBlocking(() -> dispatcher.dispatch(recorded), false).onComplete(result -> {
        if (result.failed()) {
          LOG.warn("{} {} failed", request.method(), request.uri(), result.cause());
          request.response().setStatusCode(500).end();
          return;
        }
        MockResponse response = result.result();
        if (response.getWebSocketListener() != null) {
          streamWatch(request, recorded, response);
        } else {
          send(request, response);
        }
      });
    });
  }

  private static void send(HttpServerRequest request, MockResponse response) {
    HttpServerResponse out = request.response().setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach((name, values) -> out.headers().add(name, values));
    byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
    out.end(io.vertx.core.buffer.Buffer.buffer(bytes));
  }

  /** A watch over plain HTTP: one JSON watch event per line, until the client goes away or timeoutSeconds passes. */
  private void streamWatch(HttpServerRequest request, RecordedRequest recorded, MockResponse response) {
    HttpServerResponse out = request.response().setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "application/json").putHeader("Transfer-Encoding", "chunked");
    out.write("");
    WebSocketListener listener = response.getWebSocketListener();
    AtomicBoolean closed = new AtomicBoolean();
    WebSocket stream = new WebSocket() {
      @Override
      public RecordedRequest request() {
        return recorded;
      }

      @Override
      public boolean send(String text) {
        if (!closed.get()) {
          out.write(text.replace("\n", "") + "\n");
        }
        return !closed.get();
      }

      @Override
      public boolean send(byte[] bytes) {
        return send(new String(bytes, StandardCharsets.UTF_8));
      }

      @Override
      public boolean close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
          vertx.runOnContext(v -> {
            if (!out.ended() && !out.closed()) {
              out.end();
            }
          });
        }
        return true;
      }
    };
    Runnable finish = () -> vertx.executeBlocking(() -> {
      listener.onClosed(stream, 1000, "watch ended");
      return null;
    }, false);
    out.closeHandler(v -> {
      closed.set(true);
      finish.run();
    });
    String timeout = SandboxDispatcher.query(request.query() == null ? "" : request.query()).get("timeoutSeconds");
    if (timeout != null && !timeout.isEmpty()) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, Long.parseLong(timeout))), id -> {
        stream.close(1000, "timeout");
        finish.run();
      });
    }
    vertx.executeBlocking(() -> {
      listener.onOpen(stream, response);
      return null;
    }, false);
  }

  @Override
  public void close() {
    dispatcher.shutdown();
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
    CompletableFuture<Void> closed = vertx.close().toCompletionStage().toCompletableFuture();
    closed.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
