package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.dynamobackup.localaws.cloudwatch.QueryParams;
import io.dynamobackup.localaws.cloudwatch.QueryXml;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.sts.StsService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The AWS query protocol (CloudWatch {@code Version=2010-08-01}, STS {@code Version=2011-06-15}): form-encoded
 * parameters in, XML out, errors as {@code <ErrorResponse>} in the service's XML namespace. The Version picks the
 * service.
 */
final class QueryProtocol {
  private static final String CLOUDWATCH_VERSION = "2010-08-01";
  private final Dispatcher dispatcher;
  private final Map<String, Operation> cloudWatchOps;
  private final Map<String, Operation> stsOps;

  QueryProtocol(Dispatcher dispatcher, Map<String, Operation> cloudWatchOps, Map<String, Operation> stsOps) {
    this.dispatcher = dispatcher;
    this.cloudWatchOps = cloudWatchOps;
    this.stsOps = stsOps;
  }

  void handle(HttpExchange ex, byte[] body, Dispatcher.Caller caller, Instant now) throws IOException {
    Map<String, String> form = Exchanges.form(new String(body, StandardCharsets.UTF_8), false);
    String op = form.getOrDefault("Action", "Unknown");
    boolean sts = StsService.VERSION.equals(form.get("Version"));
    String service = sts ? "sts" : "cloudwatch";
    String namespace = sts ? StsService.NAMESPACE : QueryXml.NAMESPACE;
    String requestId = UUID.randomUUID().toString();
    int status;
    String xml;
    try {
      Operation handler = sts ? stsOps.get(op) : cloudWatchOps.get(op);
      if (handler == null || !(sts || CLOUDWATCH_VERSION.equals(form.get("Version")))) {
        throw new ApiException(400, "InvalidAction", "local-aws does not implement the query action " + op
            + " (Version " + form.get("Version") + ")");
      }
      form.remove("Action");
      form.remove("Version");
      ObjectNode input = QueryParams.toJson(form);
      JsonNode result = dispatcher.invoke(service, op, handler, caller, now, input, input, Map.of(), Map.of());
      status = 200;
      xml = QueryXml.response(namespace, op, result, requestId);
    } catch (ApiException e) {
      status = e.status();
      xml = QueryXml.error(namespace, e.code(), e.getMessage(), e.status() < 500, requestId);
    }
    dispatcher.record(service, op, caller, now, status);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
    Exchanges.send(ex, status, xml.getBytes(StandardCharsets.UTF_8));
  }
}
