package io.dynamobackup.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What exists in AWS, read-only: the tables of a Region and their tags (for tag selectors) and whether a recovery
 * point still exists (AWS deletes points at the end of their lifecycle). Every method throws {@link AwsException}.
 */
public interface Inventory {
  /** Names of every table in the Region (ListTables, all pages). */
  List<String> listTables(String region);

  /** The table's ARN (DescribeTable), or empty when the table does not exist. */
  Optional<String> tableArn(String region, String tableName);

  /** Tags of a DynamoDB resource (ListTagsOfResource, all pages). */
  Map<String, String> tags(String region, String resourceArn);

  /**
   * The exact number of items in a table: a paginated Scan with Select COUNT (reads the whole table; used for restore
   * drills on scratch tables, where DescribeTable's ItemCount would still be 0 or stale, as AWS refreshes it only about
   * every six hours).
   */
  long countItems(String region, String tableName);

  /** DescribeRecoveryPoint; false when AWS no longer has the point (lifecycle expiry, deleted by hand). */
  boolean recoveryPointExists(String recoveryPointArn, String backupVaultName);
}
