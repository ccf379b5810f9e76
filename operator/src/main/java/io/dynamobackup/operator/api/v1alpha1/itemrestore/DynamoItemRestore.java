package io.dynamobackup.operator.api.v1alpha1.itemrestore;

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

/** Item-level recovery: selected items of a recovery point or a point in time, put back into an existing table. */
@SchemaCustomizer(value = SchemaPatch.class, input = """
    [{"op": "add", "path": "/description",
      "value": "Item-level recovery: restores a recovery point or a table's point-in-time recovery into a scratch \
    table, copies the selected items into an existing table (normally the live one) under a conflict policy, and \
    deletes the scratch table. Items that are not selected, and the target table's settings, are never touched."},
     {"op": "add", "path": "/properties/spec/description", "value": "Desired state of the DynamoItemRestore."},
     {"op": "add", "path": "/properties/status/description",
      "value": "Observed state of the DynamoItemRestore, written by the operator."}]""")
@Group("dynamobackup.io")
@Version("v1alpha1")
// Named here, not derived: fabric8 derives the plural with regular expressions in every object's constructor.
@Singular("dynamoitemrestore")
@Plural("dynamoitemrestores")
@ShortNames("ddbitemrestore")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.tableName",
    getDescription = "The table the items are written into")
@AdditionalPrinterColumn(name = "Region", jsonPath = ".spec.target.region", priority = 1,
    getDescription = "Region of the target table")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase",
    getDescription = "Pending, Restoring, Copying, CleaningUp, Completed, PartiallyFailed or Failed")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1,
    getDescription = "Reason of the Ready condition: what it waits for, or why it is stuck (e.g. InvalidSpec)")
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.itemsMatched", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Selected items found in the restored copy")
@AdditionalPrinterColumn(name = "Written", jsonPath = ".status.itemsWritten", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Items written into the target table")
@AdditionalPrinterColumn(name = "Skipped", jsonPath = ".status.itemsSkipped", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Items left as they are in the target (conflict policy)")
@AdditionalPrinterColumn(name = "Failed", jsonPath = ".status.itemsFailed", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Items that could not be written (see status.failures)")
@AdditionalPrinterColumn(name = "Scratch", jsonPath = ".status.scratchTable", priority = 1,
    getDescription = "The scratch table the source was restored into (deleted when done)")
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration",
    getDescription = "Time from request to the scratch table deleted")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the object was created")
public class DynamoItemRestore extends StoredResource<DynamoItemRestoreSpec, DynamoItemRestoreStatus>
    implements Namespaced {
}
