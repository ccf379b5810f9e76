package io.dynamobackup.operator.api.v1alpha1.restore;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One restore into a new table, followed by declarative re-application of its settings. */
@Group("dynamobackup.io")
@Version("v1alpha1")
@ShortNames("ddbrestore")
@Categories("dynamobackup")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.tableName")
@AdditionalPrinterColumn(name = "Region", jsonPath = ".spec.target.region", priority = 1)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.restoreDuration")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DynamoRestore extends CustomResource<DynamoRestoreSpec, DynamoRestoreStatus> implements Namespaced {
}
