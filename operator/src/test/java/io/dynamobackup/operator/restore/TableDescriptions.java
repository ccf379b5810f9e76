package io.dynamobackup.operator.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Everything AWS says about a table and what hangs off it — DescribeTable, TTL, continuous backups, tags, resource
 * policies (table and stream), Contributor Insights (table and each GSI), Kinesis destinations, event-source mappings,
 * scalable targets, scaling policies, scheduled actions, alarms — as one tree, read through the AWS SDK's own field
 * model, with the table's identity replaced by placeholders so two tables' descriptions can be compared field by field.
 * {@link #LEGITIMATE_DIFFERENCES} is the one list of fields that differ between a table and its restored copy by
 * nature; everything else must match.
 */
final class TableDescriptions {
  /**
   * Fields that legitimately differ between a source table and its restore: identities and ARNs of things that are
   * new (the table, its stream, indexes, policies, mappings, scaling targets, alarms), times, states of things that
   * just started, and what DynamoDB counts (the restore consumes no capacity decreases).
   */
  static final Set<String> LEGITIMATE_DIFFERENCES = Set.of(
      "TableId", "CreationDateTime", "LatestStreamLabel", "LatestStreamArn", "RestoreSummary", "IndexArn",
      "TableClassSummary.LastUpdateDateTime", "LastUpdateToPayPerRequestDateTime", "NumberOfDecreasesToday",
      "LastIncreaseDateTime", "LastDecreaseDateTime", "RevisionId", "EarliestRestorableDateTime",
      "LatestRestorableDateTime", "LastUpdateDateTime", "ContributorInsightsRuleList", "UUID", "EventSourceArn",
      "LastModified", "StateTransitionReason", "LastProcessingResult", "ScalableTargetARN", "PolicyARN",
      "ScheduledActionARN", "CreationTime", "ScalingPolicies.Alarms", "AlarmArn", "AlarmConfigurationUpdatedTimestamp",
      "StateUpdatedTimestamp", "StateReason", "StateValue", "StateTransitionedTimestamp");

  private static final ObjectMapper JSON = new ObjectMapper();

  private TableDescriptions() {}

  /** The description of {@code table} in {@code region}, with its name, ARN and Region replaced by placeholders. */
  static Map<String, Object> describe(OperatorHarness harness, LambdaClient lambda, String region, String table) {
    DynamoDbClient dynamoDb = harness.dynamoDb(region);
    var t = dynamoDb.describeTable(b -> b.tableName(table)).table();
    Map<String, Object> d = new TreeMap<>();
    d.put("Table", tree(t));
    d.put("TimeToLive", tree(dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription()));
    d.put("ContinuousBackups", tree(dynamoDb.describeContinuousBackups(b -> b.tableName(table))
        .continuousBackupsDescription()));
    Map<String, String> tags = new TreeMap<>(); // tags are a set: their order means nothing
    dynamoDb.listTagsOfResource(b -> b.resourceArn(t.tableArn())).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
    d.put("Tags", tags);
    d.put("ResourcePolicy", policy(dynamoDb, t.tableArn()));
    d.put("StreamResourcePolicy", t.latestStreamArn() == null ? null : policy(dynamoDb, t.latestStreamArn()));
    Map<String, Object> insights = new TreeMap<>();
    insights.put("<table>", tree(dynamoDb.describeContributorInsights(b -> b.tableName(table))));
    t.globalSecondaryIndexes().forEach(i -> insights.put(i.indexName(), tree(dynamoDb.describeContributorInsights(
        b -> b.tableName(table).indexName(i.indexName())))));
    d.put("ContributorInsights", insights);
    d.put("KinesisDestinations", tree(dynamoDb.describeKinesisStreamingDestination(b -> b.tableName(table))
        .kinesisDataStreamDestinations()));
    d.put("EventSourceMappings", t.latestStreamArn() == null ? List.of()
        : tree(lambda.listEventSourceMappings(b -> b.eventSourceArn(t.latestStreamArn())).eventSourceMappings()));
    var scaling = harness.autoScaling(region);
    List<String> ids = new ArrayList<>(List.of("table/" + table));
    t.globalSecondaryIndexes().forEach(i -> ids.add("table/" + table + "/index/" + i.indexName()));
    d.put("ScalableTargets", tree(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceIds(ids)).scalableTargets()));
    List<Object> policies = new ArrayList<>();
    List<Object> scheduled = new ArrayList<>();
    for (String id : ids) {
      policies.add(tree(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId(id)).scalingPolicies()));
      scheduled.add(tree(scaling.describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId(id)).scheduledActions()));
    }
    d.put("ScalingPolicies", policies);
    d.put("ScheduledActions", scheduled);
    d.put("MetricAlarms", tree(harness.cloudWatch(region).describeAlarms(b -> b.maxRecords(100)).metricAlarms().stream()
        .filter(a -> !a.alarmName().startsWith("TargetTracking-") && a.toString().contains("Value=" + table + ")"))
        .toList()));
    return normalized(d, table, t.tableArn(), region);
  }

  /** Replaces the table's identity by placeholders and drops the fields that legitimately differ. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalized(Map<String, Object> d, String table, String arn, String region) {
    try {
      String json = JSON.writeValueAsString(d).replace(arn, "<table-arn>")
          .replace(":" + region + ":", ":<region>:").replace("\"" + region + "\"", "\"<region>\"")
          .replace("table/" + table, "table/<table>").replace("\"" + table + "\"", "\"<table>\"")
          .replace(table + "-", "<table>-").replace("-" + table + "\"", "-<table>\"").replaceAll("/stream/\\d{4}-\\d{2}-\\d{2}T[0-9:.]+", "/stream/<label>");
      Map<String, Object> tree = JSON.readValue(json, Map.class);
      strip(tree, "");
      return tree;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void strip(Object node, String path) {
    if (node instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).entrySet().removeIf(e -> LEGITIMATE_DIFFERENCES.contains(e.getKey())
          || LEGITIMATE_DIFFERENCES.contains(lastTwo(path, e.getKey())));
      ((Map<String, Object>) map).forEach((k, v) -> strip(v, k));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> strip(v, path));
    }
  }

  private static String lastTwo(String parent, String key) {
    return parent + "." + key;
  }

  private static Object policy(DynamoDbClient dynamoDb, String arn) {
    try {
      return JSON.readValue(dynamoDb.getResourcePolicy(b -> b.resourceArn(arn)).policy(), Map.class);
    } catch (DynamoDbException e) {
      return null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Any SDK response as plain maps, lists and strings, through the SDK's own field model. */
  static Object tree(Object value) {
    if (value instanceof SdkPojo pojo) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (SdkField<?> field : pojo.sdkFields()) {
        Object v = field.getValueOrDefault(pojo);
        if (v != null && !(v instanceof List<?> l && l.isEmpty())
            && !(v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)
            && !(v instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>)) {
          map.put(field.locationName() != null ? field.locationName() : field.memberName(), tree(v));
        }
      }
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(TableDescriptions::tree).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), tree(v)));
      return copy;
    }
    if (value instanceof Instant || value instanceof software.amazon.awssdk.core.SdkBytes) {
      return value.toString();
    }
    return value;
  }
}
