package io.dynamobackup.operator.api.v1alpha1.backup;

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

/** One AWS Backup job for one DynamoDB table and the recovery point it produced. */
@SchemaCustomizer(value = SchemaPatch.class, input = """
    [{"op": "add", "path": "/description",
      "value": "One AWS Backup job for one DynamoDB table and the recovery point it produced, with its copies and \
    the table settings captured at backup time."},
     {"op": "add", "path": "/properties/spec/description", "value": "Desired state of the DynamoBackup."},
     {"op": "add", "path": "/properties/status/description",
      "value": "Observed state of the DynamoBackup, written by the operator."}]""")
@Group("dynamobackup.io")
@Version("v1alpha1")
// Named here, not derived: fabric8 derives the plural with regular expressions in every object's constructor.
@Singular("dynamobackup")
@Plural("dynamobackups")
@ShortNames("ddbbackup")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableName",
    getDescription = "Name of the source table")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase",
    getDescription = "Pending, Running, Copying, Completed, Failed or Expired")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1,
    getDescription = "Reason of the Ready condition: what it waits for, or why it is stuck (e.g. InvalidSpec)")
@AdditionalPrinterColumn(name = "Recovery Point Age", jsonPath = ".status.completionTime",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the job completed")
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.size",
    getDescription = "Recovery point size")
@AdditionalPrinterColumn(name = "Recovery Point", jsonPath = ".status.recoveryPointArn", priority = 1,
    getDescription = "ARN of the recovery point")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the object was created")
public class DynamoBackup extends StoredResource<DynamoBackupSpec, DynamoBackupStatus> implements Namespaced {
}
