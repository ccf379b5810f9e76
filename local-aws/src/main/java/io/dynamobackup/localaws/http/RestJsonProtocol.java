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
 * The REST-JSON protocol of AWS Backup and AWS Lambda (whose paths start with {@code /2015-03-31/}): routed by HTTP
 * method and request URI exactly as in the service model, answered with the model's success status; errors as
 * {@code {"Code","Message","Type"}} with the {@code x-amzn-ErrorType} header.
 */
final class RestJsonProtocol {
  private static final String LAMBDA_PATH = "/2015-03-31/";
  private final Dispatcher dispatcher;
  private final List<Route> backupRoutes;
  private final List<Route> lambdaRoutes;

  RestJsonProtocol(Dispatcher dispatcher, List<Route> backupRoutes, List<Route> lambdaRoutes) {
    this.dispatcher = dispatcher;
    this.backupRoutes = backupRoutes;
    this.lambdaRoutes = lambdaRoutes;
  }

  void handle(HttpExchange ex, byte[] body, Dispatcher.Caller caller, Instant now) throws IOException {
    String rawPath = ex.getRequestURI().getRawPath();
    String[] raw = Route.segments(rawPath);
    String[] segments = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      segments[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    String method = ex.getRequestMethod();
    boolean lambda = rawPath.startsWith(LAMBDA_PATH);
    String service = lambda ? "lambda" : "backup";
    List<Route> routes = lambda ? lambdaRoutes : backupRoutes;
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
      JsonNode modelInput = dispatcher.validator(service) == null ? json
          : dispatcher.validator(service).restInput(op, json, params, query);
      JsonNode result = dispatcher.invoke(service, op, route.handler(), caller, now, modelInput, json, params, query);
      status = successStatus(service, op);
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
    dispatcher.record(service, op, caller, now, status);
    if (errorType != null) {
      ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    Exchanges.send(ex, status, out);
  }

  /** The HTTP status of a successful call as the service model says (Lambda answers 201 and 202 too). */
  private static int successStatus(String service, String operation) {
    JsonNode model = io.dynamobackup.localaws.model.ServiceModel.document(service);
    return model == null ? 200 : model.path("operations").path(operation).path("http").path("responseCode").asInt(200);
  }
}
