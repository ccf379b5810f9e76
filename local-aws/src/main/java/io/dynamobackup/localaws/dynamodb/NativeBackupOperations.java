package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.backup.RecoveryPoint;
import io.dynamobackup.localaws.backup.Vault;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.core.TokenBucket;
import io.dynamobackup.localaws.http.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** DynamoDB-native on-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup. */
final class NativeBackupOperations {
  private final TokenBucket createLimit;
  private final TokenBucket restoreLimit;

  NativeBackupOperations(int callsPerSecond) {
    this.createLimit = callsPerSecond > 0 ? new TokenBucket(callsPerSecond) : null;
    this.restoreLimit = callsPerSecond > 0 ? new TokenBucket(callsPerSecond) : null;
  }

  private static void limit(TokenBucket bucket, String op) {
    if (bucket != null && !bucket.tryAcquire()) {
      throw ApiException.throttling("Rate of " + op + " requests exceeds the allowed limit");
    }
  }

  JsonNode createBackup(Request r) {
    limit(createLimit, "CreateBackup");
    Table t;
    try {
      t = DynamoDbService.table(r);
    } catch (ApiException e) {
      throw new ApiException(400, "TableNotFoundException", "Table not found: " + r.text("TableName"));
    }
    String name = r.requiredText("BackupName");
    if (!t.isActive()) {
      throw new ApiException(400, "TableInUseException", "Table is being created: " + t.name);
    }
    String suffix = String.format("%017d-%08x", r.now.toEpochMilli(), ThreadLocalRandom.current().nextInt());
    NativeBackup b = new NativeBackup(t.arn + "/backup/" + suffix, name, r.now, t.snapshot(r.now));
    r.region().nativeBackups.put(b.arn, b);
    ObjectNode out = Json.object();
    out.set("BackupDetails", details(b));
    return out;
  }

  JsonNode describeBackup(Request r) {
    expire(r);
    ObjectNode out = Json.object();
    String arn = r.requiredText("BackupArn");
    NativeBackup b = r.region().nativeBackups.get(arn);
    if (b != null) {
      out.set("BackupDescription", description(b));
      return out;
    }
    RecoveryPoint rp = r.region().findRecoveryPoint(arn);
    if (rp == null || rp.snapshot == null) {
      throw backupNotFound(arn);
    }
    ObjectNode d = out.putObject("BackupDescription");
    d.set("BackupDetails", details(rp));
    d.set("SourceTableDetails", sourceTable(rp.snapshot));
    d.set("SourceTableFeatureDetails", features(rp.snapshot));
    return out;
  }

  JsonNode listBackups(Request r) {
    expire(r);
    String type = r.text("BackupType") == null ? "USER" : r.text("BackupType");
    String tableName = r.text("TableName");
    Instant lower = time(r.node("TimeRangeLowerBound"));
    Instant upper = time(r.node("TimeRangeUpperBound"));
    List<ObjectNode> summaries = new ArrayList<>();
    RegionState region = r.region();
    for (NativeBackup b : region.nativeBackups.values()) {
      if (type.equals(b.type) || type.equals("ALL")) {
        if (matches(b.snapshot, b.createdAt, tableName, lower, upper)) {
          summaries.add(summary(b.snapshot, details(b)));
        }
      }
    }
    if (type.equals("AWS_BACKUP") || type.equals("ALL")) {
      for (Vault v : region.vaults.values()) {
        for (RecoveryPoint rp : v.points.values()) {
          if (rp.snapshot != null && matches(rp.snapshot, rp.creationDate, tableName, lower, upper)) {
            summaries.add(summary(rp.snapshot, details(rp)));
          }
        }
      }
    }
    String startAfter = r.text("ExclusiveStartBackupArn");
    int limit = r.node("Limit") == null ? 100 : r.node("Limit").asInt();
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("BackupSummaries");
    boolean started = startAfter == null;
    for (ObjectNode s : summaries) {
      if (!started) {
        started = s.path("BackupArn").asText().equals(startAfter);
        continue;
      }
      if (arr.size() == limit) {
        out.put("LastEvaluatedBackupArn", arr.get(arr.size() - 1).path("BackupArn").asText());
        break;
      }
      arr.add(s);
    }
    return out;
  }

  JsonNode deleteBackup(Request r) {
    expire(r);
    String arn = r.requiredText("BackupArn");
    NativeBackup b = r.region().nativeBackups.get(arn);
    if (b == null) {
      if (r.region().findRecoveryPoint(arn) != null) {
        throw ApiException.validation("Backups of type AWS_BACKUP can only be deleted through AWS Backup: " + arn);
      }
      throw backupNotFound(arn);
    }
    r.region().nativeBackups.remove(arn);
    b.status = "DELETED";
    ObjectNode out = Json.object();
    out.set("BackupDescription", description(b));
    return out;
  }

