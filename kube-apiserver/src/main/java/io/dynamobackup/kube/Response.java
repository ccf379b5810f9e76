package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An API response: a JSON body, or a watch that streams events until either side closes it. */
final class Response {
  final int code;
  final String contentType;
  final byte[] body;
  final List<String> warnings = new ArrayList<>();
  final Watch watch;

  /** Where a watch sends its events (one JSON watch event each); non-blocking. */
  interface Sink {
    void send(String event);

    void close();
  }

  /** Starts sending events to a sink; the returned handle stops it. */
  interface Watch {
    Runnable start(Sink sink);
  }

  private Response(int code, String contentType, byte[] body, Watch watch) {
    this.code = code;
    this.contentType = contentType;
    this.body = body;
    this.watch = watch;
  }

  static Response json(int code, JsonNode body) {
    return new Response(code, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8), null);
  }

  static Response text(int code, String text) {
    return new Response(code, "text/plain", text.getBytes(StandardCharsets.UTF_8), null);
  }

  static Response watch(Watch watch) {
    return new Response(200, "application/json", new byte[0], watch);
  }

  static Response status(ApiException e) {
    return json(e.code, e.toStatus());
  }

  Response withWarnings(List<String> messages) {
    warnings.addAll(messages);
    return this;
  }

  void forEachWarning(Consumer<String> header) {
    warnings.forEach(w -> header.accept("299 - \"" + w.replace("\"", "\\\"") + "\""));
  }
}
