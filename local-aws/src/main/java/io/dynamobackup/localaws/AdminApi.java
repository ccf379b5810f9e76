package io.dynamobackup.localaws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.EdgeServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * local-aws's own control endpoints, for a process that did not start local-aws (a sandbox started with
 * {@code --aws-endpoint}, a test, a person with curl). JSON in and out, no signature, under {@code /_localaws/}:
 * <ul>
 *   <li>{@code GET /_localaws/clock}: {@code {"now": "...", "timeScale": 60}}, so another process can follow the
 *   emulator's clock ({@code timeScale} is absent for a manual clock);</li>
 *   <li>{@code GET /_localaws/calls[?region=R][&since=N][&answered=true|false]}: the call log from index N
 *   ({@link CallRecord}s with their index), and {@code next}, the index to ask from next time;</li>
 *   <li>{@code GET /_localaws/faults/region-outages}, {@code PUT} / {@code DELETE
 *   /_localaws/faults/region-outages/REGION}: start or end a Region outage ({@link Faults#regionOutage}); the answer
 *   lists the Regions out and, for each outage started here, {@code since}: the index of the call log when it
 *   began.</li>
 * </ul>
 */
final class AdminApi implements EdgeServer.Admin {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final String OUTAGES = EdgeServer.ADMIN_PREFIX + "faults/region-outages";

  private final Clock clock;
  private final Faults faults;
  private final Supplier<List<CallRecord>> calls;
  private final Map<String, Integer> outageSince = new java.util.concurrent.ConcurrentHashMap<>();

  AdminApi(Clock clock, Faults faults, Supplier<List<CallRecord>> calls) {
    this.clock = clock;
    this.faults = faults;
    this.calls = calls;
  }

  @Override
  public void handle(HttpExchange exchange, byte[] body) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (path.equals(EdgeServer.ADMIN_PREFIX + "clock") && method.equals("GET")) {
      ObjectNode out = Json.object();
      out.put("now", clock.instant().toString());
      if (clock instanceof ScaledClock scaled) {
        out.put("timeScale", scaled.scale());
      } else if (!(clock instanceof ManualClock)) {
        out.put("timeScale", 1.0);
      }
      send(exchange, 200, out);
    } else if (path.equals(EdgeServer.ADMIN_PREFIX + "calls") && method.equals("GET")) {
      send(exchange, 200, calls(query));
    } else if (path.equals(OUTAGES) && method.equals("GET")) {
      send(exchange, 200, outages());
    } else if (path.startsWith(OUTAGES + "/") && (method.equals("PUT") || method.equals("DELETE"))) {
      String region = path.substring(OUTAGES.length() + 1);
      if (!REGION.matcher(region).matches()) {
        send(exchange, 400, error("not a Region: " + region));
        return;
      }
      if (method.equals("PUT")) {
        outageSince.putIfAbsent(region, calls.get().size());
        faults.regionOutage(region);
      } else {
        faults.endRegionOutage(region);
        outageSince.remove(region);
      }
      send(exchange, 200, outages());
    } else {
      send(exchange, 404, error("no local-aws endpoint " + method + " " + path + "; see local-aws/README.md"));
    }
  }

  private ObjectNode calls(Map<String, String> query) {
    List<CallRecord> log = calls.get();
    int since;
    try {
      since = Math.max(0, Integer.parseInt(query.getOrDefault("since", "0")));
    } catch (NumberFormatException e) {
      since = 0;
    }
    String region = query.get("region");
    String answered = query.get("answered");
    ArrayNode out = Json.array();
    for (int i = since; i < log.size(); i++) {
      CallRecord call = log.get(i);
      if ((region != null && !region.equals(call.region()))
          || (answered != null && Boolean.parseBoolean(answered) != call.answered())) {
        continue;
      }
      ObjectNode n = out.addObject();
      n.put("index", i);
      n.put("service", call.service());
      n.put("operation", call.operation());
      n.put("region", call.region());
      n.put("accountId", call.accountId());
      n.put("time", call.time().toString());
      n.put("httpStatus", call.httpStatus());
      n.put("answered", call.answered());
    }
    ObjectNode result = Json.object();
    result.set("calls", out);
    result.put("next", log.size());
    return result;
  }

  private ObjectNode outages() {
    ObjectNode out = Json.object();
    ArrayNode regions = out.putArray("regions");
    faults.regionsOut().forEach(regions::add);
    ObjectNode since = out.putObject("since");
    faults.regionsOut().stream().filter(outageSince::containsKey).forEach(r -> since.put(r, outageSince.get(r)));
    return out;
  }

  private static ObjectNode error(String message) {
    ObjectNode out = Json.object();
    out.put("message", message);
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] out = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }
}
