package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.kinesis.KinesisService;

/**
 * Contributor Insights (UpdateContributorInsights, DescribeContributorInsights) and Kinesis Data Streams destinations
 * (Enable/Update/Disable/DescribeKinesisStreamingDestination) of a table. Both take effect at once: the response
 * says ENABLING (or DISABLING), the next describe ENABLED / ACTIVE.
 */
final class FeatureOperations {
  private static final String TABLE = "";

  /**
   * Enables or disables Contributor Insights of the table or one of its GSIs; the mode applies when enabling.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContributorInsights.html
   */
  JsonNode updateContributorInsights(Request r) {
    Table t = DynamoDbService.table(r);
    String index = index(r, t);
    boolean enable = "ENABLE".equals(r.text("ContributorInsightsAction"));
    String mode = r.text("ContributorInsightsMode");
    if (!enable && mode != null) {
      throw TableRules.invalid("ContributorInsightsMode can only be given with ContributorInsightsAction ENABLE");
    }
    if (enable) {
      t.contributorInsights.put(key(index), mode == null ? "ACCESSED_AND_THROTTLED_KEYS" : mode);
    } else {
      t.contributorInsights.remove(key(index));
    }
    ObjectNode out = Json.object();
    out.put("TableName", t.name);
    Json.putIfNotNull(out, "IndexName", index);
    out.put("ContributorInsightsStatus", enable ? "ENABLING" : "DISABLING");
    Json.putIfNotNull(out, "ContributorInsightsMode", enable ? t.contributorInsights.get(key(index)) : null);
    return out;
  }

  JsonNode describeContributorInsights(Request r) {
    Table t = DynamoDbService.table(r);
    String index = index(r, t);
    String mode = t.contributorInsights.get(key(index));
    ObjectNode out = Json.object();
    out.put("TableName", t.name);
    Json.putIfNotNull(out, "IndexName", index);
    out.put("ContributorInsightsStatus", mode == null ? "DISABLED" : "ENABLED");
    if (mode != null) {
      out.put("ContributorInsightsMode", mode);
      ArrayNode rules = out.putArray("ContributorInsightsRuleList");
      String scope = index == null ? "" : "-" + index;
      rules.add("DynamoDBContributorInsights-PKC-" + t.name + scope + "-" + t.createdAt.toEpochMilli());
      rules.add("DynamoDBContributorInsights-PKT-" + t.name + scope + "-" + t.createdAt.toEpochMilli());
      Json.putTime(out, "LastUpdateDateTime", r.now);
    }
    return out;
  }

  private static String key(String index) {
    return index == null ? TABLE : index;
  }

  /** The IndexName parameter, which must name a GSI of the table. */
  private static String index(Request r, Table t) {
    String index = r.text("IndexName");
    if (index != null && t.def.gsis.stream().noneMatch(i -> i.name.equals(index))) {
      throw ApiException.ddbNotFound("Requested resource not found: Index: " + index + " not found for table "
          + t.name);
    }
    return index;
  }

  /**
   * Streams the table's changes to a Kinesis data stream of the same account and Region, which must exist.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_EnableKinesisStreamingDestination.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html
   */
  JsonNode enableKinesisStreamingDestination(Request r) {
    Table t = DynamoDbService.table(r);
    String arn = r.requiredText("StreamArn");
    Arns.Arn stream = Arns.parse(arn);
    if (stream == null || !"kinesis".equals(stream.service()) || !stream.region().equals(t.scope.region())
        || !stream.accountId().equals(t.scope.accountId())) {
      throw TableRules.invalid("StreamArn " + arn + " must name a Kinesis data stream in the table's account and"
          + " Region (" + t.scope.accountId() + ", " + t.scope.region() + ")");
    }
    if (KinesisService.find(r.region(), arn) == null) {
      throw ApiException.ddbNotFound("Requested resource not found: Stream: " + arn + " not found");
    }
    TableFeatures.KinesisDestination existing = t.kinesisDestinations.get(arn);
    if (existing != null && "ACTIVE".equals(existing.status)) {
      throw ApiException.ddbInUse("Table " + t.name + " is already streaming to " + arn);
    }
    JsonNode config = r.node("EnableKinesisStreamingConfiguration");
    String precision = config == null ? "MILLISECOND"
        : config.path("ApproximateCreationDateTimePrecision").asText("MILLISECOND");
    t.kinesisDestinations.put(arn, new TableFeatures.KinesisDestination(arn, "ACTIVE", precision));
    return destination(t, arn, "ENABLING", "EnableKinesisStreamingConfiguration", precision);
  }

  /** Only an ACTIVE destination's precision can change. */
  JsonNode updateKinesisStreamingDestination(Request r) {
    Table t = DynamoDbService.table(r);
    String arn = r.requiredText("StreamArn");
    TableFeatures.KinesisDestination d = t.kinesisDestinations.get(arn);
    if (d == null || !"ACTIVE".equals(d.status)) {
      throw TableRules.invalid("Table " + t.name + " has no active Kinesis streaming destination " + arn);
    }
    JsonNode config = r.node("UpdateKinesisStreamingConfiguration");
    if (config != null && config.has("ApproximateCreationDateTimePrecision")) {
      d.precision = config.get("ApproximateCreationDateTimePrecision").asText();
    }
    return destination(t, arn, "UPDATING", "UpdateKinesisStreamingConfiguration", d.precision);
  }

  JsonNode disableKinesisStreamingDestination(Request r) {
    Table t = DynamoDbService.table(r);
    String arn = r.requiredText("StreamArn");
    TableFeatures.KinesisDestination d = t.kinesisDestinations.get(arn);
    if (d == null || !"ACTIVE".equals(d.status)) {
      throw TableRules.invalid("Table " + t.name + " has no active Kinesis streaming destination " + arn);
    }
    d.status = "DISABLED";
    return destination(t, arn, "DISABLING", "EnableKinesisStreamingConfiguration", d.precision);
  }

  JsonNode describeKinesisStreamingDestination(Request r) {
    Table t = DynamoDbService.table(r);
    ObjectNode out = Json.object();
    out.put("TableName", t.name);
    ArrayNode list = out.putArray("KinesisDataStreamDestinations");
    for (TableFeatures.KinesisDestination d : t.kinesisDestinations.values()) {
      list.addObject().put("StreamArn", d.streamArn).put("DestinationStatus", d.status)
          .put("ApproximateCreationDateTimePrecision", d.precision);
    }
    return out;
  }

  private static ObjectNode destination(Table t, String arn, String status, String configField, String precision) {
    ObjectNode out = Json.object();
    out.put("TableName", t.name);
    out.put("StreamArn", arn);
    out.put("DestinationStatus", status);
    out.putObject(configField).put("ApproximateCreationDateTimePrecision", precision);
    return out;
  }
}
