package io.dynamobackup.operator.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * {@link RecoveryCatalog} over the AWS SDK v2 DynamoDbClient. Items are addressed by the catalog table's ARN in the
 * point's account and Region, so a cross-account copy's record goes to that account's table; only the caller's own
 * tables are created and checked, by name.
 *
 * <p>Item layout (every attribute a string unless noted): {@code recoveryPointArn} (the key),
 * {@code sourceRecoveryPointArn}, {@code backupVaultName}, {@code resourceArn}, {@code iamRoleArn},
 * {@code backupTime}, {@code completionTime}, {@code sizeBytes} (number), {@code namespace}, {@code name},
 * {@code uid}, {@code plan}, {@code scheduledAt}, {@code sourceTable} (JSON), {@code capturedSettings} (JSON),
 * {@code recordedTime}, {@code expiresAt} (number, epoch seconds, the table's TTL attribute), {@code recordVersion}
 * (number, 1).
 */
public final class SdkRecoveryCatalog extends SdkService implements RecoveryCatalog {
  static final String KEY = "recoveryPointArn";
  static final String TTL_ATTRIBUTE = "expiresAt";
  static final int RECORD_VERSION = 1;

  private final CatalogTables tables;

  /** Calls AWS with {@code identity}'s credentials; {@code tables} is shared by every identity. */
  public SdkRecoveryCatalog(AwsClients clients, AwsIdentity identity, CatalogTables tables) {
    super(clients, identity);
    this.tables = tables;
  }

  @Override
  public boolean enabled() {
    return tables.enabled();
  }

  @Override
  public String tableName() {
    return tables.tableName();
  }

  @Override
  public void put(CatalogRecord record, String callerAccount) {
    Arn point = Arn.parse(record.recoveryPointArn());
    boolean own = point.account().equals(callerAccount);
    if (own) {
      ensureTable(point.region());
    }
    String table = tableArn(point);
    try {
      AwsCalls.run(() -> dynamoDb(point.region()).putItem(b -> b.tableName(table).item(item(record))));
    } catch (AwsException e) {
      if (own && e.isNotFound()) {
        tables.forget(identity, point.region()); // deleted behind our back: check (and create) it again next time
      }
      if (!own) {
        throw new AwsException(e.code(), "recovery catalog " + table + ": " + e.getMessage() + " (a recovery point in"
            + " another account is recorded in that account's catalog table, which must exist and allow this"
            + " operator's role dynamodb:PutItem and dynamodb:GetItem in its resource policy)", e.isTransient(), e);
      }
      throw e;
    }
    tables.cache(identity, record);
  }

  @Override
  public Optional<CatalogRecord> get(String recoveryPointArn) {
    Optional<CatalogRecord> cached = tables.cached(identity, recoveryPointArn);
    if (cached.isPresent() || tables.knownAbsent(identity, recoveryPointArn)) {
      return cached;
    }
    Arn point = Arn.parse(recoveryPointArn);
    Map<String, AttributeValue> item;
    try {
      item = AwsCalls.call(() -> dynamoDb(point.region()).getItem(b -> b.tableName(tableArn(point))
          .key(Map.of(KEY, AttributeValue.fromS(recoveryPointArn))).consistentRead(true))).item();
    } catch (AwsException e) {
      if (e.isNotFound()) {
        tables.absent(identity, recoveryPointArn); // no catalog table in that account and Region
        return Optional.empty();
      }
      throw e;
    }
    if (item == null || item.isEmpty()) {
      tables.absent(identity, recoveryPointArn);
      return Optional.empty();
    }
    CatalogRecord record = record(item);
    tables.cache(identity, record);
    return Optional.of(record);
  }

  /**
   * The caller's catalog table in {@code region}, created when missing and brought to what it must be (deletion
   * protection, PITR, TTL) once per process. Reads: DescribeTable, DescribeContinuousBackups, DescribeTimeToLive.
   */
  private void ensureTable(String region) {
    if (tables.isVerified(identity, region)) {
      return;
    }
    DynamoDbClient dynamoDb = dynamoDb(region);
    String name = tables.tableName();
    TableDescription table = describe(dynamoDb, name).orElseGet(() -> create(dynamoDb, name));
    if (!"ACTIVE".equals(table.tableStatusAsString())) {
      throw new AwsException("CatalogTableNotActive", "the recovery catalog table " + name + " in " + region + " is "
          + table.tableStatusAsString() + "; the record is written once it is ACTIVE", true, null);
    }
    if (!Boolean.TRUE.equals(table.deletionProtectionEnabled())) {
      AwsCalls.run(() -> dynamoDb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(true)));
    }
    var backups = AwsCalls.call(() -> dynamoDb.describeContinuousBackups(b -> b.tableName(name)))
        .continuousBackupsDescription();
    boolean pitr = backups != null && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED
        && backups.pointInTimeRecoveryDescription() != null
        && backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    if (!pitr) {
      AwsCalls.run(() -> dynamoDb.updateContinuousBackups(b -> b.tableName(name)
          .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
    }
    var ttl = AwsCalls.call(() -> dynamoDb.describeTimeToLive(b -> b.tableName(name))).timeToLiveDescription();
    if (ttl == null || (ttl.timeToLiveStatus() != TimeToLiveStatus.ENABLED
        && ttl.timeToLiveStatus() != TimeToLiveStatus.ENABLING)) {
      AwsCalls.run(() -> dynamoDb.updateTimeToLive(b -> b.tableName(name)
          .timeToLiveSpecification(t -> t.enabled(true).attributeName(TTL_ATTRIBUTE))));
    }
    tables.verified(identity, region);
  }

  private static Optional<TableDescription> describe(DynamoDbClient dynamoDb, String name) {
    try {
      return Optional.of(AwsCalls.call(() -> dynamoDb.describeTable(b -> b.tableName(name))).table());
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static TableDescription create(DynamoDbClient dynamoDb, String name) {
    try {
      return AwsCalls.call(() -> dynamoDb.createTable(b -> b.tableName(name)
          .attributeDefinitions(a -> a.attributeName(KEY).attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName(KEY).keyType(KeyType.HASH))
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS))
          .deletionProtectionEnabled(true))).tableDescription();
    } catch (AwsException e) {
      if (!e.code().equals("ResourceInUseException")) {
        throw e;
      }
      return describe(dynamoDb, name).orElseThrow(() -> e); // created a moment ago by another reconcile
    }
  }

  private DynamoDbClient dynamoDb(String region) {
    return clients.dynamoDb(identity, region);
  }

  private String tableArn(Arn point) {
    return "arn:" + point.partition() + ":dynamodb:" + point.region() + ":" + point.account() + ":table/"
        + tables.tableName();
  }

  static Map<String, AttributeValue> item(CatalogRecord r) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(KEY, AttributeValue.fromS(r.recoveryPointArn()));
    item.put("recordVersion", AttributeValue.fromN(Integer.toString(RECORD_VERSION)));
    text(item, "sourceRecoveryPointArn", r.sourceRecoveryPointArn());
    text(item, "backupVaultName", r.backupVaultName());
    text(item, "resourceArn", r.resourceArn());
    text(item, "iamRoleArn", r.iamRoleArn());
    time(item, "backupTime", r.backupTime());
    time(item, "completionTime", r.completionTime());
    if (r.sizeBytes() != null) {
      item.put("sizeBytes", AttributeValue.fromN(Long.toString(r.sizeBytes())));
    }
    if (r.producer() != null) {
      text(item, "namespace", r.producer().namespace());
      text(item, "name", r.producer().name());
      text(item, "uid", r.producer().uid());
      text(item, "plan", r.producer().plan());
      text(item, "scheduledAt", r.producer().scheduledAt());
    }
    text(item, "sourceTable", r.sourceTable());
    text(item, "capturedSettings", r.capturedSettings());
    time(item, "recordedTime", r.recordedTime());
    if (r.expiresAt() != null) {
      item.put(TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(r.expiresAt().getEpochSecond())));
    }
    return item;
  }

  static CatalogRecord record(Map<String, AttributeValue> item) {
    String sizeBytes = number(item, "sizeBytes");
    String expires = number(item, TTL_ATTRIBUTE);
    return new CatalogRecord(text(item, KEY), text(item, "sourceRecoveryPointArn"), text(item, "backupVaultName"),
        text(item, "resourceArn"), text(item, "iamRoleArn"), time(item, "backupTime"), time(item, "completionTime"),
        sizeBytes == null ? null : Long.valueOf(sizeBytes),
        new CatalogRecord.Producer(text(item, "namespace"), text(item, "name"), text(item, "uid"), text(item, "plan"),
            text(item, "scheduledAt")),
        text(item, "sourceTable"), text(item, "capturedSettings"), time(item, "recordedTime"),
        expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires)));
  }

  private static void text(Map<String, AttributeValue> item, String name, String value) {
    if (value != null && !value.isEmpty()) {
      item.put(name, AttributeValue.fromS(value));
    }
  }

  private static void time(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value.toString()));
    }
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static String number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.n();
  }

  private static Instant time(Map<String, AttributeValue> item, String name) {
    String value = text(item, name);
    return value == null ? null : Instant.parse(value);
  }
}
