package io.dynamobackup.localaws.dynamodb;

import java.time.Instant;

/**
 * A DynamoDB-native backup: an on-demand backup made by CreateBackup (BackupType USER), or the system backup DynamoDB
 * makes when a table with point-in-time recovery is deleted (BackupType SYSTEM, kept 35 days).
 */
public final class NativeBackup {
  public final String arn;
  public final String name;
  public final Instant createdAt;
  public final TableSnapshot snapshot;
  public String status = "AVAILABLE";
  /** USER or SYSTEM. */
  public String type = "USER";
  /** When DynamoDB deletes it (system backups), else null. */
  public Instant expiresAt;

  public NativeBackup(String arn, String name, Instant createdAt, TableSnapshot snapshot) {
    this.arn = arn;
    this.name = name;
    this.createdAt = createdAt;
    this.snapshot = snapshot;
  }

  /**
   * The system backup of a table with point-in-time recovery that is being deleted: named
   * {@code <table>$DeletedTableBackup}, kept for 35 days.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
   */
  public static NativeBackup deletedTable(Table t, Instant at) {
    String suffix = String.format("%017d-%08x", at.toEpochMilli(), java.util.concurrent.ThreadLocalRandom.current()
        .nextInt());
    NativeBackup backup = new NativeBackup(t.arn + "/backup/" + suffix, t.name + "$DeletedTableBackup", at,
        t.snapshot(at));
    backup.type = "SYSTEM";
    backup.expiresAt = at.plus(java.time.Duration.ofDays(35));
    return backup;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
