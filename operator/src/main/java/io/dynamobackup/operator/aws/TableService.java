package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;

/** The DynamoDB operations the operator uses. Every method throws {@link AwsException} on failure. */
public interface TableService {
  TableInfo describeTable(String region, String tableName);

  /** Reads what AWS Backup will not restore: tags, TTL, stream, PITR, deletion protection, resource policy. */
  TableSettings readSettings(String region, TableInfo table);

  record TableInfo(String name, String arn, String status, long itemCount, long sizeBytes, Boolean streamEnabled,
      String streamViewType, Boolean deletionProtection) {}
}
