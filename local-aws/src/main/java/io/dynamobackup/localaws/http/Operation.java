package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;

/** An operation handler: returns the response body (null for an empty 200 response). */
@FunctionalInterface
public interface Operation {
  JsonNode handle(Request request);
}
