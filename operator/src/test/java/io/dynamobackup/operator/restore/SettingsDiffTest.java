package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import io.dynamobackup.operator.api.v1alpha1.TableSettings.TimeToLiveSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
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
        SettingsDiff.Kind.TIME_TO_LIVE, SettingsDiff.Kind.DELETION_PROTECTION);
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
    return settings;
  }
}
