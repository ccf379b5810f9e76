package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * AWS Backup's REST-JSON protocol: routed by HTTP method and request URI exactly as in the service model; errors as
 * {@code {"Code","Message","Type"}} with the {@code x-amzn-ErrorType} header.
 */
final class RestJsonProtocol {
  private static final String SERVICE = "backup";
  private final Dispatcher dispatcher;
  private final List<Route> routes;

  RestJsonProtocol(Dispatcher dispatcher, List<Route> routes) {
    this.dispatcher = dispatcher;
    this.routes = routes;
  }

  void handle(HttpExchange ex, byte[] body, Dispatcher.Caller caller, Instant now) throws IOException {
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
      for (Route r : routes) {
        params = r.match(method, segments);
        if (params != null) {
          route = r;
          break;
        }
      }
      if (route == null) {
        throw new ApiException(404, "UnknownOperationException", "local-aws does not implement " + method + " " + rawPath);
      }
      op = route.operation();
      ObjectNode json = Exchanges.jsonBody(body);
      Map<String, String> query = Exchanges.form(ex.getRequestURI().getRawQuery(), true);
      JsonNode modelInput = dispatcher.validator(SERVICE) == null ? json
          : dispatcher.validator(SERVICE).restInput(op, json, params, query);
      JsonNode result = dispatcher.invoke(SERVICE, op, route.handler(), caller, now, modelInput, json, params, query);
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
    dispatcher.record(SERVICE, op, caller, now, status);
    if (errorType != null) {
      ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    Exchanges.send(ex, status, out);
  }
}
