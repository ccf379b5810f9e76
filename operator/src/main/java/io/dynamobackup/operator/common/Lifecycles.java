package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A recovery point's lifecycle as AWS Backup applies it: cold storage and deletion, in days after its creation. */
public final class Lifecycles {
  private Lifecycles() {}

  /**
   * The lifecycle a DynamoBackup's recovery point has: the one it was updated to later (status), else its spec's.
   * Null when it has none (kept until deleted).
   */
  public static Lifecycle of(DynamoBackup backup) {
    var status = backup.getStatus();
    if (status != null && status.recoveryPointLifecycle != null) {
      return status.recoveryPointLifecycle;
    }
    return backup.getSpec() == null ? null : backup.getSpec().lifecycle;
  }

  public static boolean same(Lifecycle a, Lifecycle b) {
    return Objects.equals(a == null ? null : a.moveToColdStorageAfterDays,
        b == null ? null : b.moveToColdStorageAfterDays)
        && Objects.equals(a == null ? null : a.deleteAfterDays, b == null ? null : b.deleteAfterDays);
  }

  /** When a point created at {@code created} moves to cold storage under {@code lifecycle}, if it does. */
  public static Optional<Instant> coldAt(Lifecycle lifecycle, Instant created) {
    return lifecycle == null || lifecycle.moveToColdStorageAfterDays == null ? Optional.empty()
        : Optional.of(created.plus(Duration.ofDays(lifecycle.moveToColdStorageAfterDays)));
  }

  /** When a point created at {@code created} is deleted under {@code lifecycle}, if it is. */
  public static Optional<Instant> deletedAt(Lifecycle lifecycle, Instant created) {
    return lifecycle == null || lifecycle.deleteAfterDays == null ? Optional.empty()
        : Optional.of(created.plus(Duration.ofDays(lifecycle.deleteAfterDays)));
  }

  /** For messages: "cold after 30 days, deleted after 365 days", or "kept until deleted". */
  public static String describe(Lifecycle lifecycle) {
    if (lifecycle == null || (lifecycle.moveToColdStorageAfterDays == null && lifecycle.deleteAfterDays == null)) {
      return "no lifecycle (kept until deleted)";
    }
    return (lifecycle.moveToColdStorageAfterDays == null ? "" : "cold storage after "
        + lifecycle.moveToColdStorageAfterDays + " days" + (lifecycle.deleteAfterDays == null ? "" : ", "))
        + (lifecycle.deleteAfterDays == null ? "" : "deleted after " + lifecycle.deleteAfterDays + " days");
  }
}
