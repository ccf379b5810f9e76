package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ResourceClonerTest {
  private static final String BACKUP = """
      {"apiVersion":"dynamobackup.io/v1alpha1","kind":"DynamoBackup",
       "metadata":{"name":"orders-1","namespace":"team-a","uid":"u-1","resourceVersion":"42","generation":3,
         "labels":{"dynamobackup.io/plan":"orders"},"finalizers":["dynamobackup.io/finalizer"],
         "annotations":{"note":"kept"},
         "managedFields":[{"manager":"op","operation":"Apply","fieldsType":"FieldsV1",
           "fieldsV1":{"f:status":{"f:phase":{}}}}],
         "ownerReferences":[{"apiVersion":"dynamobackup.io/v1alpha1","kind":"DynamoBackupPlan","name":"orders",
           "uid":"p-1","controller":true}]},
       "spec":{"table":{"name":"orders","region":"eu-west-1"},"captureTableSettings":true},
       "status":{"observedGeneration":3,"phase":"Completed","tableName":"orders",
         "conditions":[{"type":"Ready","status":"True","reason":"Completed","message":"done",
           "lastTransitionTime":"2026-12-01T00:00:00Z","observedGeneration":3}],
         "jobWindows":{"startWindowMinutes":60,"completeWindowMinutes":10080},
         "sizeBytes":12345678901,"catalogedRecoveryPoints":["arn:aws:backup:eu-west-1:111122223333:recovery-point:x"],
         "sourceTable":{"itemCount":7,"keySchema":[{"attributeName":"pk","attributeType":"S","keyType":"HASH"}]}}}
      """;

  @Test
  void copiesEveryFieldIntoObjectsOfItsOwn() {
    DynamoBackup original = Serialization.unmarshal(BACKUP, DynamoBackup.class);

    DynamoBackup copy = new ResourceCloner().clone(original);

    assertThat(copy).isNotSameAs(original).isExactlyInstanceOf(DynamoBackup.class);
    assertThat(Serialization.asJson(copy)).isEqualTo(Serialization.asJson(original));
    copy.getStatus().conditions.get(0).setReason("Changed");
    copy.getStatus().catalogedRecoveryPoints.add("another");
    copy.getMetadata().getLabels().put("x", "y");
    copy.getMetadata().getManagedFields().clear();
    assertThat(Serialization.asJson(original)).isEqualTo(Serialization.asJson(
        Serialization.unmarshal(BACKUP, DynamoBackup.class)));
  }

  @Test
  void keepsMetadataFieldsTheClientDoesNotKnow() {
    String withUnknown = BACKUP.replace("\"generation\":3,", "\"generation\":3,\"futureField\":{\"a\":[1,2.5]},");
    DynamoBackup original = Serialization.unmarshal(withUnknown, DynamoBackup.class);

    assertThat(original.getMetadata().getAdditionalProperties()).containsKey("futureField");
    assertThat(Serialization.asJson(new ResourceCloner().clone(original))).isEqualTo(Serialization.asJson(original));
  }
}
