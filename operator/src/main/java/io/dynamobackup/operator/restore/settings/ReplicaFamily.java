package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.ReplicaSettings;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import java.util.List;

/**
 * Global table replicas (version 2019.11.21): DynamoDB takes one replica change per UpdateTable and the table is
 * UPDATING until it is done, so one replica is added or removed per pass and the next waits for the table to settle.
 */
final class ReplicaFamily {
  private ReplicaFamily() {}

  static void changes(TableSettings desired, SettingsTarget t, List<SettingChange> out) {
    if (desired.replicas == null) {
      return;
    }
    List<ReplicaSettings> actual = t.actual().replicas == null ? List.of() : t.actual().replicas;
    for (ReplicaSettings want : desired.replicas) {
      if (actual.stream().noneMatch(a -> a.regionName.equals(want.regionName))) {
        out.add(SettingChange.settling("replica " + want.regionName, "replica in " + want.regionName + " added",
            () -> t.service().addReplica(t.region(), t.name(), want)));
      }
    }
    for (ReplicaSettings have : actual) {
      if (desired.replicas.stream().noneMatch(w -> w.regionName.equals(have.regionName))) {
        out.add(SettingChange.settling("replica " + have.regionName, "replica in " + have.regionName + " deleted",
            () -> t.service().deleteReplica(t.region(), t.name(), have.regionName)));
      }
    }
  }
}
