package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.recoveryPointArn), has(self.backupRef), has(self.planRef),"
    + " has(self.pointInTimeRecovery)].filter(x, x).size() == 1",
    message = "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery")
@ValidationRule(value = "!has(self.region) || !has(self.pointInTimeRecovery)",
    message = "region is the Region of a recovery point; pointInTimeRecovery.table names its own Region")
public class RestoreSource {
  @JsonPropertyDescription("ARN of the recovery point to restore (AWS Backup or DynamoDB-native).")
  @Pattern(ApiPatterns.RECOVERY_POINT_ARN)
  public String recoveryPointArn;

  @JsonPropertyDescription("A DynamoBackup whose recovery point is restored.")
  public ObjectRef backupRef;

  @JsonPropertyDescription("A DynamoBackupPlan: its newest completed recovery point of planRef.table (taken at or before"
      + " planRef.takenAtOrBefore) is restored.")
  public PlanRef planRef;

  @JsonPropertyDescription("Restore a table's point-in-time recovery (PITR) at a chosen second, instead of a recovery"
      + " point: DynamoDB RestoreTableToPointInTime, also of a table deleted within its recovery period.")
  public PointInTimeRecoverySource pointInTimeRecovery;

  @JsonPropertyDescription("Region of the recovery point to restore, when it differs from the target Region the"
      + " operator uses an existing copy there or starts a copy first.")
  @Pattern(ApiPatterns.REGION)
  public String region;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ObjectRef {
    @JsonPropertyDescription("Name of the object.")
    @Required
    @Pattern(ApiPatterns.KUBERNETES_NAME)
    public String name;

    @JsonPropertyDescription("Namespace of the object; defaults to this restore's namespace.")
    @Pattern(ApiPatterns.KUBERNETES_NAME)
    public String namespace;

    public ObjectRef() {}

    public ObjectRef(String name) {
      this.name = name;
    }
  }

  /**
   * A plan's recovery point: the newest completed backup of one of its tables, optionally taken at or before a time.
   * Not DynamoDB point-in-time recovery (any second of the PITR window): this picks one of the plan's recovery points.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "takenAtOrBefore")
  public static class PlanRef extends ObjectRef {
    @JsonPropertyDescription("The table whose backup is restored, as the plan's DynamoBackups name it (name and region,"
        + " or arn). Required when the plan covers several tables (spec.tableSelector): without it the restore is"
        + " refused (InvalidSpec) rather than restoring whichever table's backup happens to be newest.")
    public TableReference table;

    @JsonPropertyDescription("Restore the newest completed recovery point whose backup was taken at or before this time"
        + " (RFC 3339): a backup holds the table as of its job's creation (AWS Backup's time marker), so this is the"
        + " newest point whose data is not newer than the time. Omit for the newest completed point. A plan's recovery"
        + " points are minutes or hours apart; for any second of the PITR window, use source.pointInTimeRecovery"
        + " instead.")
    public String takenAtOrBefore;

    public PlanRef() {}

    public PlanRef(String name) {
      super(name);
    }
  }
}
