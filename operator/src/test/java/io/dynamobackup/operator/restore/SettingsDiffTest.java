package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AlarmSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.ScalableDimension;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TimeToLiveSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsDiffTest {
  @Test
  void aRestoredTableNeedsEverythingThatWasCapturedInSafeOrder() {
    TableSettings captured = captured();
    TableSettings restoredTable = new TableSettings();
    restoredTable.tags = Map.of();
    restoredTable.pointInTimeRecovery = false;
    restoredTable.deletionProtection = false;

    var changes = SettingsDiff.between(DesiredSettings.of(Optional.of(captured), null), restoredTable);

    assertThat(changes).extracting(SettingsDiff.Change::kind).containsExactly(SettingsDiff.Kind.TAGS,
        SettingsDiff.Kind.RESOURCE_POLICY, SettingsDiff.Kind.POINT_IN_TIME_RECOVERY, SettingsDiff.Kind.STREAM,
        SettingsDiff.Kind.TIME_TO_LIVE, SettingsDiff.Kind.AUTO_SCALING, SettingsDiff.Kind.ALARMS,
        SettingsDiff.Kind.DELETION_PROTECTION);
  }

  @Test
  void aTableInSyncNeedsNothingAndPolicyFormattingDoesNotCount() {
    TableSettings actual = captured();
    actual.resourcePolicy = "{ \"Version\" : \"2012-10-17\",  \"Statement\": [] }";
    assertThat(SettingsDiff.between(DesiredSettings.of(Optional.of(captured()), null), actual)).isEmpty();
  }

  @Test
  void explicitFieldsOverrideCapturedOnesAndTagsMerge() {
    RestoreSettings explicit = new RestoreSettings();
    explicit.tags = Map.of("environment", "dr-test");
    explicit.pointInTimeRecovery = false;

    TableSettings desired = DesiredSettings.of(Optional.of(captured()), explicit);

    assertThat(desired.tags).containsEntry("team", "payments").containsEntry("environment", "dr-test");
    assertThat(desired.pointInTimeRecovery).isFalse();
    assertThat(desired.deletionProtection).isTrue();
  }

  @Test
  void withoutFromSourceOnlyExplicitFieldsAreManaged() {
    RestoreSettings explicit = new RestoreSettings();
    explicit.fromSource = false;
    explicit.deletionProtection = true;

    TableSettings desired = DesiredSettings.of(Optional.of(captured()), explicit);
    TableSettings actual = new TableSettings();
    actual.deletionProtection = false;
    actual.tags = Map.of("someone-else", "x");

    assertThat(SettingsDiff.between(desired, actual)).extracting(SettingsDiff.Change::description)
        .containsExactly("deletion protection on");
  }

  @Test
  void changingAnEnabledStreamsViewTypeOrTtlAttributeDisablesFirst() {
    TableSettings desired = new TableSettings();
    desired.stream = new StreamSettings(true, StreamViewType.KEYS_ONLY);
    desired.timeToLive = new TimeToLiveSettings(true, "expiresAt");
    TableSettings actual = new TableSettings();
    actual.stream = new StreamSettings(true, StreamViewType.NEW_IMAGE);
    actual.timeToLive = new TimeToLiveSettings(true, "ttl");

    var changes = SettingsDiff.between(desired, actual);

    assertThat(changes).extracting(SettingsDiff.Change::description).containsExactly(
        "stream off, to change its view type to KEYS_ONLY", "TTL off, to move it to attribute expiresAt");
  }

  private static TableSettings captured() {
    TableSettings settings = new TableSettings();
    settings.tags = Map.of("team", "payments");
    settings.timeToLive = new TimeToLiveSettings(true, "expiresAt");
    settings.stream = new StreamSettings(true, StreamViewType.NEW_AND_OLD_IMAGES);
    settings.pointInTimeRecovery = true;
    settings.deletionProtection = true;
    settings.resourcePolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    settings.autoScaling = List.of(scaling(null, ScalableDimension.ReadCapacityUnits, 5, 100, 70.0),
        scaling("by-customer", ScalableDimension.WriteCapacityUnits, 2, 20, 50.0));
    settings.alarms = List.of(alarm("orders-throttled"), alarm("HighLatency"));
    return settings;
  }

  private static AutoScalingSettings scaling(String index, ScalableDimension dimension, int min, int max,
      Double target) {
    AutoScalingSettings s = new AutoScalingSettings();
    s.indexName = index;
    s.dimension = dimension;
    s.minCapacity = min;
    s.maxCapacity = max;
    s.targetUtilization = target;
    s.scaleInCooldownSeconds = 60;
    s.scaleOutCooldownSeconds = 30;
    return s;
  }

  private static AlarmSettings alarm(String name) {
    AlarmSettings a = new AlarmSettings();
    a.name = name;
    a.metricName = "ThrottledRequests";
    a.namespace = "AWS/DynamoDB";
    a.statistic = "Sum";
    a.periodSeconds = 60;
    a.evaluationPeriods = 2;
    a.threshold = 5.0;
    a.comparisonOperator = "GreaterThanThreshold";
    a.extraDimensions = Map.of("Operation", "PutItem");
    a.alarmActions = List.of("arn:aws:sns:us-east-1:111122223333:pager");
    return a;
  }

  @Test
  void capturedAlarmsArePointedAtTheRestoredTable() {
    TableSettings desired = DesiredSettings.of(Optional.of(captured()), null, "orders", "orders-dr");

    assertThat(desired.alarms).extracting(a -> a.name).containsExactly("orders-dr-throttled", "HighLatency-orders-dr");
    assertThat(desired.alarms.get(0).extraDimensions).isEqualTo(Map.of("Operation", "PutItem"));
    assertThat(desired.alarms.get(0).threshold).isEqualTo(5.0);
    assertThat(captured().alarms.get(0).name).as("the captured settings are not modified").isEqualTo("orders-throttled");
    // no re-pointing without names, nor into a table of the same name (another Region or account)
    assertThat(DesiredSettings.of(Optional.of(captured()), null, null, "orders-dr").alarms)
        .extracting(a -> a.name).containsExactly("orders-throttled", "HighLatency");
    assertThat(DesiredSettings.of(Optional.of(captured()), null, "orders", "orders").alarms)
        .extracting(a -> a.name).containsExactly("orders-throttled", "HighLatency");
  }

  @Test
  void explicitAlarmsAreNotRepointed() {
    RestoreSettings explicit = new RestoreSettings();
    explicit.alarms = List.of(alarm("orders-explicit"));
    assertThat(DesiredSettings.of(Optional.of(captured()), explicit, "orders", "orders-dr").alarms)
        .extracting(a -> a.name).containsExactly("orders-explicit");
  }

  @Test
  void autoScalingAndAlarmsAreComparedEntryByEntry() {
    TableSettings desired = DesiredSettings.of(Optional.of(captured()), null, "orders", "orders-dr");
    TableSettings actual = captured();
    actual.autoScaling = List.of(scaling(null, ScalableDimension.ReadCapacityUnits, 5, 100, 70.0),
        scaling("by-customer", ScalableDimension.WriteCapacityUnits, 2, 20, 60.0),
        scaling("other", ScalableDimension.ReadCapacityUnits, 1, 2, 20.0));
    AlarmSettings differentThreshold = alarm("HighLatency-orders-dr");
    differentThreshold.threshold = 9.0;
    actual.alarms = List.of(alarm("orders-dr-throttled"), differentThreshold, alarm("unrelated"));

    var changes = SettingsDiff.between(desired, actual);

    assertThat(changes).extracting(SettingsDiff.Change::description).containsExactly(
        "auto scaling [index by-customer WriteCapacityUnits]", "alarms [HighLatency-orders-dr]");
    assertThat((List<?>) changes.get(0).value()).hasSize(1);

    actual.autoScaling = desired.autoScaling;
    actual.alarms = List.of(alarm("orders-dr-throttled"), alarm("HighLatency-orders-dr"));
    assertThat(SettingsDiff.between(desired, actual)).isEmpty();
    // nothing desired: nothing managed, whatever the table has
    assertThat(SettingsDiff.between(new TableSettings(), actual)).isEmpty();
  }

  @Test
  void autoScalingOfDroppedIndexesOrOnDemandTablesIsNotDesired() {
    TableSettings desired = DesiredSettings.of(Optional.of(captured()), null);
    assertThat(DesiredSettings.forTable(desired, List.of(), false).autoScaling).extracting(s -> s.indexName)
        .containsExactly((String) null);
    assertThat(DesiredSettings.forTable(desired, List.of("by-customer"), false).autoScaling).hasSize(2);
    assertThat(DesiredSettings.forTable(desired, List.of("by-customer"), true).autoScaling).isEmpty();
    assertThat(desired.autoScaling).hasSize(2);
  }
}
