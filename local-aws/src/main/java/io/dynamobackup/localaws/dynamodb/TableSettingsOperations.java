package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Request;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags, TTL and point-in-time recovery of a table. */
final class TableSettingsOperations {

  JsonNode tagResource(Request r) {
    Table t = DynamoDbService.tableByArn(r, r.requiredText("ResourceArn"));
    if (!(r.node("Tags") instanceof ArrayNode tags)) {
      throw ApiException.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    }
    Map<String, String> added = new LinkedHashMap<>();
    tags.forEach(tag -> added.put(tag.path("Key").asText(), tag.path("Value").asText()));
    TableRules.tags(t.tags, added); // before storing anything: a refused call changes nothing
    t.tags.putAll(added);
    return Json.object();
  }

  JsonNode untagResource(Request r) {
    Table t = DynamoDbService.tableByArn(r, r.requiredText("ResourceArn"));
    JsonNode keys = r.node("TagKeys");
    if (keys != null) {
      keys.forEach(k -> t.tags.remove(k.asText()));
    }
    return Json.object();
  }

  JsonNode listTagsOfResource(Request r) {
    Table t = DynamoDbService.tableByArn(r, r.requiredText("ResourceArn"));
    ObjectNode out = Json.object();
    out.set("Tags", TableDescriber.tags(t.tags));
    return out;
  }

  JsonNode updateTimeToLive(Request r) {
    Table t = DynamoDbService.table(r);
    JsonNode spec = r.node("TimeToLiveSpecification");
    if (spec == null || !spec.has("AttributeName") || !spec.has("Enabled")) {
      throw ApiException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
    }
    boolean enabled = spec.get("Enabled").asBoolean();
    if (enabled && t.ttlEnabled) {
      throw ApiException.validation("TimeToLive is already enabled");
    }
    if (!enabled && !t.ttlEnabled) {
      throw ApiException.validation("TimeToLive is already disabled");
    }
    t.ttlEnabled = enabled;
    t.ttlAttribute = enabled ? spec.get("AttributeName").asText() : null;
    ObjectNode out = Json.object();
    out.set("TimeToLiveSpecification", spec.deepCopy());
    return out;
  }

  JsonNode describeTimeToLive(Request r) {
    Table t = DynamoDbService.table(r);
    ObjectNode out = Json.object();
    ObjectNode d = out.putObject("TimeToLiveDescription");
    d.put("TimeToLiveStatus", t.ttlEnabled ? "ENABLED" : "DISABLED");
    if (t.ttlEnabled) {
      d.put("AttributeName", t.ttlAttribute);
    }
    return out;
  }

  JsonNode updateContinuousBackups(Request r) {
    Table t = pitrTable(r);
    JsonNode spec = r.node("PointInTimeRecoverySpecification");
    if (spec == null || !spec.has("PointInTimeRecoveryEnabled")) {
      throw ApiException.validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null");
    }
    boolean enabled = spec.get("PointInTimeRecoveryEnabled").asBoolean();
    Long days = Json.longValue(spec, "RecoveryPeriodInDays");
    if (!enabled && days != null) {
      // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html
      throw TableRules.invalid("RecoveryPeriodInDays can only be specified when PointInTimeRecoveryEnabled is true");
    }
    // Re-enabling starts a new history: the old restorable window is gone, as in AWS.
    t.setPointInTimeRecovery(enabled, r.now);
    t.pitrRecoveryPeriodDays = enabled && days != null ? days.intValue() : 35;
    return continuousBackups(t, r);
  }

  JsonNode describeContinuousBackups(Request r) {
    return continuousBackups(pitrTable(r), r);
  }

  private static Table pitrTable(Request r) {
    try {
      return DynamoDbService.table(r);
    } catch (ApiException e) {
      if ("ResourceNotFoundException".equals(e.code())) {
        throw new ApiException(400, "TableNotFoundException", "Table not found: " + r.text("TableName"));
      }
      throw e;
    }
  }

  private static JsonNode continuousBackups(Table t, Request r) {
    ObjectNode out = Json.object();
    ObjectNode d = out.putObject("ContinuousBackupsDescription");
    d.put("ContinuousBackupsStatus", "ENABLED");
    d.set("PointInTimeRecoveryDescription", PointInTimeRecovery.describe(t, r.now));
    return out;
  }
}
