package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScalableDimension;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ScalingRulesTest {
  public static AutoScalingSettings scaling(String index, ScalableDimension dimension, Integer min, Integer max,
      Double target) {
    AutoScalingSettings s = new AutoScalingSettings();
    s.indexName = index;
    s.dimension = dimension;
    s.minCapacity = min;
    s.maxCapacity = max;
    s.targetUtilization = target;
    return s;
  }

  @Test
  void validEntriesPass() {
    SpecValidation v = new SpecValidation();
    ScalingRules.autoScaling(v, List.of(scaling(null, ScalableDimension.ReadCapacityUnits, 5, 100, 70.0),
        scaling(null, ScalableDimension.WriteCapacityUnits, 5, 100, 20.0),
        scaling("by-data", ScalableDimension.ReadCapacityUnits, 1, 1, 90.0)), "spec.settings.autoScaling");
    assertThat(v.problems()).isEmpty();
  }

  @Test
  void capacitiesTargetsCooldownsIndexNamesAndDuplicatesAreCheckedAtOnce() {
    AutoScalingSettings inverted = scaling(null, ScalableDimension.ReadCapacityUnits, 100, 5, 95.0);
    inverted.scaleInCooldownSeconds = -1;
    AutoScalingSettings twice = scaling(null, ScalableDimension.ReadCapacityUnits, 0, null, 10.5);
    AutoScalingSettings badIndex = scaling("ab", null, 1, 2, null);
    SpecValidation v = new SpecValidation();
    ScalingRules.autoScaling(v, List.of(inverted, twice, badIndex), "s");
    assertThat(v.problems()).containsExactlyInAnyOrder(
        "s[0].minCapacity: must not be greater than maxCapacity (100 > 5)",
        "s[0].targetUtilization: DynamoDB's target utilization is 20 to 90 percent, not 95",
        "s[0].scaleInCooldownSeconds: must be at least 0, not -1",
        "s[1].maxCapacity: required",
        "s[1].minCapacity: must be at least 1, not 0",
        "s[1].targetUtilization: DynamoDB's target utilization is 20 to 90 percent, not 10.5",
        "s[1]: duplicate: the table ReadCapacityUnits is scaled by an earlier entry",
        "s[2].dimension: required",
        "s[2].indexName: 'ab' is not a valid index name (3 to 255 letters, digits, '_', '.', '-')");
  }

  @Test
  void scheduledActionsAreChecked() {
    AutoScalingSettings s = scaling(null, ScalableDimension.WriteCapacityUnits, 5, 100, 70.0);
    AutoScalingSettings.ScheduledAction night = new AutoScalingSettings.ScheduledAction();
    night.name = "night";
    night.schedule = "cron(0 22 * * ? *)";
    night.minCapacity = 1;
    night.maxCapacity = 5;
    AutoScalingSettings.ScheduledAction bad = new AutoScalingSettings.ScheduledAction();
    bad.name = "night";
    bad.schedule = "every night";
    bad.minCapacity = 9;
    bad.maxCapacity = 5;
    s.scheduledActions = List.of(night, bad);
    SpecValidation v = new SpecValidation();
    ScalingRules.autoScaling(v, List.of(s), "s");
    assertThat(v.problems()).containsExactly(
        "s[0].scheduledActions[1].name: duplicate scheduled action night",
        "s[0].scheduledActions[1].schedule: 'every night' is not a valid schedule: at(yyyy-mm-ddThh:mm:ss), rate(value"
            + " unit) or cron(6 fields)",
        "s[0].scheduledActions[1].minCapacity: must not be greater than maxCapacity (9 > 5)");
  }
}
