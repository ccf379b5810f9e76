package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRulesTest {
  @Test
  void indexOverridesAreValidNamesEachOnceAndWithinTheQuotas() {
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tooMany.add("index-" + i);
    }
    SpecValidation v = new SpecValidation();
    TableRules.indexes(v, List.of("ab", "by-data", "by-data"), List.of("by-data", "by-rank"), "spec.target");
    TableRules.indexes(v, tooMany, null, "t");
    assertThat(v.problems()).containsExactly(
        "spec.target.globalSecondaryIndexes[0]: 'ab' is not a valid index name (3 to 255 letters, digits, '_', '.',"
            + " '-')",
        "spec.target.globalSecondaryIndexes[2]: duplicate index by-data",
        "spec.target.localSecondaryIndexes: index names are unique across a table's global and local secondary"
            + " indexes: [by-data] named in both",
        "t.globalSecondaryIndexes: a table has at most 20 of them, not 21");
  }

  @Test
  void settingsAreCheckedTogether() {
    TableSettings settings = new TableSettings();
    settings.timeToLive = new TableSettings.TimeToLiveSettings(true, "x".repeat(256));
    settings.resourcePolicy = "{\"Statement\":\"" + "x".repeat(21 * 1024) + "\"}";
    settings.tags = java.util.Map.of("owner", "ops@example.com");
    SpecValidation v = new SpecValidation();
    TableRules.settings(v, settings, "spec.settings", null);
    assertThat(v.problems()).containsExactly(
        "spec.settings.timeToLive.attributeName: must be 1 to 255 characters long, not 256",
        "spec.settings.tags[owner]: the value may only contain letters, numbers, spaces and + - = . _ : /",
        "spec.settings.resourcePolicy: a resource-based policy is at most 20 KB (20480 bytes), not 21520");
  }
}
