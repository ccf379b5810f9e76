package io.dynamobackup.localaws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Pagination;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.http.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * AWS Lambda (REST-JSON, {@code /2015-03-31/...}) as far as stream triggers need it: functions (CreateFunction,
 * GetFunction, DeleteFunction; the code is not kept and never runs) and event-source mappings on DynamoDB streams
 * (Create, Get, Update, Delete, List). {@link LambdaRules} holds the rules beyond the model.
 */
public final class LambdaService {
  /** The fields of a mapping's configuration that apply to DynamoDB streams and come back as they were set. */
  private static final List<String> STREAM_FIELDS = List.of("BatchSize", "MaximumBatchingWindowInSeconds",
      "FilterCriteria", "DestinationConfig", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError",
      "MaximumRetryAttempts", "ParallelizationFactor", "TumblingWindowInSeconds", "FunctionResponseTypes",
      "MetricsConfig");

  public List<Route> routes() {
    return List.of(
        new Route("POST", "/2015-03-31/functions", "CreateFunction", this::createFunction),
        new Route("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction", this::getFunction),
        new Route("DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction", this::deleteFunction),
        new Route("POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping", this::createMapping),
        new Route("GET", "/2015-03-31/event-source-mappings", "ListEventSourceMappings", this::listMappings),
        new Route("GET", "/2015-03-31/event-source-mappings/{UUID}", "GetEventSourceMapping", this::getMapping),
        new Route("PUT", "/2015-03-31/event-source-mappings/{UUID}", "UpdateEventSourceMapping", this::updateMapping),
        new Route("DELETE", "/2015-03-31/event-source-mappings/{UUID}", "DeleteEventSourceMapping",
            this::deleteMapping));
  }

  JsonNode createFunction(Request r) {
    String name = r.requiredText("FunctionName");
    RegionState region = r.region();
    if (region.functions.containsKey(name)) {
      throw new ApiException(409, "ResourceConflictException", "Function already exist: " + name);
    }
    LambdaRules.newFunction(r);
    LambdaFunction f = new LambdaFunction();
    f.name = name;
    f.arn = r.scope.arn("lambda", "function:" + name);
    f.role = r.text("Role");
    f.runtime = r.text("Runtime");
    f.handler = r.text("Handler");
    f.lastModified = r.now;
    region.functions.put(name, f);
    return configuration(f);
  }

  JsonNode getFunction(Request r) {
    LambdaFunction f = LambdaRules.function(r, r.path("FunctionName"));
    ObjectNode out = Json.object();
    out.set("Configuration", configuration(f));
    return out;
  }

  JsonNode deleteFunction(Request r) {
    LambdaFunction f = LambdaRules.function(r, r.path("FunctionName"));
    r.region().functions.remove(f.name);
    return null;
  }

  private static ObjectNode configuration(LambdaFunction f) {
    ObjectNode n = Json.object();
    n.put("FunctionName", f.name);
    n.put("FunctionArn", f.arn);
    Json.putIfNotNull(n, "Runtime", f.runtime);
    n.put("Role", f.role);
    Json.putIfNotNull(n, "Handler", f.handler);
    n.put("LastModified", f.lastModified.toString());
    n.put("State", "Active");
    n.put("Version", "$LATEST");
    return n;
  }

  JsonNode createMapping(Request r) {
    LambdaFunction f = LambdaRules.function(r, r.requiredText("FunctionName"));
    String source = r.requiredText("EventSourceArn");
    LambdaRules.dynamoDbStream(r, source);
    LambdaRules.startingPosition(r.text("StartingPosition"));
    LambdaRules.streamConfiguration(r.body);
    for (EventSourceMapping m : r.region().eventSourceMappings.values()) {
      if (m.eventSourceArn.equals(source) && m.functionArn.equals(f.arn)) {
        throw new ApiException(409, "ResourceConflictException", "The event source arn (\" " + source
            + " \") and function (\" " + f.name + " \") provided mapping already exists. Please update or delete the"
            + " existing mapping with UUID " + m.uuid);
      }
    }
    EventSourceMapping m = new EventSourceMapping();
    m.uuid = UUID.randomUUID().toString();
    m.eventSourceArn = source;
    m.functionArn = f.arn;
    m.enabled = !Boolean.FALSE.equals(Json.bool(r.body, "Enabled"));
    m.startingPosition = r.text("StartingPosition");
    m.configuration = Json.object();
    copyStreamFields(r.body, m.configuration);
    m.lastModified = r.now;
    r.region().eventSourceMappings.put(m.uuid, m);
    return describe(m, "Creating");
  }

