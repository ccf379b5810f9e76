package io.dynamobackup.localaws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Pagination;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon CloudWatch metric alarms over the AWS query protocol (form-encoded {@code Action=PutMetricAlarm}, XML
 * responses), which is what the AWS SDK for Java v2 2.40.x and the aws CLI v2 send: PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms. Alarms only store their configuration; they never evaluate metrics. Requests are checked against the
 * CloudWatch model first; {@link AlarmRules} holds the rules beyond it.
 */
public final class CloudWatchService {
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public CloudWatchService() {
    operations.put("PutMetricAlarm", this::putMetricAlarm);
    operations.put("DescribeAlarms", this::describeAlarms);
    operations.put("DeleteAlarms", this::deleteAlarms);
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  private static Integer integer(Request r, String field) {
    String v = r.text(field);
    return v == null ? null : Integer.valueOf(v.trim()); // the model check already refused what is not a number
  }

  private static List<String> list(Request r, String field) {
    List<String> out = new ArrayList<>();
    JsonNode n = r.node(field);
    if (n != null && n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  JsonNode putMetricAlarm(Request r) {
    if (r.node("EvaluationCriteria") != null) {
      throw AlarmRules.invalid("local-aws supports alarms on a single metric or on metric math, not PromQL alarms");
    }
    MetricAlarm a = new MetricAlarm();
    a.name = r.text("AlarmName");
    a.metricName = r.text("MetricName");
    a.namespace = r.text("Namespace");
    a.statistic = r.text("Statistic");
    a.extendedStatistic = r.text("ExtendedStatistic");
    a.period = integer(r, "Period");
    a.evaluationPeriods = integer(r, "EvaluationPeriods");
    a.datapointsToAlarm = integer(r, "DatapointsToAlarm");
    a.threshold = r.text("Threshold") == null ? null : Double.valueOf(r.text("Threshold"));
    a.comparisonOperator = r.text("ComparisonOperator");
    a.description = r.text("AlarmDescription");
    a.actionsEnabled = !"false".equals(r.text("ActionsEnabled"));
    a.okActions = list(r, "OKActions");
    a.alarmActions = list(r, "AlarmActions");
    a.insufficientDataActions = list(r, "InsufficientDataActions");
    a.unit = r.text("Unit");
    a.treatMissingData = r.text("TreatMissingData");
    a.evaluateLowSampleCountPercentile = r.text("EvaluateLowSampleCountPercentile");
    a.thresholdMetricId = r.text("ThresholdMetricId");
    if (r.node("Metrics") instanceof com.fasterxml.jackson.databind.node.ArrayNode metrics) {
      a.metrics = metrics.deepCopy();
    }
    JsonNode dimensions = r.node("Dimensions");
    if (dimensions != null) {
      dimensions.forEach(d -> a.dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagList = r.node("Tags");
    if (tagList != null) {
      tagList.forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    }
    AlarmRules.check(a, tags, r.scope);
    put(r.region(), a, r.now);
    return null;
  }

  /** Creates or replaces an alarm (also used by Application Auto Scaling for its target-tracking alarms). */
  public static void put(RegionState region, MetricAlarm alarm, Instant now) {
    MetricAlarm earlier = region.alarms.get(alarm.name);
    alarm.arn = region.scope.arn("cloudwatch", "alarm:" + alarm.name);
    alarm.configurationUpdated = now;
    if (earlier != null) {
      alarm.stateValue = earlier.stateValue;
      alarm.stateReason = earlier.stateReason;
      alarm.stateUpdated = earlier.stateUpdated;
    } else {
      alarm.stateUpdated = now;
    }
    region.alarms.put(alarm.name, alarm);
  }

  JsonNode describeAlarms(Request r) {
    List<String> names = list(r, "AlarmNames");
    String prefix = r.text("AlarmNamePrefix");
    if (!names.isEmpty() && prefix != null) {
      throw new ApiException(400, "InvalidParameterCombination",
          "AlarmNames and AlarmNamePrefix cannot be specified together.");
    }
    List<String> types = list(r, "AlarmTypes");
    String state = r.text("StateValue");
    String actionPrefix = r.text("ActionPrefix");
    Integer max = integer(r, "MaxRecords");
    ObjectNode out = Json.object();
    List<ObjectNode> matching = new ArrayList<>();
    if (types.isEmpty() || types.contains("MetricAlarm")) {
      for (MetricAlarm a : r.region().alarms.values()) {
        if ((names.isEmpty() || names.contains(a.name)) && (prefix == null || a.name.startsWith(prefix))
            && (state == null || state.equals(a.stateValue))
            && (actionPrefix == null || a.alarmActions.stream().anyMatch(x -> x.startsWith(actionPrefix)))) {
          matching.add(describe(a));
        }
      }
    }
    Pagination.page(matching, max == null ? 50 : max, r.text("NextToken"), out, "MetricAlarms",
        new ApiException(400, "InvalidNextToken", "The service couldn't process the token."));
    out.putArray("CompositeAlarms");
    return out;
  }

  static ObjectNode describe(MetricAlarm a) {
    ObjectNode n = Json.object();
    n.put("AlarmName", a.name);
    n.put("AlarmArn", a.arn);
    Json.putIfNotNull(n, "AlarmDescription", a.description);
    n.put("AlarmConfigurationUpdatedTimestamp", a.configurationUpdated.toString());
    n.put("ActionsEnabled", Boolean.toString(a.actionsEnabled));
    ArrayNode ok = n.putArray("OKActions");
    a.okActions.forEach(ok::add);
    ArrayNode alarm = n.putArray("AlarmActions");
    a.alarmActions.forEach(alarm::add);
    ArrayNode insufficient = n.putArray("InsufficientDataActions");
    a.insufficientDataActions.forEach(insufficient::add);
    n.put("StateValue", a.stateValue);
    n.put("StateReason", a.stateReason);
    n.put("StateUpdatedTimestamp", a.stateUpdated.toString());
    Json.putIfNotNull(n, "MetricName", a.metricName);
    Json.putIfNotNull(n, "Namespace", a.namespace);
    Json.putIfNotNull(n, "Statistic", a.statistic);
    Json.putIfNotNull(n, "ExtendedStatistic", a.extendedStatistic);
    ArrayNode dims = n.putArray("Dimensions");
    a.dimensions.forEach((k, v) -> dims.addObject().put("Name", k).put("Value", v));
    if (a.period != null) {
      n.put("Period", Integer.toString(a.period));
    }
    Json.putIfNotNull(n, "Unit", a.unit);
    n.put("EvaluationPeriods", Integer.toString(a.evaluationPeriods));
    if (a.datapointsToAlarm != null) {
      n.put("DatapointsToAlarm", a.datapointsToAlarm.toString());
    }
    if (a.threshold != null) {
      n.put("Threshold", Double.toString(a.threshold));
    }
    Json.putIfNotNull(n, "ThresholdMetricId", a.thresholdMetricId);
    if (a.metrics != null) {
      n.set("Metrics", a.metrics.deepCopy());
    }
    n.put("ComparisonOperator", a.comparisonOperator);
    Json.putIfNotNull(n, "TreatMissingData", a.treatMissingData);
    Json.putIfNotNull(n, "EvaluateLowSampleCountPercentile", a.evaluateLowSampleCountPercentile);
    return n;
  }

  /** Deletes all named alarms or, when one does not exist, none. */
  JsonNode deleteAlarms(Request r) {
    List<String> names = list(r, "AlarmNames");
    for (String name : names) {
      if (!r.region().alarms.containsKey(name)) {
        throw new ApiException(404, "ResourceNotFound", "Alarm " + name + " does not exist; no alarms were deleted.");
      }
    }
    names.forEach(r.region().alarms::remove);
    return null;
  }
}
