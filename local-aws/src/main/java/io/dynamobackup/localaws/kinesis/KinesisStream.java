package io.dynamobackup.localaws.kinesis;

import java.time.Instant;

/** A Kinesis data stream (configuration only: no records, no shards to read). Guarded by the World lock. */
public final class KinesisStream {
  public String name;
  public String arn;
  public String mode;
  public int shardCount;
  public Instant createdAt;
}
