package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Reading request bodies and writing responses, shared by the protocol handlers. */
final class Exchanges {
  private Exchanges() {}

  static void send(HttpExchange ex, int status, byte[] out) throws IOException {
    if (!ex.getResponseHeaders().containsKey("x-amzn-RequestId")) {
      ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    }
    ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  /** A JSON request body as an object ({@code {}} when empty); anything else is a SerializationException. */
  static ObjectNode jsonBody(byte[] body) {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || n.isMissingNode() || n.isNull()) {
        return Json.object();
      }
      if (!n.isObject()) {
        throw new ApiException(400, "SerializationException", "Request body must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new ApiException(400, "SerializationException", "Malformed JSON request body: " + e.getMessage());
    }
  }

  /** {@code a=1&b=x%20y} → ordered map; with {@code firstWins} a repeated name keeps its first value. */
  static Map<String, String> form(String encoded, boolean firstWins) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (firstWins) {
        out.putIfAbsent(k, v);
      } else {
        out.put(k, v);
      }
    }
    return out;
  }
}
