package io.dynamobackup.localaws.dynamodb;

import java.time.Instant;

/** A DynamoDB-native (on-demand, type USER) backup made by CreateBackup. */
public final class NativeBackup {
  public final String arn;
  public final String name;
  public final Instant createdAt;
  public final TableSnapshot snapshot;
  public String status = "AVAILABLE";

  public NativeBackup(String arn, String name, Instant createdAt, TableSnapshot snapshot) {
    this.arn = arn;
    this.name = name;
    this.createdAt = createdAt;
    this.snapshot = snapshot;
  }
}
