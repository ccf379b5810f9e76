package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Pagination;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** PutScheduledAction, DescribeScheduledActions, DeleteScheduledAction (dynamodb namespace). */
final class ScheduledActionOperations {
  private static String key(String targetKey, String name) {
    return targetKey + "|" + name;
  }

  JsonNode putScheduledAction(Request r) {
    String ns = ScalingRules.namespace(r);
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    ScalingRules.resource(resourceId, dimension);
    String targetKey = ScalableTarget.key(ns, resourceId, dimension);
    RegionState region = r.region();
    if (!region.scalableTargets.containsKey(targetKey)) {
      throw AutoScalingService.notFound("No scalable target registered for service namespace: " + ns
          + ", resource ID: " + resourceId + ", scalable dimension: " + dimension);
    }
    String name = r.text("ScheduledActionName");
    ScheduledAction action = region.scheduledActions.get(key(targetKey, name));
    String schedule = r.text("Schedule") != null ? r.text("Schedule") : action == null ? null : action.schedule;
    ScalingRules.scheduledAction(schedule, r.node("ScalableTargetAction"), r.node("StartTime"), r.node("EndTime"));
    if (action == null) {
      action = new ScheduledAction();
      action.name = name;
      action.serviceNamespace = ns;
      action.resourceId = resourceId;
      action.scalableDimension = dimension;
      action.createdAt = r.now;
      action.arn = r.scope.arn("autoscaling", "scheduledAction:" + UUID.randomUUID() + ":resource/" + ns + "/"
          + resourceId + ":scheduledActionName/" + name);
    }
    action.schedule = schedule;
    action.timezone = r.text("Timezone");
    action.startTime = r.node("StartTime");
    action.endTime = r.node("EndTime");
    if (r.node("ScalableTargetAction") != null) {
      action.scalableTargetAction = r.node("ScalableTargetAction").deepCopy();
    }
    region.scheduledActions.put(key(targetKey, name), action);
    return Json.object();
  }

  JsonNode describeScheduledActions(Request r) {
    String ns = ScalingRules.namespace(r);
    List<String> names = new ArrayList<>();
    if (r.node("ScheduledActionNames") != null) {
      r.node("ScheduledActionNames").forEach(n -> names.add(n.asText()));
    }
    String resourceId = r.text("ResourceId");
    String dimension = r.text("ScalableDimension");
    List<ObjectNode> all = new ArrayList<>();
    for (ScheduledAction a : r.region().scheduledActions.values()) {
      if (a.serviceNamespace.equals(ns) && (names.isEmpty() || names.contains(a.name))
          && (resourceId == null || resourceId.equals(a.resourceId))
          && (dimension == null || dimension.equals(a.scalableDimension))) {
        ObjectNode n = Json.object();
        n.put("ScheduledActionName", a.name);
        n.put("ScheduledActionARN", a.arn);
        n.put("ServiceNamespace", a.serviceNamespace);
        n.put("Schedule", a.schedule);
        Json.putIfNotNull(n, "Timezone", a.timezone);
        n.put("ResourceId", a.resourceId);
        n.put("ScalableDimension", a.scalableDimension);
        if (a.startTime != null) {
          n.set("StartTime", a.startTime);
        }
        if (a.endTime != null) {
          n.set("EndTime", a.endTime);
        }
        if (a.scalableTargetAction != null) {
          n.set("ScalableTargetAction", a.scalableTargetAction);
        }
        Json.putTime(n, "CreationTime", a.createdAt);
        all.add(n);
      }
    }
    ObjectNode out = Json.object();
    Pagination.page(all, ScalingRules.maxResults(Json.longValue(r.body, "MaxResults")), r.text("NextToken"), out,
        "ScheduledActions", new ApiException(400, "InvalidNextTokenException", "Invalid NextToken"));
    return out;
  }

  JsonNode deleteScheduledAction(Request r) {
    String ns = ScalingRules.namespace(r);
    String targetKey = ScalableTarget.key(ns, r.text("ResourceId"), r.text("ScalableDimension"));
    String name = r.text("ScheduledActionName");
    if (r.region().scheduledActions.remove(key(targetKey, name)) == null) {
      throw AutoScalingService.notFound("No scheduled action found for service namespace: " + ns
          + ", resource ID: " + r.text("ResourceId") + ", scalable dimension: " + r.text("ScalableDimension")
          + ", scheduled action name: " + name);
    }
    return Json.object();
  }
}