  JsonNode restoreTableFromBackup(Request r) {
    limit(restoreLimit, "RestoreTableFromBackup");
    expire(r);
    String target = r.requiredText("TargetTableName");
    String arn = r.requiredText("BackupArn");
    NativeBackup b = r.region().nativeBackups.get(arn);
    if (b == null) {
      if (r.region().findRecoveryPoint(arn) != null) {
        throw ApiException.validation("Recovery points created by AWS Backup advanced features are restored with AWS Backup StartRestoreJob: " + arn);
      }
      throw backupNotFound(arn);
    }
    if (r.region().tables.containsKey(target)) {
      throw new ApiException(400, "TableAlreadyExistsException", "Table already exists: " + target);
    }
    if (r.region().restoresInProgress() >= r.world.options().maxConcurrentRestores()) {
      throw ApiException.limitExceeded("Subscriber limit exceeded: There is a limit of "
          + r.world.options().maxConcurrentRestores() + " concurrent restores per account");
    }
    TableDefinition def = Restorer.definition(b.snapshot, Restorer.overrides(r));
    Table t = Restorer.create(r.world, r.scope, target, b.snapshot, def, b.arn, r.now,
        r.now.plus(Restorer.duration(r.world, b.snapshot)));
    ObjectNode out = Json.object();
    out.set("TableDescription", TableDescriber.describe(t, r.now));
    return out;
  }

  /** System backups of deleted tables are gone after 35 days. */
  private static void expire(Request r) {
    r.region().nativeBackups.values().removeIf(b -> b.expired(r.now));
  }

  private static boolean matches(TableSnapshot s, Instant created, String tableName, Instant lower, Instant upper) {
    return (tableName == null || tableName.equals(s.tableName()) || tableName.equals(s.tableArn()))
        && (lower == null || !created.isBefore(lower))
        && (upper == null || !created.isAfter(upper));
  }

  private static Instant time(JsonNode n) {
    return n == null ? null : Instant.ofEpochMilli(n.decimalValue().movePointRight(3).longValue());
  }

  private static ApiException backupNotFound(String arn) {
    return new ApiException(400, "BackupNotFoundException", "Backup not found: " + arn);
  }

  private static ObjectNode details(NativeBackup b) {
    ObjectNode d = Json.object();
    d.put("BackupArn", b.arn);
    d.put("BackupName", b.name);
    d.put("BackupSizeBytes", b.snapshot.sizeBytes());
    d.put("BackupStatus", b.status);
    d.put("BackupType", b.type);
    Json.putTime(d, "BackupCreationDateTime", b.createdAt);
    Json.putTime(d, "BackupExpiryDateTime", b.expiresAt);
    return d;
  }

  private static ObjectNode details(RecoveryPoint rp) {
    ObjectNode d = Json.object();
    d.put("BackupArn", rp.arn);
    d.put("BackupName", rp.arn.substring(rp.arn.lastIndexOf(':') + 1));
    d.put("BackupSizeBytes", rp.sizeBytes);
    d.put("BackupStatus", "COMPLETED".equals(rp.status) ? "AVAILABLE" : "CREATING");
    d.put("BackupType", "AWS_BACKUP");
    Json.putTime(d, "BackupCreationDateTime", rp.creationDate);
    Json.putTime(d, "BackupExpiryDateTime", rp.deleteAt());
    return d;
  }

  private static ObjectNode summary(TableSnapshot s, ObjectNode details) {
    ObjectNode n = Json.object();
    n.put("TableName", s.tableName());
    n.put("TableId", s.tableId());
    n.put("TableArn", s.tableArn());
    n.setAll(details);
    return n;
  }

  private static ObjectNode description(NativeBackup b) {
    ObjectNode d = Json.object();
    d.set("BackupDetails", details(b));
    d.set("SourceTableDetails", sourceTable(b.snapshot));
    d.set("SourceTableFeatureDetails", features(b.snapshot));
    return d;
  }

  private static ObjectNode sourceTable(TableSnapshot s) {
    ObjectNode d = Json.object();
    d.put("TableName", s.tableName());
    d.put("TableId", s.tableId());
    d.put("TableArn", s.tableArn());
    d.put("TableSizeBytes", s.sizeBytes());
    d.set("KeySchema", s.definition().keySchema.deepCopy());
    Json.putTime(d, "TableCreationDateTime", s.takenAt());
    ObjectNode pt = d.putObject("ProvisionedThroughput");
    pt.put("ReadCapacityUnits", s.definition().rcu);
    pt.put("WriteCapacityUnits", s.definition().wcu);
    d.put("ItemCount", s.itemCount());
    d.put("BillingMode", s.definition().billingMode);
    return d;
  }

  private static ObjectNode features(TableSnapshot s) {
    ObjectNode f = Json.object();
    if (!s.definition().lsis.isEmpty()) {
      f.set("LocalSecondaryIndexes", TableDescriber.indexDefinitions(s.definition().lsis));
    }
    if (!s.definition().gsis.isEmpty()) {
      f.set("GlobalSecondaryIndexes", TableDescriber.indexDefinitions(s.definition().gsis));
    }
    if (s.definition().sse != null) {
      f.set("SSEDescription", TableDescriber.sse(s.definition().sse));
    }
    return f;
  }
}
