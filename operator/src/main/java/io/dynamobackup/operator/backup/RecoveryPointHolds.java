package io.dynamobackup.operator.backup;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.BackupService;
import io.dynamobackup.operator.common.RecoveryPointTags;
import io.dynamobackup.operator.plan.ChildBackups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds recorded on the recovery points themselves, where the operators of every shard and every cluster see them
 * (the informer cache of {@link RecoveryPointHolders} sees one shard): one tag {@code dynamobackup.io/hold/<uid>} =
 * {@code <namespace>/<name>} per DynamoBackup that holds the point. A job's point carries its maker's hold from
 * StartBackupJob on (AWS Backup carries it over to the copies); an adopting backup tags what it adopts. One key per
 * holder: TagResource and UntagResource are idempotent and never touch another holder's tag, so there is no
 * read-modify-write to lose, and a crash between two steps is repaired by doing the step again.
 */
final class RecoveryPointHolds {
  private RecoveryPointHolds() {}

  /** The tag keys that are this backup's own: its hold, and the hold of the backup it re-adopted after a rebuild. */
  static List<String> ownKeys(DynamoBackup backup) {
    List<String> keys = new ArrayList<>();
    keys.add(RecoveryPointTags.hold(backup.getMetadata().getUid()));
    var annotations = backup.getMetadata().getAnnotations();
    String predecessor = annotations == null ? null : annotations.get(ChildBackups.ADOPTED_FROM_ANNOTATION);
    if (predecessor != null) {
      keys.add(RecoveryPointTags.hold(predecessor));
    }
    return keys;
  }

  /** Another DynamoBackup's hold among a point's {@code tags}, if any: its tag key and value. */
  static Optional<Map.Entry<String, String>> other(DynamoBackup backup, Map<String, String> tags) {
    List<String> own = ownKeys(backup);
    return tags.entrySet().stream()
        .filter(t -> t.getKey().startsWith(RecoveryPointTags.HOLD_PREFIX) && !own.contains(t.getKey()))
        .sorted(Map.Entry.comparingByKey()).findFirst();
  }

  /**
   * How to name the holder of {@code hold} to {@code backup}'s users: by name in the same namespace, not across
   * tenants; with its tag, which is what to remove when its holder is gone for good (a lost cluster).
   */
  static String describe(Map.Entry<String, String> hold, DynamoBackup backup) {
    String value = hold.getValue() == null ? "" : hold.getValue();
    int slash = value.indexOf('/');
    return RecoveryPointHolders.describe(slash > 0 ? value.substring(0, slash) : null, value.substring(slash + 1),
        backup) + " (tag " + hold.getKey() + " on the point)";
  }

  /**
   * Adoption: records this backup's hold on each of {@code arns}, then reads their tags back. When another hold is
   * there, its own are removed again and the other holder is returned: two backups adopting at once in two shards
   * both tag before they read, so at least one sees the other, and neither becomes a second owner unseen.
   * The refusal names the point or copy the other hold is on, so that its spec field can be named.
   */
  static Optional<Refusal> take(DynamoBackup backup, List<String> arns, BackupService backups) {
    Map<String, String> hold = Map.ofEntries(RecoveryPointTags.holdOf(backup.getMetadata()));
    for (String arn : arns) {
      backups.tagRecoveryPoint(arn, hold);
    }
    for (String arn : arns) {
      Optional<Map.Entry<String, String>> other = other(backup, backups.recoveryPointTags(arn));
      if (other.isPresent()) {
        arns.forEach(a -> release(backup, a, backups));
        return Optional.of(new Refusal(arn, "recovery point " + arn + " is already held by "
            + describe(other.get(), backup), other.get().getKey()));
      }
    }
    return Optional.empty();
  }

  /** Why an adoption was refused: the point or copy another DynamoBackup's hold is on, that holder, its tag key. */
  record Refusal(String arn, String message, String tagKey) {}

  /** The aws CLI command that removes the hold tags {@code keys} from a point, for a holder that is gone. */
  static String untagCommand(String arn, List<String> keys) {
    return "aws backup untag-resource --region " + Arn.parse(arn).region() + " --resource-arn " + arn
        + " --tag-key-list " + String.join(" ", keys);
  }

  /** Another DynamoBackup's hold on the point, described; empty when there is none or the point is gone. */
  static Optional<String> otherHolder(DynamoBackup backup, String arn, BackupService backups) {
    try {
      return other(backup, backups.recoveryPointTags(arn)).map(h -> describe(h, backup));
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Removes this backup's hold (and its predecessor's) from the point; a point that is gone holds nothing. */
  static void release(DynamoBackup backup, String arn, BackupService backups) {
    try {
      backups.untagRecoveryPoint(arn, ownKeys(backup));
    } catch (AwsException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
