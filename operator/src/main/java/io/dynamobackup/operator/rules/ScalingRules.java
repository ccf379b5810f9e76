package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Application Auto Scaling's rules for DynamoDB (RegisterScalableTarget and a target-tracking PutScalingPolicy), all
 * checked when the object is created.
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html;
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
 */
public final class ScalingRules {
  /** DynamoDB's target utilization, in percent. */
  public static final double MIN_TARGET_UTILIZATION = 20;
  public static final double MAX_TARGET_UTILIZATION = 90;
  private static final String SCHEDULE = "^(at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)"
      + "|rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)|cron\\(\\S+( \\S+){5}\\))$";

  private ScalingRules() {}

  /** Every entry, and that no table or index dimension is scaled twice. */
  public static void autoScaling(SpecValidation v, List<AutoScalingSettings> entries, String field) {
    if (entries == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      AutoScalingSettings s = entries.get(i);
      String at = field + "[" + i + "]";
      v.required(s.dimension, at + ".dimension")
          .matches(s.indexName, ApiPatterns.TABLE_NAME, at + ".indexName", "index name (3 to 255 letters, digits,"
              + " '_', '.', '-')")
          .required(s.minCapacity, at + ".minCapacity").required(s.maxCapacity, at + ".maxCapacity")
          .atLeast(s.minCapacity, 1, at + ".minCapacity").atLeast(s.maxCapacity, 1, at + ".maxCapacity")
          .check(s.minCapacity == null || s.maxCapacity == null || s.minCapacity <= s.maxCapacity, at + ".minCapacity",
              "must not be greater than maxCapacity (" + s.minCapacity + " > " + s.maxCapacity + ")")
          .check(s.targetUtilization == null || (s.targetUtilization >= MIN_TARGET_UTILIZATION
                  && s.targetUtilization <= MAX_TARGET_UTILIZATION), at + ".targetUtilization",
              "DynamoDB's target utilization is 20 to 90 percent, not " + asWritten(s.targetUtilization))
          .atLeast(s.scaleInCooldownSeconds, 0, at + ".scaleInCooldownSeconds")
          .atLeast(s.scaleOutCooldownSeconds, 0, at + ".scaleOutCooldownSeconds");
      String key = (s.indexName == null ? "the table" : "index " + s.indexName) + " " + s.dimension;
      v.check(s.dimension == null || seen.add(key), at, "duplicate: " + key + " is scaled by an earlier entry");
      scheduledActions(v, s.scheduledActions, at + ".scheduledActions");
    }
  }

  /** A percentage as the user wrote it: 95, not the double's 95.0. */
  private static String asWritten(Double percent) {
    return percent == null ? "" : BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
  }

  /**
   * PutScheduledAction: unique names, a schedule of at(...), rate(...) or cron(...), min ≤ max.
   * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
   */
  private static void scheduledActions(SpecValidation v, List<AutoScalingSettings.ScheduledAction> actions,
      String field) {
    if (actions == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < actions.size(); i++) {
      var action = actions.get(i);
      String at = field + "[" + i + "]";
      v.required(action.name, at + ".name").check(action.name == null || names.add(action.name), at + ".name",
              "duplicate scheduled action " + action.name)
          .required(action.schedule, at + ".schedule")
          .matches(action.schedule, SCHEDULE, at + ".schedule",
              "schedule: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(6 fields)")
          .atLeast(action.minCapacity, 1, at + ".minCapacity")
          .check(action.minCapacity == null || action.maxCapacity == null || action.minCapacity <= action.maxCapacity,
              at + ".minCapacity", "must not be greater than maxCapacity (" + action.minCapacity + " > "
                  + action.maxCapacity + ")");
    }
  }
}
