package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;

/**
 * The tags the operator puts on every recovery point it makes (StartBackupJob's RecoveryPointTags; AWS Backup carries
 * them over to copies): who made the point, so that a plan re-applied in a rebuilt cluster finds its own points in its
 * vaults and copy vaults and adopts them as the same DynamoBackups ({@code plan.PlanHistory}).
 */
public final class RecoveryPointTags {
  public static final String PREFIX = "dynamobackup.io/";
  /** The DynamoBackup's namespace. */
  public static final String NAMESPACE = PREFIX + "namespace";
  /** The DynamoBackup's name. */
  public static final String NAME = PREFIX + "name";
  /** The DynamoBackup's uid: the point and its copies share it. */
  public static final String UID = PREFIX + "uid";
  /** The plan that created the DynamoBackup (its plan label value); absent for a hand-made backup. */
  public static final String PLAN = PREFIX + "plan";
  /** The plan's schedule slot the backup was made for (RFC 3339); absent for a hand-made backup. */
  public static final String SCHEDULED_AT = PREFIX + "scheduled-at";
  /**
   * A DynamoBackup's hold on the point: key {@code dynamobackup.io/hold/<uid>}, value {@code <namespace>/<name>}. The
   * job's point carries its maker's hold from StartBackupJob on; an adopting backup adds its own. Tags are what every
   * operator of every shard and cluster sees, so no deletion removes a point another one holds.
   */
  public static final String HOLD_PREFIX = PREFIX + "hold/";

  /** The key of the hold of the DynamoBackup with this uid. */
  public static String hold(String uid) {
    return HOLD_PREFIX + uid;
  }

  /** The hold tag of the DynamoBackup with this metadata: {@link #hold} of its uid = {@link #holder} of it. */
  public static Map.Entry<String, String> holdOf(ObjectMeta backup) {
    return Map.entry(hold(backup.getUid()), holder(backup.getNamespace(), backup.getName()));
  }

  /** The value of a hold: the holder's namespace and name, cut to AWS's 256 characters of a tag value. */
  public static String holder(String namespace, String name) {
    String value = namespace + "/" + name;
    return value.length() <= 256 ? value : value.substring(0, 256);
  }

  private RecoveryPointTags() {}
}
