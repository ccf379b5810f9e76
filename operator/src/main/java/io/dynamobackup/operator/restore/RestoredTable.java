package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.aws.TableService.TableInfo;
import java.time.Instant;

/**
 * Whether the table that has the restored table's name now is the one this restore made. A table deleted and created
 * again under the same name keeps its ARN but gets a new TableId: the id recorded when the restore's table became
 * ACTIVE ({@code status.tableId}) decides. A restore made before the id was recorded falls back on the creation time:
 * a table created after the restore saw its table ACTIVE is another table.
 */
final class RestoredTable {
  private RestoredTable() {}

  /** Whether {@code table} is the table this restore made. */
  static boolean isRestored(DynamoRestoreStatus status, TableInfo table) {
    if (status.tableId != null && table.tableId() != null) {
      return status.tableId.equals(table.tableId());
    }
    return createdBy(status, table);
  }

  /**
   * Without a recorded id: a table that existed before the restore saw its table ACTIVE is the restored one (the
   * restore refuses a target that exists, so nothing else had the name in between). Unknown creation time: not proven.
   */
  static boolean createdBy(DynamoRestoreStatus status, TableInfo table) {
    if (status.tableActiveTime == null) {
      return true; // not ACTIVE yet: whatever has the name was created by the restore job
    }
    return table.creationTime() != null && !table.creationTime().isAfter(Instant.parse(status.tableActiveTime));
  }

  /** The restored table and the one found, by id and creation time, for messages. */
  static String describe(DynamoRestoreStatus status, TableInfo found) {
    String restored = status.tableId != null ? "TableId " + status.tableId
        + (status.tableCreationTime == null ? "" : ", created " + status.tableCreationTime)
        : "no TableId recorded (restored before this operator version), ACTIVE at " + status.tableActiveTime;
    return "the restored table (" + restored + ") is not the table of that name now (TableId " + found.tableId()
        + ", created " + found.creationTime() + ")";
  }
}
