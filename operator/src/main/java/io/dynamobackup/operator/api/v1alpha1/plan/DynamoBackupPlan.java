package io.dynamobackup.operator.api.v1alpha1.plan;

import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.dynamobackup.operator.api.v1alpha1.StoredResource;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A backup schedule with retention, lifecycle and copies for one table or a tag-selected set of tables. */
@SchemaCustomizer(value = SchemaPatch.class, input = """
    [{"op": "add", "path": "/description",
      "value": "A backup schedule with GFS retention, lifecycle and cross-Region/account copies for one DynamoDB \
    table or a tag-selected set of tables. Creates DynamoBackup objects on schedule."},
     {"op": "add", "path": "/properties/spec/description", "value": "Desired state of the DynamoBackupPlan."},
     {"op": "add", "path": "/properties/status/description",
      "value": "Observed state of the DynamoBackupPlan, written by the operator."}]""")
@Group("dynamobackup.io")
@Version("v1alpha1")
// Named here, not derived: fabric8 derives the plural with regular expressions in every object's constructor.
@Singular("dynamobackupplan")
@Plural("dynamobackupplans")
@ShortNames("ddbplan")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableSummary",
    getDescription = "Name of spec.table (whether or not it exists), or the number of selected tables")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule",
    getDescription = "Cron schedule, in spec.timeZone")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1,
    getDescription = "Reason of the Ready condition: what it waits for, or why it is stuck (e.g. InvalidSpec)")
@AdditionalPrinterColumn(name = "Last Backup", jsonPath = ".status.lastSuccessfulBackup.completionTime",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "When the newest backup of this plan completed")
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.nextScheduleTime", priority = 1,
    getDescription = "The next schedule slot")
@AdditionalPrinterColumn(name = "Points", jsonPath = ".status.recoveryPoints", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1, getDescription = "Number of completed recovery points this plan keeps")
@AdditionalPrinterColumn(name = "Last Drill RTO", jsonPath = ".status.lastDrill.restoreDuration", priority = 1,
    getDescription = "Restore time of the latest restore drill, request to a table with every setting applied")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the object was created")
public class DynamoBackupPlan extends StoredResource<DynamoBackupPlanSpec, DynamoBackupPlanStatus> implements Namespaced {
}
