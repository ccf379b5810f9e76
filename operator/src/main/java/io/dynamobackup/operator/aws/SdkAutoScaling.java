package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScheduledAction;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.SuspendedState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * Application Auto Scaling of a table and its GSIs: scalable targets with their suspended state, the target-tracking
 * policy on the predefined DynamoDB utilization metric, and scheduled actions — read, put and removed.
 */
final class SdkAutoScaling {
  private SdkAutoScaling() {}

  /** The scalable targets of the table and its GSIs, sorted table first, reads first. */
  static List<AutoScalingSettings> read(ApplicationAutoScalingClient autoScaling, String tableName,
      List<String> indexes) {
    List<String> resourceIds = new ArrayList<>();
    resourceIds.add(AutoScalingIds.resourceId(tableName, null));
    indexes.forEach(index -> resourceIds.add(AutoScalingIds.resourceId(tableName, index)));
    Map<String, AutoScalingSettings> byTarget = new LinkedHashMap<>();
    // DescribeScalableTargets takes at most 50 resource ids; a table has at most 20 GSIs, so one batch suffices.
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> autoScaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceIds(resourceIds).nextToken(token)));
      for (ScalableTarget target : page.scalableTargets()) {
        AutoScalingSettings s = new AutoScalingSettings();
        s.indexName = AutoScalingIds.indexName(target.resourceId());
        s.dimension = AutoScalingIds.dimension(target.scalableDimensionAsString());
        if (s.dimension == null) {
          continue;
        }
        s.minCapacity = target.minCapacity();
        s.maxCapacity = target.maxCapacity();
        var suspended = target.suspendedState();
        if (suspended != null && (Boolean.TRUE.equals(suspended.dynamicScalingInSuspended())
            || Boolean.TRUE.equals(suspended.dynamicScalingOutSuspended())
            || Boolean.TRUE.equals(suspended.scheduledScalingSuspended()))) {
          s.suspendedState = new SuspendedState();
          s.suspendedState.dynamicScalingInSuspended = suspended.dynamicScalingInSuspended();
          s.suspendedState.dynamicScalingOutSuspended = suspended.dynamicScalingOutSuspended();
          s.suspendedState.scheduledScalingSuspended = suspended.scheduledScalingSuspended();
        }
        byTarget.put(key(target.resourceId(), target.scalableDimensionAsString()), s);
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
    Set<String> withTargets = new LinkedHashSet<>();
    byTarget.keySet().forEach(key -> withTargets.add(key.substring(0, key.indexOf('|'))));
    for (String resourceId : withTargets) {
      readPolicies(autoScaling, resourceId, byTarget);
      readScheduledActions(autoScaling, resourceId, byTarget);
    }
    List<AutoScalingSettings> result = new ArrayList<>(byTarget.values());
    result.sort(AutoScalingIds.ORDER);
    return result;
  }

  private static String key(String resourceId, String scalableDimension) {
    return resourceId + "|" + scalableDimension;
  }

  /** The first target-tracking policy on a predefined metric of each target (step scaling is not for DynamoDB). */
  private static void readPolicies(ApplicationAutoScalingClient autoScaling, String resourceId,
      Map<String, AutoScalingSettings> byTarget) {
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> autoScaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId(resourceId).nextToken(token)));
      for (ScalingPolicy policy : page.scalingPolicies()) {
        AutoScalingSettings s = byTarget.get(key(policy.resourceId(), policy.scalableDimensionAsString()));
        var config = policy.targetTrackingScalingPolicyConfiguration();
        if (s == null || s.targetUtilization != null || policy.policyType() != PolicyType.TARGET_TRACKING_SCALING
            || config == null || config.predefinedMetricSpecification() == null) {
          continue;
        }
        s.policyName = policy.policyName();
        s.targetUtilization = config.targetValue();
        s.scaleInCooldownSeconds = config.scaleInCooldown();
        s.scaleOutCooldownSeconds = config.scaleOutCooldown();
        s.disableScaleIn = Boolean.TRUE.equals(config.disableScaleIn()) ? Boolean.TRUE : null;
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
  }

  private static void readScheduledActions(ApplicationAutoScalingClient autoScaling, String resourceId,
      Map<String, AutoScalingSettings> byTarget) {
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> autoScaling.describeScheduledActions(b -> b.serviceNamespace(
          ServiceNamespace.DYNAMODB).resourceId(resourceId).nextToken(token)));
      for (var action : page.scheduledActions()) {
        AutoScalingSettings s = byTarget.get(key(action.resourceId(), action.scalableDimensionAsString()));
        if (s == null) {
          continue;
        }
        ScheduledAction a = new ScheduledAction();
        a.name = action.scheduledActionName();
        a.schedule = action.schedule();
        a.timezone = action.timezone();
        a.startTime = action.startTime() == null ? null : action.startTime().toString();
        a.endTime = action.endTime() == null ? null : action.endTime().toString();
        if (action.scalableTargetAction() != null) {
          a.minCapacity = action.scalableTargetAction().minCapacity();
          a.maxCapacity = action.scalableTargetAction().maxCapacity();
        }
        if (s.scheduledActions == null) {
          s.scheduledActions = new ArrayList<>();
        }
        s.scheduledActions.add(a);
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
  }

  static void put(ApplicationAutoScalingClient autoScaling, String tableName, AutoScalingSettings scaling) {
    String resourceId = AutoScalingIds.resourceId(tableName, scaling.indexName);
    String dimension = AutoScalingIds.scalableDimension(scaling.indexName, scaling.dimension);
    SuspendedState suspended = scaling.suspendedState;
    AwsCalls.run(() -> autoScaling.registerScalableTarget(b -> {
      b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId).scalableDimension(dimension)
          .minCapacity(scaling.minCapacity).maxCapacity(scaling.maxCapacity);
      b.suspendedState(s -> s.dynamicScalingInSuspended(suspended != null && Boolean.TRUE.equals(
              suspended.dynamicScalingInSuspended))
          .dynamicScalingOutSuspended(suspended != null && Boolean.TRUE.equals(suspended.dynamicScalingOutSuspended))
          .scheduledScalingSuspended(suspended != null && Boolean.TRUE.equals(suspended.scheduledScalingSuspended)));
    }));
    if (scaling.targetUtilization != null) {
      AwsCalls.run(() -> autoScaling.putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId(resourceId).scalableDimension(dimension).policyName(policyName(resourceId, scaling))
          .policyType(PolicyType.TARGET_TRACKING_SCALING)
          .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(scaling.targetUtilization)
              .predefinedMetricSpecification(p -> p.predefinedMetricType(AutoScalingIds.metricType(scaling.dimension)))
              .scaleInCooldown(scaling.scaleInCooldownSeconds).scaleOutCooldown(scaling.scaleOutCooldownSeconds)
              .disableScaleIn(scaling.disableScaleIn))));
    }
    if (scaling.scheduledActions != null) {
      for (ScheduledAction action : scaling.scheduledActions) {
        AwsCalls.run(() -> autoScaling.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
            .resourceId(resourceId).scalableDimension(dimension).scheduledActionName(action.name)
            .schedule(action.schedule).timezone(action.timezone)
            .startTime(action.startTime == null ? null : Instant.parse(action.startTime))
            .endTime(action.endTime == null ? null : Instant.parse(action.endTime))
            .scalableTargetAction(t -> t.minCapacity(action.minCapacity).maxCapacity(action.maxCapacity))));
      }
    }
  }

  /** The policy's name: the given one, else the one the AWS console uses. */
  static String policyName(String resourceId, AutoScalingSettings scaling) {
    return scaling.policyName != null ? scaling.policyName : AutoScalingIds.policyName(resourceId, scaling.dimension);
  }

  static void deregister(ApplicationAutoScalingClient autoScaling, String tableName, String indexName,
      AutoScalingSettings.ScalableDimension dimension) {
    AwsCalls.run(() -> autoScaling.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(AutoScalingIds.resourceId(tableName, indexName))
        .scalableDimension(AutoScalingIds.scalableDimension(indexName, dimension))));
  }

  static void deletePolicy(ApplicationAutoScalingClient autoScaling, String tableName, AutoScalingSettings scaling,
      String policyName) {
    AwsCalls.run(() -> autoScaling.deleteScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(AutoScalingIds.resourceId(tableName, scaling.indexName))
        .scalableDimension(AutoScalingIds.scalableDimension(scaling.indexName, scaling.dimension))
        .policyName(policyName)));
  }

  static void deleteScheduledAction(ApplicationAutoScalingClient autoScaling, String tableName,
      AutoScalingSettings scaling, String actionName) {
    AwsCalls.run(() -> autoScaling.deleteScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(AutoScalingIds.resourceId(tableName, scaling.indexName))
        .scalableDimension(AutoScalingIds.scalableDimension(scaling.indexName, scaling.dimension))
        .scheduledActionName(actionName)));
  }
}
