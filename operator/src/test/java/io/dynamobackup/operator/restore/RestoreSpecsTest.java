package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import org.junit.jupiter.api.Test;

class RestoreSpecsTest {
  @Test
  void aValidSpecHasNoProblems() {
    assertThat(RestoreSpecs.validate(spec(), "team-a")).isEmpty();
  }

  @Test
  void everyProblemNamesItsField() {
    DynamoRestoreSpec spec = spec();
    spec.source.planRef = new RestoreSource.ObjectRef("nightly");
    spec.source.pointInTime = "yesterday";
    spec.target.tableName = "x";
    spec.target.sse = new RestoreTarget.Encryption();
    spec.target.sse.type = RestoreTarget.EncryptionType.KMS;
    spec.settings = new RestoreSettings();
    spec.settings.stream = new TableSettings.StreamSettings(true, null);
    spec.settings.resourcePolicy = "{not json";

    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.source: set exactly one of recoveryPointArn, backupRef or planRef",
        "spec.source.pointInTime: 'yesterday' is not an RFC 3339 time",
        "spec.target.tableName: 'x' is not a valid DynamoDB table name",
        "spec.target.sse.kmsKeyArn: required with type KMS",
        "spec.settings.stream.viewType: required when the stream is enabled",
        "spec.settings.resourcePolicy: is not a JSON document");
  }

  @Test
  void referencesToAnotherNamespaceAreRefused() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef.namespace = "team-b";
    assertThat(RestoreSpecs.validate(spec, "team-a")).singleElement().asString()
        .startsWith("spec.source.backupRef.namespace: references to other namespaces are not allowed");
  }

  @Test
  void withATenancyPolicyThePolicyDecidesReferencesToAnotherNamespace() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef.namespace = "team-b";
    assertThat(RestoreSpecs.validate(spec, "team-a", true)).isEmpty();
    assertThat(RestoreSpecs.validate(spec, "team-a", false)).hasSize(1);
  }

  private static DynamoRestoreSpec spec() {
    DynamoRestoreSpec spec = new DynamoRestoreSpec();
    spec.source = new RestoreSource();
    spec.source.backupRef = new RestoreSource.ObjectRef("orders-now");
    spec.target = new RestoreTarget();
    spec.target.tableName = "orders-restored";
    return spec;
  }
}
