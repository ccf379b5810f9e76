package io.dynamobackup.localaws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amazon CloudWatch metric alarms over the AWS query protocol (form-encoded {@code Action=PutMetricAlarm}, XML
 * responses), which is what the AWS SDK for Java v2 2.40.x and the aws CLI v2 send: PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms. Alarms only store their configuration; they never evaluate metrics.
 */
public final class CloudWatchService {
  static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
  static final Set<String> OPERATORS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
      "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
      "LessThanLowerThreshold", "GreaterThanUpperThreshold");
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public CloudWatchService() {
    operations.put("PutMetricAlarm", this::putMetricAlarm);
    operations.put("DescribeAlarms", this::describeAlarms);
    operations.put("DeleteAlarms", this::deleteAlarms);
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  // ---- errors ----

  static ApiException invalidValue(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  static ApiException missing(String parameter) {
    return new ApiException(400, "MissingParameter", "The parameter " + parameter + " is required.");
  }

  private static String required(Request r, String field) {
    String v = r.text(field);
    if (v == null || v.isEmpty()) {
      throw missing(field);
    }
    return v;
  }

  private static int integer(Request r, String field, boolean required) {
    String v = required ? required(r, field) : r.text(field);
    try {
      return v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalidValue("Invalid integer for " + field + ": " + v);
    }
  }

  private static List<String> list(Request r, String field) {
    List<String> out = new ArrayList<>();
    JsonNode n = r.node(field);
    if (n != null && n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  // ---- operations ----

  JsonNode putMetricAlarm(Request r) {
    MetricAlarm a = new MetricAlarm();
    a.name = required(r, "AlarmName");
    if (a.name.length() > 255) {
      throw invalidValue("AlarmName must be at most 255 characters");
    }
    if (r.node("Metrics") != null) {
      throw invalidValue("local-aws supports only alarms on a single metric (MetricName/Namespace), not metric math");
    }
    a.metricName = required(r, "MetricName");
    a.namespace = required(r, "Namespace");
    a.statistic = r.text("Statistic");
    a.extendedStatistic = r.text("ExtendedStatistic");
    if ((a.statistic == null) == (a.extendedStatistic == null)) {
      throw new ApiException(400, "InvalidParameterCombination",
          "Exactly one of Statistic or ExtendedStatistic must be specified.");
    }
    if (a.statistic != null && !STATISTICS.contains(a.statistic)) {
      throw invalidValue("Invalid Statistic: " + a.statistic);
    }
    a.period = integer(r, "Period", true);
    if (a.period < 10 || (a.period > 30 && a.period % 60 != 0)) {
      throw invalidValue("Period must be 10, 20, 30 or a multiple of 60 seconds");
    }
    a.evaluationPeriods = integer(r, "EvaluationPeriods", true);
    if (a.evaluationPeriods < 1) {
      throw invalidValue("EvaluationPeriods must be at least 1");
    }
    if (r.text("DatapointsToAlarm") != null) {
      a.datapointsToAlarm = integer(r, "DatapointsToAlarm", false);
    }
    String threshold = required(r, "Threshold");
    try {
      a.threshold = Double.parseDouble(threshold);
    } catch (NumberFormatException e) {
      throw invalidValue("Invalid Threshold: " + threshold);
    }
    a.comparisonOperator = required(r, "ComparisonOperator");
    if (!OPERATORS.contains(a.comparisonOperator)) {
      throw invalidValue("Invalid ComparisonOperator: " + a.comparisonOperator);
    }
    a.description = r.text("AlarmDescription");
    a.actionsEnabled = !"false".equals(r.text("ActionsEnabled"));
    a.okActions = list(r, "OKActions");
    a.alarmActions = list(r, "AlarmActions");
    a.insufficientDataActions = list(r, "InsufficientDataActions");
    a.unit = r.text("Unit");
    a.treatMissingData = r.text("TreatMissingData");
    JsonNode dimensions = r.node("Dimensions");
    if (dimensions != null) {
      for (JsonNode d : dimensions) {
        String name = d.path("Name").asText(null);
        String value = d.path("Value").asText(null);
        if (name == null || value == null) {
          throw invalidValue("Every dimension needs a Name and a Value");
        }
        a.dimensions.put(name, value);
      }
      if (a.dimensions.size() > 30) {
        throw invalidValue("At most 30 dimensions");
      }
    }
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
    if (names.size() > 100) {
      throw invalidValue("At most 100 AlarmNames");
    }
    List<String> types = list(r, "AlarmTypes");
    String state = r.text("StateValue");
    String actionPrefix = r.text("ActionPrefix");
    int max = r.text("MaxRecords") == null ? 50 : integer(r, "MaxRecords", false);
    if (max < 1 || max > 100) {
      throw invalidValue("MaxRecords must be between 1 and 100");
    }
    int start = 0;
    String token = r.text("NextToken");
    if (token != null && !token.isEmpty()) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw new ApiException(400, "InvalidNextToken", "The service couldn't process the token.");
      }
    }
    ObjectNode out = Json.object();
    ArrayNode metricAlarms = out.putArray("MetricAlarms");
    out.putArray("CompositeAlarms");
    if (!types.isEmpty() && !types.contains("MetricAlarm")) {
      return out;
    }
    List<MetricAlarm> matching = new ArrayList<>();
    for (MetricAlarm a : r.region().alarms.values()) {
      if ((names.isEmpty() || names.contains(a.name)) && (prefix == null || a.name.startsWith(prefix))
          && (state == null || state.equals(a.stateValue))
          && (actionPrefix == null || a.alarmActions.stream().anyMatch(x -> x.startsWith(actionPrefix)))) {
        matching.add(a);
      }
    }
    int end = Math.min(matching.size(), start + max);
    for (int i = start; i < end; i++) {
      metricAlarms.add(describe(matching.get(i)));
    }
    if (end < matching.size()) {
      out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
    }
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
    n.put("MetricName", a.metricName);
    n.put("Namespace", a.namespace);
    Json.putIfNotNull(n, "Statistic", a.statistic);
    Json.putIfNotNull(n, "ExtendedStatistic", a.extendedStatistic);
    ArrayNode dims = n.putArray("Dimensions");
    a.dimensions.forEach((k, v) -> dims.addObject().put("Name", k).put("Value", v));
    n.put("Period", Integer.toString(a.period));
    Json.putIfNotNull(n, "Unit", a.unit);
    n.put("EvaluationPeriods", Integer.toString(a.evaluationPeriods));
    if (a.datapointsToAlarm != null) {
      n.put("DatapointsToAlarm", a.datapointsToAlarm.toString());
    }
    n.put("Threshold", Double.toString(a.threshold));
    n.put("ComparisonOperator", a.comparisonOperator);
    Json.putIfNotNull(n, "TreatMissingData", a.treatMissingData);
    return n;
  }

  JsonNode deleteAlarms(Request r) {
    List<String> names = list(r, "AlarmNames");
    if (names.isEmpty()) {
      throw missing("AlarmNames");
    }
    if (names.size() > 100) {
      throw invalidValue("At most 100 AlarmNames");
    }
    for (String name : names) {
      if (!r.region().alarms.containsKey(name)) {
        throw new ApiException(404, "ResourceNotFound", "Alarm " + name + " does not exist; no alarms were deleted.");
      }
    }
    names.forEach(r.region().alarms::remove);
    return null;
  }
}
