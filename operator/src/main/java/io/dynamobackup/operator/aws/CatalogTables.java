package io.dynamobackup.operator.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the recovery catalog keeps across reconciles, shared by every identity's {@link SdkRecoveryCatalog}: the table
 * name, the (identity, Region) pairs whose catalog table was checked in this process, and the records read recently
 * (a record never changes once written, so a restore that checks its settings every few minutes reads it once; that
 * a point has no record is remembered for {@link #ABSENT_FOR}, real time, as one may still be written).
 */
public final class CatalogTables {
  static final int CACHED_RECORDS = 1000;
  static final java.time.Duration ABSENT_FOR = java.time.Duration.ofMinutes(5);

  private final String tableName;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final Map<String, CatalogRecord> records = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CatalogRecord> eldest) {
          return size() > CACHED_RECORDS;
        }
      });

  private final Map<String, Long> absentUntil = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CACHED_RECORDS;
        }
      });

  /** {@code tableName}: the catalog table of every account and Region; empty turns the catalog off. */
  public CatalogTables(String tableName) {
    this.tableName = tableName == null ? "" : tableName;
  }

  public boolean enabled() {
    return !tableName.isEmpty();
  }

  public String tableName() {
    return tableName;
  }

  boolean isVerified(AwsIdentity identity, String region) {
    return verified.contains(identity + "|" + region);
  }

  void verified(AwsIdentity identity, String region) {
    verified.add(identity + "|" + region);
  }

  void forget(AwsIdentity identity, String region) {
    verified.remove(identity + "|" + region);
  }

  Optional<CatalogRecord> cached(AwsIdentity identity, String recoveryPointArn) {
    return Optional.ofNullable(records.get(identity + "|" + recoveryPointArn));
  }

  void cache(AwsIdentity identity, CatalogRecord record) {
    records.put(identity + "|" + record.recoveryPointArn(), record);
    absentUntil.remove(identity + "|" + record.recoveryPointArn());
  }

  /** Whether {@code recoveryPointArn} was found to have no record a moment ago. */
  boolean knownAbsent(AwsIdentity identity, String recoveryPointArn) {
    Long until = absentUntil.get(identity + "|" + recoveryPointArn);
    return until != null && until - System.nanoTime() > 0;
  }

  void absent(AwsIdentity identity, String recoveryPointArn) {
    absentUntil.put(identity + "|" + recoveryPointArn, System.nanoTime() + ABSENT_FOR.toNanos());
  }
}
