package io.dynamobackup.operator.api.v1alpha1.restore;

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

/** One restore into a new table, followed by declarative re-application of its settings. */
@SchemaCustomizer(value = SchemaPatch.class, input = """
    [{"op": "add", "path": "/description",
      "value": "One restore into a new DynamoDB table, of a recovery point or of a table's point-in-time recovery at \
    any second, followed by declarative re-application of the settings AWS Backup does not restore (tags, TTL, stream, \
    PITR, ...)."},
     {"op": "add", "path": "/properties/spec/description", "value": "Desired state of the DynamoRestore."},
     {"op": "add", "path": "/properties/status/description",
      "value": "Observed state of the DynamoRestore, written by the operator."}]""")
@Group("dynamobackup.io")
@Version("v1alpha1")
// Named here, not derived: fabric8 derives the plural with regular expressions in every object's constructor.
@Singular("dynamorestore")
@Plural("dynamorestores")
@ShortNames("ddbrestore")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.tableName",
    getDescription = "Name of the new table")
// The status, not spec.target.region: the spec usually omits the Region (the recovery point's or source table's).
@AdditionalPrinterColumn(name = "Region", jsonPath = ".status.targetRegion", priority = 1,
    getDescription = "Region of the new table, recorded when the restore is requested (spec.target.region, else the"
        + " Region of the recovery point or source table)")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase",
    getDescription = "Pending, Copying, Restoring, ApplyingSettings, Ready, TableMissing, Deleting or Failed")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1,
    getDescription = "Reason of the Ready condition: what it waits for, or why it is stuck (e.g. InvalidSpec)")
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.restoreDuration",
    getDescription = "Time from request to every setting applied: the measured recovery time")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the object was created")
public class DynamoRestore extends StoredResource<DynamoRestoreSpec, DynamoRestoreStatus> implements Namespaced {
}
