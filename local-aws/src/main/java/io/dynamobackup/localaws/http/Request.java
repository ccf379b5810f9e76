package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/** One decoded API request, as seen by an operation handler. */
public final class Request {
  public final String service;
  public final String operation;
  public final Scope scope;
  public final Instant now;
  public final ObjectNode body;
  public final Map<String, String> pathParams;
  public final Map<String, String> query;
  public final World world;
  private final String accessKeyId;

  public Request(String service, String operation, Scope scope, Instant now, ObjectNode body,
      Map<String, String> pathParams, Map<String, String> query, World world, String accessKeyId) {
    this.accessKeyId = accessKeyId;
    this.service = service;
    this.operation = operation;
    this.scope = scope;
    this.now = now;
    this.body = body;
    this.pathParams = pathParams;
    this.query = query;
    this.world = world;
  }

  /** The access key id of the SigV4 credential scope, or null when the request was not signed. */
  public String accessKeyId() {
    return accessKeyId;
  }

  public RegionState region() {
    return world.region(scope);
  }

  public String text(String field) {
    return Json.text(body, field);
  }

  public String requiredText(String field) {
    String v = text(field);
    if (v == null || v.isEmpty()) {
      throw "dynamodb".equals(service)
          ? ApiException.validation("1 validation error detected: Value null at '" + lowerFirst(field)
              + "' failed to satisfy constraint: Member must not be null")
          : ApiException.missingParameter(field);
    }
    return v;
  }

  public JsonNode node(String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n;
  }

  public String path(String name) {
    return pathParams.get(name);
  }

  public String queryParam(String name) {
    return query.get(name);
  }

  public Instant queryTime(String name) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      if (v.matches("-?\\d+(\\.\\d+)?")) {
        return Instant.ofEpochMilli(new java.math.BigDecimal(v).movePointRight(3).longValue());
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (RuntimeException e) {
      throw ApiException.invalidParameter("Invalid timestamp for " + name + ": " + v);
    }
  }

  public Integer queryInt(String name) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter("Invalid integer for " + name + ": " + v);
    }
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