  JsonNode getMapping(Request r) {
    EventSourceMapping m = mapping(r);
    return describe(m, m.enabled ? "Enabled" : "Disabled");
  }

  JsonNode updateMapping(Request r) {
    EventSourceMapping m = mapping(r);
    LambdaFunction f = r.text("FunctionName") == null ? null : LambdaRules.function(r, r.text("FunctionName"));
    LambdaRules.streamConfiguration(r.body);
    if (f != null) {
      m.functionArn = f.arn;
    }
    Boolean enabled = Json.bool(r.body, "Enabled");
    String state = "Updating";
    if (enabled != null && enabled != m.enabled) {
      m.enabled = enabled;
      state = enabled ? "Enabling" : "Disabling";
    }
    copyStreamFields(r.body, m.configuration);
    m.lastModified = r.now;
    return describe(m, state);
  }

  JsonNode deleteMapping(Request r) {
    EventSourceMapping m = mapping(r);
    r.region().eventSourceMappings.remove(m.uuid);
    return describe(m, "Deleting");
  }

  JsonNode listMappings(Request r) {
    String source = r.queryParam("EventSourceArn");
    String function = r.queryParam("FunctionName");
    LambdaFunction f = function == null ? null : LambdaRules.function(r, function);
    List<ObjectNode> all = new ArrayList<>();
    for (EventSourceMapping m : r.region().eventSourceMappings.values()) {
      if ((source == null || source.equals(m.eventSourceArn)) && (f == null || f.arn.equals(m.functionArn))) {
        all.add(describe(m, m.enabled ? "Enabled" : "Disabled"));
      }
    }
    Integer max = r.queryInt("MaxItems");
    ObjectNode out = Json.object();
    Pagination.page(all, max == null ? 100 : max, r.queryParam("Marker"), out, "EventSourceMappings",
        new ApiException(400, "InvalidParameterValueException", "Invalid Marker"));
    if (out.has("NextToken")) {
      out.set("NextMarker", out.remove("NextToken"));
    }
    return out;
  }

  private static EventSourceMapping mapping(Request r) {
    EventSourceMapping m = r.region().eventSourceMappings.get(r.path("UUID"));
    if (m == null) {
      throw new ApiException(404, "ResourceNotFoundException", "The resource you requested does not exist."
          + " (Service: Lambda, Status Code: 404, Request ID: " + UUID.randomUUID() + ")");
    }
    return m;
  }

  /** Fields given in a Create or Update replace the stored ones; an empty FilterCriteria clears the filters. */
  private static void copyStreamFields(JsonNode body, ObjectNode configuration) {
    for (String field : STREAM_FIELDS) {
      JsonNode value = body.get(field);
      if (value != null && !value.isNull()) {
        configuration.set(field, value.deepCopy());
      }
    }
  }

  private static ObjectNode describe(EventSourceMapping m, String state) {
    ObjectNode n = Json.object();
    n.put("UUID", m.uuid);
    n.put("EventSourceArn", m.eventSourceArn);
    n.put("FunctionArn", m.functionArn);
    Json.putIfNotNull(n, "StartingPosition", m.startingPosition);
    n.setAll(m.configuration);
    n.put("BatchSize", m.configuration.path("BatchSize").asInt(100));
    Json.putTime(n, "LastModified", m.lastModified);
    n.put("State", state);
    n.put("StateTransitionReason", "User action");
    n.put("LastProcessingResult", "No records processed");
    return n;
  }
}
