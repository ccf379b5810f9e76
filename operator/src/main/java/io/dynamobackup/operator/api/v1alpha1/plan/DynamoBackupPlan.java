package io.dynamobackup.operator.api.v1alpha1.plan;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A backup schedule with retention, lifecycle and copies for one table or a tag-selected set of tables. */
@Group("dynamobackup.io")
@Version("v1alpha1")
@ShortNames("ddbplan")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableSummary")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule")
@AdditionalPrinterColumn(name = "Last Backup", jsonPath = ".status.lastSuccessfulBackup.completionTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.nextScheduleTime", priority = 1)
@AdditionalPrinterColumn(name = "Points", jsonPath = ".status.recoveryPoints", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(name = "Last Drill RTO", jsonPath = ".status.lastDrill.restoreDuration", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DynamoBackupPlan extends CustomResource<DynamoBackupPlanSpec, DynamoBackupPlanStatus> implements Namespaced {
}
