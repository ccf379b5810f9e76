package io.dynamobackup.operator.drill;

import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.common.Conditions;

/**
 * The outcome of a drill's checks: {@code reason} is the DrillFailed condition's reason when it did not pass.
 */
public record DrillVerdict(boolean passed, String reason, String message) {
  static DrillVerdict failed(String reason, String message) {
    return new DrillVerdict(false, reason, message);
  }

  /** The checks, given the restored table's item count ({@code actual}, null when not counted). */
  public static DrillVerdict evaluate(RestoreDrill spec, DynamoRestore drill, Long expected, Long actual) {
    StringBuilder passed = new StringBuilder();
    DynamoRestoreStatus observed = drill.getStatus();
    if (!Boolean.FALSE.equals(spec.checkSettings)) {
      if (observed == null || !Conditions.isTrue(observed.conditions, "SettingsApplied")) {
        return failed("SettingsNotApplied", "the captured table settings were not applied to the scratch table"
            + " (condition SettingsApplied is not True)");
      }
      passed.append("settings applied");
    }
    if (!Boolean.FALSE.equals(spec.checkItemCount)) {
      if (expected == null) {
        append(passed, drill.getSpec().source.pointInTimeRecovery != null
            ? "item count not checked (a point-in-time restore has no recorded count)"
            : "item count not checked (the backup recorded no source item count)");
      } else if (actual == null || actual.longValue() != expected.longValue()) {
        return failed("ItemCountMismatch", "the scratch table " + drill.getSpec().target.tableName + " has "
            + actual + " items, the source table had " + expected + " when the backup started");
      } else {
        append(passed, actual + " items, as at backup time");
      }
    }
    return new DrillVerdict(true, RestoreDrills.SUCCEEDED, passed.length() == 0 ? "restored (no checks enabled)"
        : passed.toString());
  }

  private static void append(StringBuilder builder, String text) {
    builder.append(builder.length() == 0 ? "" : ", ").append(text);
  }
}
