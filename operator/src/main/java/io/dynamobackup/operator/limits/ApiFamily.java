package io.dynamobackup.operator.limits;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS APIs the operator calls, grouped by the quota AWS applies to them, each with its default rate: AWS's
 * published default where there is one, else a documented guess. Quotas apply per account and Region, so every limit
 * is kept per (account, Region, family).
 *
 * <p>Sources: AWS Backup's API request rates (AWS General Reference, "AWS Backup endpoints and quotas":
 * https://docs.aws.amazon.com/general/latest/gr/bk.html — Start* and most writes 5/s, Describe* and
 * GetRecoveryPointRestoreMetadata 15/s, List* 20/s, DeleteRecoveryPoint 10/s, 50/s for all Backup calls together);
 * DynamoDB's RestoreTableFromBackup (10/s, API reference) and control plane (2,500/s, "Best practices for managing
 * the control plane"); CloudWatch (DescribeAlarms 9/s, PutMetricAlarm and DeleteAlarms 3/s, "CloudWatch service
 * quotas"). Application Auto Scaling and the Resource Groups Tagging API publish no request rates: their defaults are
 * guesses, and StartCopyJob and DescribeCopyJob, missing from AWS Backup's table, take the rates of their siblings.
 *
 * <p>{@link #queued} families are the starts of AWS jobs: work waits for them in the operator's own queue, in slot
 * order ({@link StartQueue}), never in a reconcile thread; every other family paces each call.
 */
public enum ApiFamily {
  START_BACKUP_JOB("startBackupJob", 5, true, "Backup", "StartBackupJob"),
  START_RESTORE_JOB("startRestoreJob", 5, true, "Backup", "StartRestoreJob"),
  RESTORE_TABLE_FROM_BACKUP("restoreTableFromBackup", 10, true, "DynamoDb", "RestoreTableFromBackup"),
  START_COPY_JOB("startCopyJob", 5, false, "Backup", "StartCopyJob"),
  BACKUP_READS("backupDescribe", 15, false, "Backup", "DescribeBackupJob", "DescribeCopyJob", "DescribeRestoreJob",
      "DescribeRecoveryPoint", "GetRecoveryPointRestoreMetadata"),
  BACKUP_LISTS("backupList", 20, false, "Backup", "ListBackupVaults", "ListRecoveryPointsByBackupVault",
      "ListRecoveryPointsByResource", "ListBackupJobs", "ListCopyJobs", "ListRestoreJobs", "ListTags"),
  DELETE_RECOVERY_POINT("deleteRecoveryPoint", 10, false, "Backup", "DeleteRecoveryPoint"),
  /** Every other AWS Backup call (tagging, lifecycle updates): 5/s each in AWS's table. */
  BACKUP_WRITES("backupWrite", 5, false, "Backup"),
  /** Every DynamoDB call but the data plane (items) and RestoreTableFromBackup. */
  DYNAMODB_CONTROL_PLANE("dynamoDbControlPlane", 2500, false, "DynamoDb"),
  AUTO_SCALING("autoScaling", 20, false, "ApplicationAutoScaling"),
  DESCRIBE_ALARMS("describeAlarms", 9, false, "CloudWatch", "DescribeAlarms"),
  ALARM_WRITES("alarmWrites", 3, false, "CloudWatch", "PutMetricAlarm", "DeleteAlarms"),
  GET_RESOURCES("getResources", 10, false, "ResourceGroupsTaggingApi", "GetResources");

  /** DynamoDB's data plane: paid for in capacity units, limited by the table, not by a request rate. */
  private static final Set<String> DATA_PLANE = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
      "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");

  /** The suffix of the option {@code rateLimit.<key>}. */
  public final String key;
  public final double defaultPerSecond;
  public final boolean queued;
  private final String service;
  private final Set<String> operations;

  ApiFamily(String key, double defaultPerSecond, boolean queued, String service, String... operations) {
    this.key = key;
    this.defaultPerSecond = defaultPerSecond;
    this.queued = queued;
    this.service = service;
    this.operations = Set.of(operations);
  }

  /** Families by "service/operation": asked before every AWS call, of a small, fixed set of operations. */
  private static final Map<String, Optional<ApiFamily>> BY_OPERATION = new ConcurrentHashMap<>();

  /**
   * The family of a call, by the SDK's service name ({@code Backup}, {@code DynamoDb}, ...) and operation name; empty
   * for calls without a client-side limit (STS, DynamoDB's data plane).
   */
  public static Optional<ApiFamily> of(String service, String operation) {
    // Asked before every AWS call; the SDK's services and operations are a small, fixed set.
    return BY_OPERATION.computeIfAbsent(service + '/' + operation, k -> find(service, operation));
  }

  private static Optional<ApiFamily> find(String service, String operation) {
    if ("DynamoDb".equals(service) && DATA_PLANE.contains(operation)) {
      return Optional.empty();
    }
    Optional<ApiFamily> named = Arrays.stream(values())
        .filter(f -> f.service.equals(service) && f.operations.contains(operation)).findFirst();
    return named.isPresent() ? named : Arrays.stream(values())
        .filter(f -> f.service.equals(service) && f.operations.isEmpty()).findFirst();
  }

  /** Whether every call of this family also counts against AWS Backup's 50/s for all its calls together. */
  public boolean isBackup() {
    return service.equals("Backup");
  }

  /** The operations, for documentation and messages: {@code StartBackupJob}, or what a catch-all family covers. */
  public String describe() {
    if (!operations.isEmpty()) {
      return String.join(", ", operations.stream().sorted().toList());
    }
    return switch (service) {
      case "Backup" -> "the other AWS Backup calls (TagResource, UpdateRecoveryPointLifecycle, ...)";
      case "DynamoDb" -> "DynamoDB's control plane (DescribeTable, the settings reads and writes, ...; not items)";
      default -> "Application Auto Scaling";
    };
  }
}
