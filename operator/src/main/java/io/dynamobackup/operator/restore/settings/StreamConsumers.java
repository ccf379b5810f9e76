package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What consumes the table's changes: Kinesis Data Streams destinations and stream triggers (Lambda event-source
 * mappings on the table's DynamoDB stream). A desired list is the whole set: destinations and mappings beyond it are
 * disabled and deleted.
 */
final class StreamConsumers {
  private StreamConsumers() {}

  static void kinesis(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired.kinesisDestinations == null) {
      return;
    }
    List<KinesisDestination> actual = t.actual().kinesisDestinations == null ? List.of()
        : t.actual().kinesisDestinations;
    for (KinesisDestination want : desired.kinesisDestinations) {
      KinesisDestination have = actual.stream().filter(a -> a.streamArn.equals(want.streamArn)).findFirst()
          .orElse(null);
      if (have == null) {
        out.add(SettingChange.of("Kinesis destination " + want.streamArn, "Kinesis destination " + want.streamArn
            + " enabled (" + want.effectivePrecision() + ")",
            () -> t.service().enableKinesisDestination(t.region(), t.name(), want)));
      } else if (have.effectivePrecision() != want.effectivePrecision()) {
        out.add(SettingChange.of("Kinesis destination " + want.streamArn, "Kinesis destination " + want.streamArn
            + " precision " + want.effectivePrecision(),
            () -> t.service().updateKinesisDestination(t.region(), t.name(), want)));
      }
    }
    for (KinesisDestination have : actual) {
      if (desired.kinesisDestinations.stream().noneMatch(w -> w.streamArn.equals(have.streamArn))) {
        out.add(SettingChange.of("Kinesis destination " + have.streamArn, "Kinesis destination " + have.streamArn
            + " disabled", () -> t.service().disableKinesisDestination(t.region(), t.name(), have.streamArn)));
      }
    }
  }

  /** Needs the table's stream: without one (yet) there is nothing to attach to, and the stream change comes first. */
  static void triggers(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    String stream = t.streamArn();
    if (desired.streamTriggers == null || stream == null) {
      return;
    }
    List<StreamTrigger> actual = t.actual().streamTriggers == null ? List.of() : t.actual().streamTriggers;
    Map<String, String> ids = t.observed().triggerIds();
    for (StreamTrigger want : desired.streamTriggers) {
      StreamTrigger have = actual.stream().filter(a -> a.functionArn.equals(want.functionArn)).findFirst()
          .orElse(null);
      if (have == null) {
        out.add(SettingChange.of("stream trigger " + want.functionArn, "stream trigger " + want.functionArn
            + " created" + (Boolean.FALSE.equals(want.enabled) ? " (disabled)" : ""),
            () -> t.service().createStreamTrigger(t.region(), stream, want)));
      } else if (!same(want, have)) {
        String uuid = ids.get(want.functionArn);
        out.add(SettingChange.of("stream trigger " + want.functionArn, "stream trigger " + want.functionArn
            + " updated", () -> t.service().updateStreamTrigger(t.region(), uuid, want)));
      }
    }
    for (StreamTrigger have : actual) {
      if (desired.streamTriggers.stream().noneMatch(w -> w.functionArn.equals(have.functionArn))) {
        String uuid = ids.get(have.functionArn);
        out.add(SettingChange.of("stream trigger " + have.functionArn, "stream trigger " + have.functionArn
            + " deleted", () -> t.service().deleteStreamTrigger(t.region(), uuid)));
      }
    }
  }

  /** Fields left out (null) take Lambda's defaults and are not compared; the starting position only matters once. */
  static boolean same(StreamTrigger want, StreamTrigger have) {
    return (want.enabled == null || want.enabled) == (have.enabled == null || have.enabled)
        && unsetOrEqual(want.batchSize, have.batchSize)
        && unsetOrEqual(want.maximumBatchingWindowInSeconds, have.maximumBatchingWindowInSeconds)
        && Objects.equals(orEmpty(want.filterPatterns), orEmpty(have.filterPatterns))
        && Objects.equals(want.onFailureDestination, have.onFailureDestination)
        && unsetOrEqual(want.maximumRecordAgeInSeconds, have.maximumRecordAgeInSeconds)
        && unsetOrEqual(want.bisectBatchOnFunctionError, have.bisectBatchOnFunctionError)
        && unsetOrEqual(want.maximumRetryAttempts, have.maximumRetryAttempts)
        && unsetOrEqual(want.parallelizationFactor, have.parallelizationFactor)
        && unsetOrEqual(want.tumblingWindowInSeconds, have.tumblingWindowInSeconds)
        && Objects.equals(orEmpty(want.functionResponseTypes), orEmpty(have.functionResponseTypes));
  }

  private static <T> boolean unsetOrEqual(T want, T have) {
    return want == null || want.equals(have);
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
