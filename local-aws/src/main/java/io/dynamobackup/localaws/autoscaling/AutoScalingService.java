package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.cloudwatch.CloudWatchService;
import io.dynamobackup.localaws.cloudwatch.MetricAlarm;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Pagination;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * Application Auto Scaling (JSON 1.1, {@code X-Amz-Target: AnyScaleFrontendService.Op}) for the {@code dynamodb}
 * namespace: RegisterScalableTarget, DescribeScalableTargets, DeregisterScalableTarget, PutScalingPolicy
 * (TargetTrackingScaling with a predefined DynamoDB metric), DescribeScalingPolicies. Like AWS, a target-tracking
 * policy creates CloudWatch alarms named {@code TargetTracking-<resourceId>-AlarmHigh|AlarmLow-<uuid>} on the table's
 * metrics, and deregistering the target deletes its policies and their alarms. Nothing ever scales.
 */
public final class AutoScalingService {
  public static final String TARGET_PREFIX = "AnyScaleFrontendService.";
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public AutoScalingService() {
    operations.put("RegisterScalableTarget", this::registerScalableTarget);
    operations.put("DescribeScalableTargets", this::describeScalableTargets);
    operations.put("DeregisterScalableTarget", this::deregisterScalableTarget);
    operations.put("PutScalingPolicy", this::putScalingPolicy);
    operations.put("DescribeScalingPolicies", this::describeScalingPolicies);
    operations.put("DeleteScalingPolicy", this::deleteScalingPolicy);
    ScheduledActionOperations scheduled = new ScheduledActionOperations();
    operations.put("PutScheduledAction", scheduled::putScheduledAction);
    operations.put("DescribeScheduledActions", scheduled::describeScheduledActions);
    operations.put("DeleteScheduledAction", scheduled::deleteScheduledAction);
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  static ApiException notFound(String message) {
    return new ApiException(400, "ObjectNotFoundException", message);
  }

  private static String policyKey(String targetKey, String policyName) {
    return targetKey + "|" + policyName;
  }

  // ---- scalable targets ----

  JsonNode registerScalableTarget(Request r) {
    String ns = ScalingRules.namespace(r);
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    Matcher m = ScalingRules.resource(resourceId, dimension);
    RegionState region = r.region();
    String key = ScalableTarget.key(ns, resourceId, dimension);
    ScalableTarget existing = region.scalableTargets.get(key);
    Long min = Json.longValue(r.body, "MinCapacity");
    Long max = Json.longValue(r.body, "MaxCapacity");
    if (existing == null) {
      ScalingRules.newTarget(region, m, resourceId, min, max);
    }
    int newMin = min == null ? existing.minCapacity : min.intValue();
    int newMax = max == null ? existing.maxCapacity : max.intValue();
    ScalingRules.capacity(newMin, newMax);
    ScalableTarget target = existing;
    if (target == null) {
      target = new ScalableTarget();
      target.serviceNamespace = ns;
      target.resourceId = resourceId;
      target.scalableDimension = dimension;
      target.createdAt = r.now;
      target.arn = r.scope.arn("application-autoscaling", "scalable-target/"
          + UUID.nameUUIDFromBytes((r.scope + key).getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""));
      target.roleArn = "arn:" + r.scope.partition() + ":iam::" + r.scope.accountId()
          + ":role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
          + "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";
    }
    target.minCapacity = newMin;
    target.maxCapacity = newMax;
    if (r.node("RoleARN") != null) {
      target.roleArn = r.text("RoleARN");
    }
    if (r.node("SuspendedState") != null && r.node("SuspendedState").isObject()) {
      target.suspendedState = (ObjectNode) r.node("SuspendedState").deepCopy();
    }
    region.scalableTargets.put(key, target);
    ObjectNode out = Json.object();
    out.put("ScalableTargetARN", target.arn);
    return out;
  }

  JsonNode describeScalableTargets(Request r) {
    String ns = ScalingRules.namespace(r);
    List<String> ids = strings(r.node("ResourceIds"));
    String dimension = r.text("ScalableDimension");
    List<ObjectNode> all = new ArrayList<>();
    for (ScalableTarget t : r.region().scalableTargets.values()) {
      if (t.serviceNamespace.equals(ns) && (ids.isEmpty() || ids.contains(t.resourceId))
          && (dimension == null || dimension.equals(t.scalableDimension))) {
        all.add(describe(t));
      }
    }
    return page(r, all, "ScalableTargets");
  }

  private static ObjectNode describe(ScalableTarget t) {
    ObjectNode n = Json.object();
    n.put("ServiceNamespace", t.serviceNamespace);
    n.put("ResourceId", t.resourceId);
    n.put("ScalableDimension", t.scalableDimension);
    n.put("MinCapacity", t.minCapacity);
    n.put("MaxCapacity", t.maxCapacity);
    n.put("RoleARN", t.roleArn);
    Json.putTime(n, "CreationTime", t.createdAt);
    ObjectNode suspended = t.suspendedState != null ? t.suspendedState.deepCopy() : Json.object();
    for (String f : List.of("DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended")) {
      if (!suspended.has(f)) {
        suspended.put(f, false);
      }
    }
    n.set("SuspendedState", suspended);
    n.put("ScalableTargetARN", t.arn);
    return n;
  }

  JsonNode deregisterScalableTarget(Request r) {
    String ns = ScalingRules.namespace(r);
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    RegionState region = r.region();
    String key = ScalableTarget.key(ns, resourceId, dimension);
    if (region.scalableTargets.remove(key) == null) {
      throw notFound("No scalable target registered for service namespace: " + ns + ", resource ID: " + resourceId
          + ", scalable dimension: " + dimension);
    }
    region.scalingPolicies.values().removeIf(p -> {
      if (p.targetKey().equals(key)) {
        p.alarmNames.forEach(region.alarms::remove);
        return true;
      }
      return false;
    });
    region.scheduledActions.values().removeIf(a -> a.targetKey().equals(key));
    return Json.object();
  }

  /** Deletes a scaling policy and the CloudWatch alarms it created. */
  JsonNode deleteScalingPolicy(Request r) {
    String ns = ScalingRules.namespace(r);
    String targetKey = ScalableTarget.key(ns, r.text("ResourceId"), r.text("ScalableDimension"));
    RegionState region = r.region();
    ScalingPolicy policy = region.scalingPolicies.remove(policyKey(targetKey, r.text("PolicyName")));
    if (policy == null) {
      throw notFound("No scaling policy found for service namespace: " + ns + ", resource ID: "
          + r.text("ResourceId") + ", scalable dimension: " + r.text("ScalableDimension") + ", policy name: "
          + r.text("PolicyName"));
    }
    policy.alarmNames.forEach(region.alarms::remove);
    return Json.object();
  }

  // ---- scaling policies ----

  JsonNode putScalingPolicy(Request r) {
    String name = r.text("PolicyName");
    String ns = ScalingRules.namespace(r);
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    Matcher m = ScalingRules.resource(resourceId, dimension);
    String type = r.text("PolicyType") == null ? "StepScaling" : r.text("PolicyType");
    JsonNode config = r.node("TargetTrackingScalingPolicyConfiguration");
    ScalingRules.targetTracking(type, config, dimension);
    boolean read = dimension.endsWith(":ReadCapacityUnits");
    RegionState region = r.region();
    String targetKey = ScalableTarget.key(ns, resourceId, dimension);
    if (!region.scalableTargets.containsKey(targetKey)) {
      throw notFound("No scalable target registered for service namespace: " + ns + ", resource ID: " + resourceId
          + ", scalable dimension: " + dimension);
    }
    String key = policyKey(targetKey, name);
    ScalingPolicy policy = region.scalingPolicies.get(key);
    if (policy == null) {
      policy = new ScalingPolicy();
      policy.name = name;
      policy.serviceNamespace = ns;
      policy.resourceId = resourceId;
      policy.scalableDimension = dimension;
      policy.createdAt = r.now;
      policy.arn = "arn:" + r.scope.partition() + ":autoscaling:" + r.scope.region() + ":" + r.scope.accountId()
          + ":scalingPolicy:" + UUID.randomUUID() + ":resource/" + ns + "/" + resourceId + ":policyName/" + name;
    } else {
      policy.alarmNames.forEach(region.alarms::remove);
      policy.alarmNames.clear();
    }
    policy.policyType = type;
    policy.configuration = (ObjectNode) config.deepCopy();
    String metric = read ? "ConsumedReadCapacityUnits" : "ConsumedWriteCapacityUnits";
    double target = config.path("TargetValue").asDouble();
    for (String level : List.of("AlarmHigh", "AlarmLow")) {
      MetricAlarm alarm = new MetricAlarm();
      alarm.name = "TargetTracking-" + resourceId + "-" + level + "-" + UUID.randomUUID();
      alarm.description = "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy " + policy.arn + ".";
      alarm.metricName = metric;
      alarm.namespace = "AWS/DynamoDB";
      alarm.statistic = "Sum";
      alarm.dimensions.put("TableName", m.group(1));
      if (m.group(2) != null) {
        alarm.dimensions.put("GlobalSecondaryIndexName", m.group(2));
      }
      alarm.period = 60;
      alarm.evaluationPeriods = level.equals("AlarmHigh") ? 2 : 15;
      alarm.threshold = target;
      alarm.comparisonOperator = level.equals("AlarmHigh") ? "GreaterThanThreshold" : "LessThanThreshold";
      alarm.alarmActions.add(policy.arn);
      CloudWatchService.put(region, alarm, r.now);
      policy.alarmNames.add(alarm.name);
    }
    region.scalingPolicies.put(key, policy);
    ObjectNode out = Json.object();
    out.put("PolicyARN", policy.arn);
    out.set("Alarms", alarms(region, policy));
    return out;
  }

  private static ArrayNode alarms(RegionState region, ScalingPolicy policy) {
    ArrayNode arr = Json.array();
    for (String alarmName : policy.alarmNames) {
      MetricAlarm alarm = region.alarms.get(alarmName);
      if (alarm != null) {
        arr.addObject().put("AlarmName", alarm.name).put("AlarmARN", alarm.arn);
      }
    }
    return arr;
  }

  JsonNode describeScalingPolicies(Request r) {
    String ns = ScalingRules.namespace(r);
    List<String> names = strings(r.node("PolicyNames"));
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    List<ObjectNode> all = new ArrayList<>();
    RegionState region = r.region();
    for (ScalingPolicy p : region.scalingPolicies.values()) {
      if (p.serviceNamespace.equals(ns) && (names.isEmpty() || names.contains(p.name))
          && (resourceId == null || resourceId.equals(p.resourceId))
          && (dimension == null || dimension.equals(p.scalableDimension))) {
        ObjectNode n = Json.object();
        n.put("PolicyARN", p.arn);
        n.put("PolicyName", p.name);
        n.put("ServiceNamespace", p.serviceNamespace);
        n.put("ResourceId", p.resourceId);
        n.put("ScalableDimension", p.scalableDimension);
        n.put("PolicyType", p.policyType);
        n.set("TargetTrackingScalingPolicyConfiguration", p.configuration.deepCopy());
        n.set("Alarms", alarms(region, p));
        Json.putTime(n, "CreationTime", p.createdAt);
        all.add(n);
      }
    }
    return page(r, all, "ScalingPolicies");
  }

  // ---- helpers ----

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** MaxResults (1..50, default 50) / NextToken pagination. */
  private static ObjectNode page(Request r, List<ObjectNode> all, String field) {
    ObjectNode out = Json.object();
    Pagination.page(all, ScalingRules.maxResults(Json.longValue(r.body, "MaxResults")), r.text("NextToken"), out, field,
        new ApiException(400, "InvalidNextTokenException", "Invalid NextToken"));
    return out;
  }
}
