package io.dynamobackup.operator.aws;

import java.time.Instant;

/**
 * One item of the recovery catalog: what a restore needs to know about a recovery point when the cluster that made it
 * is gone. A copy has a record of its own, in its own account and Region, with the source's description and settings.
 *
 * @param recoveryPointArn       the point this record describes (the key): a backup's point or one of its copies
 * @param sourceRecoveryPointArn the point the backup job produced; equal to {@code recoveryPointArn} for it
 * @param backupVaultName        the vault holding {@code recoveryPointArn}
 * @param resourceArn            the table the backup was taken of
 * @param iamRoleArn             the IAM role the backup job ran with
 * @param backupTime             the backup job's creation: the moment the data is from
 * @param completionTime         when {@code recoveryPointArn} completed (the backup job's or the copy job's completion)
 * @param sizeBytes              the recovery point's size
 * @param producer               the DynamoBackup (and plan) that made it
 * @param sourceTable            the source table's description at backup time (JSON of the DynamoBackup's
 *                               status.sourceTable: key schema, indexes, capacity, billing, table class, SSE)
 * @param capturedSettings       the settings captured at backup time as one JSON document (the DynamoBackup's
 *                               captured settings, whatever fields they have), or null when none were captured
 * @param recordedTime           when the record was written
 * @param expiresAt              when DynamoDB may drop the record (after the point's lifecycle ends), or null: never
 */
public record CatalogRecord(String recoveryPointArn, String sourceRecoveryPointArn, String backupVaultName,
    String resourceArn, String iamRoleArn, Instant backupTime, Instant completionTime, Long sizeBytes,
    Producer producer, String sourceTable, String capturedSettings, Instant recordedTime, Instant expiresAt) {

  /** Whether this is the record of a copy (in the copy's account and Region). */
  public boolean isCopy() {
    return !recoveryPointArn.equals(sourceRecoveryPointArn);
  }

  /**
   * The object that produced the point: a DynamoBackup's namespace, name and uid, the plan that created it (its
   * label value) and the schedule slot (RFC 3339); plan and slot are null for a hand-made backup.
   */
  public record Producer(String namespace, String name, String uid, String plan, String scheduledAt) {}
}
