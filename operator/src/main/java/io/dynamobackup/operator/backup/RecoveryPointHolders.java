package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One recovery point has at most one owner: the DynamoBackup whose job made it (its status names it, or a copy of it),
 * or the one that adopted it. A second DynamoBackup adopting a held point would be a second owner, and its
 * deletionPolicy Delete would delete the first one's data. So an adoption of a held point is refused, and a deletion
 * keeps a point that another DynamoBackup holds. Read from the informer cache through an index by recovery point: no
 * API call. It sees the DynamoBackups this operator watches (with a sharded fleet, those of its shard).
 */
final class RecoveryPointHolders {
  /** Name of the informer index of DynamoBackups by the recovery points (and copies) they hold or claim. */
  static final String BY_POINT = "byRecoveryPoint";

  private RecoveryPointHolders() {}

  /** The index function: every recovery point ARN the backup's spec or status names. */
  static List<String> points(DynamoBackup backup) {
    Set<String> points = new LinkedHashSet<>();
    var spec = backup.getSpec();
    if (spec != null) {
      points.add(spec.recoveryPointArn);
      if (spec.copies != null) {
        spec.copies.forEach(c -> points.add(c.recoveryPointArn));
      }
    }
    points.addAll(established(backup));
    points.remove(null);
    return List.copyOf(points);
  }

  /** The points the backup owns for sure: its job's (or adopted) point and copies, as its status records them. */
  private static Set<String> established(DynamoBackup backup) {
    Set<String> points = new LinkedHashSet<>();
    var status = backup.getStatus();
    if (status != null) {
      points.add(status.recoveryPointArn);
      if (status.copies != null) {
        status.copies.forEach(c -> points.add(c.destinationRecoveryPointArn));
      }
    }
    points.remove(null);
    return points;
  }

  /**
   * Whether {@code other} holds {@code point}: its status names it, or it is still adopting it (its spec names it and
   * its adoption was not refused — a Failed adopter owns nothing).
   */
  static boolean holds(DynamoBackup other, String point) {
    if (established(other).contains(point)) {
      return true;
    }
    return points(other).contains(point) && (other.getStatus() == null || other.getStatus().phase != BackupPhase.Failed);
  }

  /**
   * The DynamoBackup among {@code indexed} (those indexed under the point) that keeps {@code backup} from adopting
   * {@code point}: one that holds it by its status, or an older one still adopting it (two adopting at once: the older
   * wins).
   */
  static Optional<DynamoBackup> ownerBeforeAdoption(DynamoBackup backup, String point, List<DynamoBackup> indexed) {
    Comparator<DynamoBackup> fifo = Comparator
        .comparing((DynamoBackup b) -> b.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
    return others(backup, indexed).stream()
        .filter(other -> established(other).contains(point)
            || (holds(other, point) && other.getMetadata().getDeletionTimestamp() == null && fifo.compare(other, backup) < 0))
        .findFirst();
  }

  /** Another DynamoBackup (being deleted or not) that holds {@code point}, which a deletion must then keep. */
  static Optional<DynamoBackup> otherHolder(DynamoBackup backup, String point, List<DynamoBackup> indexed) {
    return others(backup, indexed).stream().filter(other -> holds(other, point)).findFirst();
  }

  /** How to name {@code holder} to {@code backup}'s users: by name in the same namespace, not across tenants. */
  static String describe(DynamoBackup holder, DynamoBackup backup) {
    return describe(holder.getMetadata().getNamespace(), holder.getMetadata().getName(), backup);
  }

  /** {@link #describe(DynamoBackup, DynamoBackup)} of a holder known by namespace and name (null: not known). */
  static String describe(String namespace, String name, DynamoBackup backup) {
    return Objects.equals(namespace, backup.getMetadata().getNamespace())
        ? "DynamoBackup " + name : "a DynamoBackup in another namespace";
  }

  /** The cached DynamoBackups indexed under {@code point}. */
  static List<DynamoBackup> indexed(String point, ReconcileContext<DynamoBackup> context) {
    return context.indexedPrimaries(BY_POINT, point);
  }

  private static List<DynamoBackup> others(DynamoBackup backup, List<DynamoBackup> indexed) {
    return indexed.stream()
        .filter(other -> !other.getMetadata().getUid().equals(backup.getMetadata().getUid())).toList();
  }
}
