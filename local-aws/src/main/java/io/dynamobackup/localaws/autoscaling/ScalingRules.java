package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.http.Request;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Application Auto Scaling's rules for DynamoDB beyond its service model (enums and lengths come from the model), each
 * in one place; every violation is a {@code ValidationException}.
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html;
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
 */
final class ScalingRules {
  private static final Pattern RESOURCE =
      Pattern.compile("table/([a-zA-Z0-9_.-]{3,255})(?:/index/([a-zA-Z0-9_.-]{3,255}))?");
  private static final Set<String> DIMENSIONS = Set.of("dynamodb:table:ReadCapacityUnits",
      "dynamodb:table:WriteCapacityUnits", "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits");
  /** DynamoDB target utilization, in percent. */
  static final double MIN_TARGET_UTILIZATION = 20;
  static final double MAX_TARGET_UTILIZATION = 90;
  /** DescribeScalableTargets and DescribeScalingPolicies return 1–50 items per page (50 by default). */
  static final int MAX_RESULTS = 50;

  private ScalingRules() {}

  static ApiException invalid(String message) {
    return new ApiException(400, "ValidationException", message);
  }

  /** local-aws scales DynamoDB only (the model knows every namespace). */
  static String namespace(Request r) {
    String ns = r.text("ServiceNamespace");
    if (!"dynamodb".equals(ns)) {
      throw invalid("local-aws supports only the dynamodb service namespace, not " + ns);
    }
    return ns;
  }

  /**
   * A DynamoDB resource id is {@code table/NAME} or {@code table/NAME/index/INDEX}, and its scalable dimension must
   * be a table dimension for a table and an index dimension for a global secondary index.
   * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html (ResourceId)
   *
   * @return the match: group 1 the table, group 2 the index or null
   */
  static Matcher resource(String resourceId, String dimension) {
    Matcher m = RESOURCE.matcher(resourceId);
    if (!m.matches()) {
      throw invalid("Unsupported resource ID " + resourceId + " for the dynamodb namespace: expected table/<name>"
          + " or table/<name>/index/<index>");
    }
    if (!DIMENSIONS.contains(dimension)) {
      throw invalid("Unsupported scalable dimension " + dimension + " for the dynamodb namespace");
    }
    if ((m.group(2) != null) != dimension.startsWith("dynamodb:index:")) {
      throw invalid("Scalable dimension " + dimension + " does not match resource ID " + resourceId);
    }
    return m;
  }

  /**
   * A new scalable target must name an existing table (or global secondary index) in provisioned capacity mode,
   * with both MinCapacity and MaxCapacity.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
   */
  static void newTarget(RegionState region, Matcher resource, String resourceId, Long min, Long max) {
    Table table = region.table(resource.group(1));
    String index = resource.group(2);
    if (table == null || (index != null && table.def.gsis.stream().noneMatch(i -> i.name.equals(index)))) {
      throw invalid("Unable to find " + (index == null ? "table " + resource.group(1)
          : "global secondary index " + index + " of table " + resource.group(1)) + " for resource " + resourceId);
    }
    if ("PAY_PER_REQUEST".equals(table.def.billingMode)) {
      throw invalid("Table " + table.name + " uses on-demand (PAY_PER_REQUEST) capacity and cannot be auto scaled");
    }
    if (min == null || max == null) {
      throw invalid("MinCapacity and MaxCapacity are required when registering a new scalable target");
    }
  }

  /** DynamoDB capacity is at least 1 unit, and the minimum cannot exceed the maximum. */
  static void capacity(int min, int max) {
    if (min < 1) {
      throw invalid("Minimum capacity must be at least 1 for DynamoDB (was " + min + ")");
    }
    if (min > max) {
      throw invalid("Minimum capacity cannot be greater than maximum capacity (" + min + " > " + max + ")");
    }
  }

  /**
   * DynamoDB supports target-tracking policies on its predefined utilization metric of the same dimension (read or
   * write), with a target utilization of 20 to 90 percent and non-negative cooldowns.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html;
   * https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/AWS-EnableDynamoDbAutoscaling.html
   */
  static void targetTracking(String policyType, JsonNode config, String dimension) {
    if (!"TargetTrackingScaling".equals(policyType)) {
      throw invalid("DynamoDB supports only TargetTrackingScaling policies, not " + policyType);
    }
    if (config == null || !config.isObject()) {
      throw invalid("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy");
    }
    String metricType = config.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText(null);
    if (metricType == null) {
      throw invalid("local-aws supports only a PredefinedMetricSpecification in target-tracking policies");
    }
    String expected = dimension.endsWith(":ReadCapacityUnits") ? "DynamoDBReadCapacityUtilization"
        : "DynamoDBWriteCapacityUtilization";
    if (!expected.equals(metricType)) {
      throw invalid("Predefined metric type " + metricType + " does not match scalable dimension " + dimension
          + " (expected " + expected + ")");
    }
    double target = config.path("TargetValue").asDouble();
    if (target < MIN_TARGET_UTILIZATION || target > MAX_TARGET_UTILIZATION) {
      throw invalid("TargetValue " + config.path("TargetValue").asText() + " is out of range: the target utilization"
          + " of a DynamoDB table or index must be between 20 and 90 percent");
    }
    for (String cooldown : new String[] {"ScaleInCooldown", "ScaleOutCooldown"}) {
      if (config.has(cooldown) && config.get(cooldown).asLong() < 0) {
        throw invalid(cooldown + " must be zero or more seconds (was " + config.get(cooldown).asText() + ")");
      }
    }
  }

  /** The page size of a describe call: 1–50, 50 by default. */
  static int maxResults(Long requested) {
    int limit = requested == null ? MAX_RESULTS : requested.intValue();
    if (limit < 1 || limit > MAX_RESULTS) {
      throw invalid("MaxResults must be between 1 and " + MAX_RESULTS);
    }
    return limit;
  }

  /**
   * A schedule is {@code at(yyyy-mm-ddThh:mm:ss)}, {@code rate(value unit)} or {@code cron(fields)}; the action sets a
   * minimum or a maximum (or both, minimum not above maximum); the end time is after the start time.
   * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
   */
  static void scheduledAction(String schedule, JsonNode action, JsonNode start, JsonNode end) {
    if (schedule == null || !(schedule.matches("at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)")
        || schedule.matches("rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)")
        || schedule.matches("cron\\(\\S+( \\S+){5}\\)"))) {
      throw invalid("Schedule " + schedule + " is not valid: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or"
          + " cron(minutes hours day-of-month month day-of-week year)");
    }
    if (action == null || !(action.has("MinCapacity") || action.has("MaxCapacity"))) {
      throw invalid("ScalableTargetAction must specify MinCapacity, MaxCapacity or both");
    }
    if (action.has("MinCapacity") && action.has("MaxCapacity")
        && action.get("MinCapacity").asLong() > action.get("MaxCapacity").asLong()) {
      throw invalid("Minimum capacity cannot be greater than maximum capacity in the scheduled action");
    }
    if (start != null && end != null && end.asDouble() <= start.asDouble()) {
      throw invalid("EndTime must be after StartTime");
    }
  }
}
