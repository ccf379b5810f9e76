package io.dynamobackup.localaws;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link LocalAws}. All durations are in emulator clock time.
 *
 * <p>Timing model: a backup job is {@code CREATED} for {@link #jobStartDelay()}, then
 * {@code RUNNING} for {@code backupBaseDuration + items * backupPerItem}; copies and restores
 * work the same way with their own base and per-item costs.
 */
public final class LocalAwsOptions {
  private final Clock clock;
  private final String host;
  private final int port;
  private final String defaultRegion;
  private final Duration tableCreationDelay;
  private final Duration jobStartDelay;
  private final Duration backupBaseDuration;
  private final Duration backupPerItem;
  private final Duration copyBaseDuration;
  private final Duration copyPerItem;
  private final Duration restoreBaseDuration;
  private final Duration restorePerItem;
  private final int maxConcurrentRestores;
  private final int nativeBackupCallsPerSecond;

  private LocalAwsOptions(Builder b) {
    this.clock = b.clock;
    this.host = b.host;
    this.port = b.port;
    this.defaultRegion = b.defaultRegion;
    this.tableCreationDelay = b.tableCreationDelay;
    this.jobStartDelay = b.jobStartDelay;
    this.backupBaseDuration = b.backupBaseDuration;
    this.backupPerItem = b.backupPerItem;
    this.copyBaseDuration = b.copyBaseDuration;
    this.copyPerItem = b.copyPerItem;
    this.restoreBaseDuration = b.restoreBaseDuration;
    this.restorePerItem = b.restorePerItem;
    this.maxConcurrentRestores = b.maxConcurrentRestores;
    this.nativeBackupCallsPerSecond = b.nativeBackupCallsPerSecond;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static LocalAwsOptions defaults() {
    return builder().build();
  }

  public Clock clock() { return clock; }
  public String host() { return host; }
  public int port() { return port; }
  public String defaultRegion() { return defaultRegion; }
  public Duration tableCreationDelay() { return tableCreationDelay; }
  public Duration jobStartDelay() { return jobStartDelay; }
  public Duration backupBaseDuration() { return backupBaseDuration; }
  public Duration backupPerItem() { return backupPerItem; }
  public Duration copyBaseDuration() { return copyBaseDuration; }
  public Duration copyPerItem() { return copyPerItem; }
  public Duration restoreBaseDuration() { return restoreBaseDuration; }
  public Duration restorePerItem() { return restorePerItem; }
  public int maxConcurrentRestores() { return maxConcurrentRestores; }
  public int nativeBackupCallsPerSecond() { return nativeBackupCallsPerSecond; }

  /** Builder; every setting has a default. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String host = "127.0.0.1";
    private int port = 0;
    private String defaultRegion = "us-east-1";
    private Duration tableCreationDelay = Duration.ZERO;
    private Duration jobStartDelay = Duration.ofSeconds(1);
    private Duration backupBaseDuration = Duration.ofSeconds(3);
    private Duration backupPerItem = Duration.ofMillis(10);
    private Duration copyBaseDuration = Duration.ofSeconds(5);
    private Duration copyPerItem = Duration.ofMillis(5);
    private Duration restoreBaseDuration = Duration.ofSeconds(5);
    private Duration restorePerItem = Duration.ofMillis(10);
    private int maxConcurrentRestores = 50;
    private int nativeBackupCallsPerSecond = 10;

    private Builder() {}

    public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
    public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
    /** 0 (the default) picks a free port. */
    public Builder port(int port) { this.port = port; return this; }
    /** Region used when a request carries no SigV4 credential scope. */
    public Builder defaultRegion(String region) { this.defaultRegion = Objects.requireNonNull(region); return this; }
    /** How long CreateTable leaves a table CREATING; default zero (ACTIVE at once). */
    public Builder tableCreationDelay(Duration d) { this.tableCreationDelay = nonNegative(d); return this; }
    /** How long a job stays CREATED (restore: PENDING) before it can run. */
    public Builder jobStartDelay(Duration d) { this.jobStartDelay = nonNegative(d); return this; }
    public Builder backupBaseDuration(Duration d) { this.backupBaseDuration = nonNegative(d); return this; }
    public Builder backupPerItem(Duration d) { this.backupPerItem = nonNegative(d); return this; }
    public Builder copyBaseDuration(Duration d) { this.copyBaseDuration = nonNegative(d); return this; }
    public Builder copyPerItem(Duration d) { this.copyPerItem = nonNegative(d); return this; }
    public Builder restoreBaseDuration(Duration d) { this.restoreBaseDuration = nonNegative(d); return this; }
    public Builder restorePerItem(Duration d) { this.restorePerItem = nonNegative(d); return this; }
    /** Concurrent restores (AWS Backup + DynamoDB native) per account and Region; default 50. */
    public Builder maxConcurrentRestores(int n) { this.maxConcurrentRestores = n; return this; }
    /** Built-in rate limit of CreateBackup / RestoreTableFromBackup; 0 disables. Default 10. */
    public Builder nativeBackupCallsPerSecond(int n) { this.nativeBackupCallsPerSecond = n; return this; }

    public LocalAwsOptions build() {
      return new LocalAwsOptions(this);
    }

    private static Duration nonNegative(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("duration must not be negative: " + d);
      }
      return d;
    }
  }
}
