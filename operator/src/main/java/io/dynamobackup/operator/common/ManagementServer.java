package io.dynamobackup.operator.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Serves /metrics (Prometheus text), /healthz (the process is alive) and /readyz (the operator is started). */
public final class ManagementServer implements AutoCloseable {
  private final HttpServer server;

  public ManagementServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape()));
    server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", exchange -> {
      boolean isReady = ready.getAsBoolean();
      respond(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ok\n" : "starting\n");
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "management-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
