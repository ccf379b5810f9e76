package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.dynamodb.expr.Placeholders;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.model.ServiceModel;
import io.dynamobackup.localaws.model.Shape;
import io.dynamobackup.localaws.http.Request;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The DynamoDB JSON 1.0 API: operation name to handler. */
public final class DynamoDbService {
  public static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public DynamoDbService(io.dynamobackup.localaws.core.World world) {
    TableOperations tables = new TableOperations();
    operations.put("CreateTable", tables::createTable);
    operations.put("DescribeTable", tables::describeTable);
    operations.put("ListTables", tables::listTables);
    operations.put("UpdateTable", tables::updateTable);
    operations.put("DeleteTable", tables::deleteTable);
    ItemOperations items = new ItemOperations();
    operations.put("PutItem", withExpressions(items::putItem));
    operations.put("GetItem", withExpressions(items::getItem));
    operations.put("DeleteItem", withExpressions(items::deleteItem));
    operations.put("UpdateItem", withExpressions(items::updateItem));
    operations.put("BatchWriteItem", items::batchWriteItem);
    operations.put("BatchGetItem", items::batchGetItem);
    QueryScan qs = new QueryScan();
    operations.put("Query", withExpressions(qs::query));
    operations.put("Scan", withExpressions(qs::scan));
    TableSettingsOperations settings = new TableSettingsOperations();
    operations.put("TagResource", settings::tagResource);
    operations.put("UntagResource", settings::untagResource);
    operations.put("ListTagsOfResource", settings::listTagsOfResource);
    operations.put("UpdateTimeToLive", settings::updateTimeToLive);
    operations.put("DescribeTimeToLive", settings::describeTimeToLive);
    operations.put("UpdateContinuousBackups", settings::updateContinuousBackups);
    operations.put("DescribeContinuousBackups", settings::describeContinuousBackups);
    ResourcePolicyOperations policies = new ResourcePolicyOperations();
    operations.put("PutResourcePolicy", policies::putResourcePolicy);
    operations.put("GetResourcePolicy", policies::getResourcePolicy);
    operations.put("DeleteResourcePolicy", policies::deleteResourcePolicy);
    FeatureOperations features = new FeatureOperations();
    operations.put("UpdateContributorInsights", features::updateContributorInsights);
    operations.put("DescribeContributorInsights", features::describeContributorInsights);
    operations.put("EnableKinesisStreamingDestination", features::enableKinesisStreamingDestination);
    operations.put("UpdateKinesisStreamingDestination", features::updateKinesisStreamingDestination);
    operations.put("DisableKinesisStreamingDestination", features::disableKinesisStreamingDestination);
    operations.put("DescribeKinesisStreamingDestination", features::describeKinesisStreamingDestination);
    NativeBackupOperations backups = new NativeBackupOperations(world.options().nativeBackupCallsPerSecond());
    operations.put("CreateBackup", backups::createBackup);
    operations.put("DescribeBackup", backups::describeBackup);
    operations.put("ListBackups", backups::listBackups);
    operations.put("DeleteBackup", backups::deleteBackup);
    operations.put("RestoreTableFromBackup", backups::restoreTableFromBackup);
    operations.put("RestoreTableToPointInTime", new PointInTimeRecovery()::restoreTableToPointInTime);
  }

  /** An item operation whose expressions and placeholders are checked as a whole first, as DynamoDB does. */
  private static Operation withExpressions(Operation operation) {
    return request -> {
      Placeholders.check(request);
      return operation.handle(request);
    };
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  /**
   * DynamoDB takes a table name or a table ARN wherever its model says {@code TableArn} (1–1024 characters); a name
   * must still be a valid table name: 3–255 characters of {@code [a-zA-Z0-9_.-]}, checked with the model's
   * {@code TableName} shape so the error words it as AWS does.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
   */
  public static Shape tableNameOrArn(Shape shape, JsonNode value) {
    if ("TableArn".equals(shape.name) && value.isTextual() && !value.asText().startsWith("arn:")) {
      return ServiceModel.of("dynamodb").shape("TableName");
    }
    return shape;
  }

  // ---- helpers shared by the operation classes ----

  /** The table name a TableName parameter gives: the name itself, or the name in a table ARN of the caller's Region. */
  static String nameOf(Request r, String nameOrArn) {
    if (!nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    Arns.Arn arn = Arns.parse(nameOrArn);
    String name = Arns.tableName(nameOrArn);
    if (arn == null || name == null) {
      throw ApiException.validation("Invalid table ARN: " + nameOrArn);
    }
    TableRules.tableArnRegion(r.scope, arn, nameOrArn);
    if (!arn.accountId().equals(r.scope.accountId())) {
      throw ApiException.ddbNotFound("Requested resource not found: Table: " + nameOrArn + " not found");
    }
    return name;
  }

  /** Resolves a TableName parameter (a name or a table ARN in the caller's scope). */
  static Table table(Request r, String nameOrArn) {
    String name = nameOf(r, nameOrArn);
    Table t = r.region().tables.get(name);
    if (t == null) {
      throw ApiException.ddbNotFound("Requested resource not found: Table: " + name + " not found");
    }
    return t;
  }

  static Table table(Request r) {
    return table(r, r.requiredText("TableName"));
  }

  /** A table that accepts item reads and writes (not CREATING). */
  static Table dataTable(Request r, String nameOrArn) {
    Table t = table(r, nameOrArn);
    if (!t.isActive()) {
      throw ApiException.ddbNotFound("Requested resource not found");
    }
    return t;
  }

  /** A table by ARN, for the tagging / resource-policy APIs. */
  static Table tableByArn(Request r, String arn) {
    Arns.Arn a = Arns.parse(arn);
    String name = Arns.tableName(arn);
    if (a == null || name == null) {
      throw ApiException.validation("Invalid TableArn: " + arn);
    }
    TableRules.tableArnRegion(r.scope, a, arn);
    Table t = a.accountId().equals(r.scope.accountId()) ? r.region().tables.get(name) : null;
    if (t == null) {
      throw ApiException.ddbNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
    }
    return t;
  }

  /** Whether {@code streamArn} is the current, enabled stream of a table of the caller's account and Region. */
  public static boolean isEnabledStream(Request r, String streamArn) {
    String name = Arns.tableName(streamArn);
    Table t = name == null ? null : r.region().tables.get(name);
    return t != null && t.streamEnabled && streamArn.equals(t.arn + "/stream/" + t.streamLabel);
  }

  static String kmsKeyArn(Scope scope, String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      return scope.arn("kms", "key/" + java.util.UUID.nameUUIDFromBytes(("aws/dynamodb@" + scope).getBytes()));
    }
    if (keyId.startsWith("arn:")) {
      return keyId;
    }
    return scope.arn("kms", keyId.startsWith("alias/") ? keyId : "key/" + keyId);
  }
}
