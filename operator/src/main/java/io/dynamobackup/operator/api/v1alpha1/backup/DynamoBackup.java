package io.dynamobackup.operator.api.v1alpha1.backup;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One AWS Backup job for one DynamoDB table and the recovery point it produced. */
@Group("dynamobackup.io")
@Version("v1alpha1")
@ShortNames("ddbbackup")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableName")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Recovery Point Age", jsonPath = ".status.completionTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.size")
@AdditionalPrinterColumn(name = "Recovery Point", jsonPath = ".status.recoveryPointArn", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DynamoBackup extends CustomResource<DynamoBackupSpec, DynamoBackupStatus> implements Namespaced {
}
