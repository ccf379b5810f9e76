package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * DynamoDB point-in-time recovery (PITR) as a restore source: a table and a second within its restorable window
 * (EarliestRestorableDateTime to LatestRestorableDateTime, about five minutes ago), restored with DynamoDB
 * RestoreTableToPointInTime.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.restoreDateTime) != (has(self.useLatestRestorableTime) && self.useLatestRestorableTime)",
    message = "set exactly one of restoreDateTime or useLatestRestorableTime: true")
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "restoreDateTime")
public class PointInTimeRecoverySource {
  @JsonPropertyDescription("The table whose point-in-time recovery is restored, by name and region or by arn. A table"
      + " that was deleted with PITR on stays restorable for its recovery period: name it by arn.")
  @Required
  public TableReference table;

  @JsonPropertyDescription("Restore the table's items as they were at this time (RFC 3339, e.g. 2026-11-20T14:32:07Z):"
      + " every write at or before it. Must be within the table's restorable window: not before"
      + " EarliestRestorableDateTime (when PITR was enabled, at most its recovery period of 1-35 days ago) and not"
      + " after LatestRestorableDateTime (about five minutes ago; the restore waits until a recent time is restorable).")
  public String restoreDateTime;

  @JsonPropertyDescription("Restore the latest restorable time (about five minutes ago, or the deletion of a deleted"
      + " table) instead of restoreDateTime. The time actually restored is recorded in status.restoreDateTime.")
  public Boolean useLatestRestorableTime;

  public PointInTimeRecoverySource() {}

  public PointInTimeRecoverySource(TableReference table, String restoreDateTime, Boolean useLatestRestorableTime) {
    this.table = table;
    this.restoreDateTime = restoreDateTime;
    this.useLatestRestorableTime = useLatestRestorableTime;
  }
}
