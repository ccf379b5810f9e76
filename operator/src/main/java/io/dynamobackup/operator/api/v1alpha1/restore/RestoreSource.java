package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.recoveryPointArn), has(self.backupRef), has(self.planRef),"
    + " has(self.pointInTimeRecovery)].filter(x, x).size() == 1",
    message = "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery")
@ValidationRule(value = "!has(self.pointInTime) || has(self.planRef)", message = "pointInTime requires planRef")
@ValidationRule(value = "!has(self.region) || !has(self.pointInTimeRecovery)",
    message = "region is the Region of a recovery point; pointInTimeRecovery.table names its own Region")
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "pointInTime")
public class RestoreSource {
  @JsonPropertyDescription("ARN of the recovery point to restore (AWS Backup or DynamoDB-native).")
  @Pattern(ApiPatterns.RECOVERY_POINT_ARN)
  public String recoveryPointArn;

  @JsonPropertyDescription("A DynamoBackup whose recovery point is restored.")
  public ObjectRef backupRef;

  @JsonPropertyDescription("A DynamoBackupPlan whose newest completed recovery point (at or before pointInTime) is restored.")
  public ObjectRef planRef;

  @JsonPropertyDescription("Restore a table's point-in-time recovery (PITR) at a chosen second, instead of a recovery"
      + " point: DynamoDB RestoreTableToPointInTime, also of a table deleted within its recovery period.")
  public PointInTimeRecoverySource pointInTimeRecovery;

  @JsonPropertyDescription("With planRef: restore the newest recovery point completed at or before this time (RFC 3339).")
  public String pointInTime;

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
}
