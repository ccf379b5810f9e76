package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.OperatorHarness.NAMESPACE;
import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** A restore's phase and reason say what is true, from the first check to an edit the API server let through. */
class RestoreTruthIT {
  private static final String REGION = "eu-west-1";
  private static final String MISSING_POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:does-not-exist";
  private final OperatorHarness harness = new OperatorHarness();
  private final RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aRecoveryPointThatDoesNotExistIsPendingWithThatReasonWithOrWithoutARole() {
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    DynamoRestore withoutRole = restore("without-role", "without-role");
    withoutRole.getSpec().source.recoveryPointArn = MISSING_POINT;
    harness.create(withoutRole);
    DynamoRestore withRole = restore("with-role", "with-role");
    withRole.getSpec().source.recoveryPointArn = MISSING_POINT;
    withRole.getSpec().iamRoleArn = ROLE;
    harness.create(withRole);

    for (String name : List.of("without-role", "with-role")) {
      Condition ready = awaitReason(name, "RecoveryPointNotFound");
      assertThat(ready.getMessage()).isEqualTo("spec.source.recoveryPointArn: recovery point " + MISSING_POINT
          + " does not exist in any backup vault of account 111122223333, Region eu-west-1 (DescribeRecoveryPoint in"
          + " prod-vault)");
      DynamoRestore restore = harness.get(DynamoRestore.class, name);
      assertThat(restore.getStatus().phase).isEqualTo(RestorePhase.Pending);
      assertThat(Conditions.isTrue(restore.getStatus().conditions, "Stalled")).isTrue();
    }
    assertThat(harness.aws.callCount("StartRestoreJob")).isZero();
  }

  @Test
  void aThrottledOrDeniedRestoreIsPendingUntilAJobExists() {
    backUp("orders-now");
    harness.aws.faults().throttle("StartRestoreJob", 1.0);
    harness.create(fromBackup("throttled", "orders-throttled"));
    assertThat(awaitReason("throttled", "ThrottlingException").getMessage()).contains("retrying with back-off");
    assertThat(harness.get(DynamoRestore.class, "throttled").getStatus().phase).isEqualTo(RestorePhase.Pending);
    assertThat(harness.events("throttled")).extracting(e -> e.getReason()).doesNotContain("Restoring");

    harness.aws.faults().clear();
    DynamoRestore denied = fromBackup("denied", "orders-denied");
    denied.getSpec().iamRoleArn = "arn:aws:iam::111122223333:role/denied";
    harness.aws.faults().denyRole(denied.getSpec().iamRoleArn);
    harness.create(denied);
    awaitReason("denied", "AccessDeniedException");
    DynamoRestore stillDenied = harness.get(DynamoRestore.class, "denied");
    assertThat(stillDenied.getStatus().phase).isEqualTo(RestorePhase.Pending);
    assertThat(stillDenied.getStatus().restoreJobId).isNull();
    assertThat(Conditions.isTrue(stillDenied.getStatus().conditions, "Stalled")).isTrue();

    DynamoRestore restored = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "throttled"),
        r -> r.getStatus().phase == RestorePhase.Ready);
    assertThat(restored.getStatus().restoreJobId).isNotNull();
    assertThat(harness.events("throttled")).extracting(e -> e.getReason())
        .contains("StartingRestore", "Restoring", "Ready");
  }

  @Test
  void aThrottledPointInTimeRestoreIsPendingUntilDynamoDbStartsIt() {
    harness.createTable(REGION, "orders", 5);
    harness.dynamoDb(REGION).updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    harness.clock.advance(Duration.ofMinutes(10)); // a restorable window to restore from
    harness.startOperator();
    harness.aws.faults().throttle("RestoreTableToPointInTime", 1.0);
    DynamoRestore restore = restore("pitr-throttled", "orders-pitr");
    restore.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(
        io.dynamobackup.operator.api.v1alpha1.TableReference.named("orders", REGION), null, true);
    harness.create(restore);
    assertThat(awaitReason("pitr-throttled", "ThrottlingException").getMessage()).contains("retrying with back-off");
    DynamoRestore throttled = harness.get(DynamoRestore.class, "pitr-throttled");
    assertThat(throttled.getStatus().phase).as("no restore runs yet").isEqualTo(RestorePhase.Pending);
    assertThat(throttled.getStatus().restoreStartedTime).isNull();
    assertThat(throttled.getStatus().targetTableName).as("the intent names its table").isEqualTo("orders-pitr");
    assertThat(harness.events("pitr-throttled")).extracting(e -> e.getReason()).doesNotContain("Restoring");

    harness.aws.faults().clear();
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "pitr-throttled"),
        r -> r.getStatus().phase == RestorePhase.Ready);
    assertThat(harness.events("pitr-throttled")).extracting(e -> e.getReason())
        .contains("StartingRestore", "Restoring", "Ready");
  }

  @Test
  void aPlanRefToAPlanThatDoesNotExistSaysNotFound() {
    harness.startOperator();
    DynamoRestore restore = restore("from-missing-plan", "orders-restored");
    restore.getSpec().source.planRef = new RestoreSource.PlanRef("no-such-plan");
    harness.create(restore);
    assertThat(awaitReason("from-missing-plan", "PlanNotFound").getMessage())
        .isEqualTo("spec.source.planRef: DynamoBackupPlan default/no-such-plan not found");
  }

  @Test
  void anEditOfTheTargetThatTheApiServerLetThroughIsReportedAndNeverRedirectsADelete() {
    backUp("orders-now");
    harness.create(fromBackup("orders-restored", "orders-restored"));
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored").getStatus(),
        s -> s != null && s.phase == RestorePhase.Ready);

    // An API server without the CRD's CEL rules accepts what one with them refuses (self == oldSelf).
    withoutCelRules("dynamorestores.dynamobackup.io");
    harness.retryOnConflict(() -> harness.client().resources(DynamoRestore.class).inNamespace(NAMESPACE)
        .withName("orders-restored").edit(r -> {
          r.getSpec().target.tableName = "orders";
          r.getSpec().deletionPolicy = DeletionPolicy.Delete;
          return r;
        }));
    Condition ready = awaitReason("orders-restored", "ImmutableFieldChanged");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).startsWith("spec.target changed after the restore was requested, but it is"
        + " immutable: this restore stays the restore of ").contains("into table orders-restored in eu-west-1");
    DynamoRestore edited = harness.get(DynamoRestore.class, "orders-restored");
    assertThat(Conditions.isTrue(edited.getStatus().conditions, "Stalled")).isTrue();
    assertThat(edited.getStatus().targetTableName).isEqualTo("orders-restored");
    assertThat(harness.events("orders-restored")).anySatisfy(e -> assertThat(List.of(e.getType(), e.getReason()))
        .containsExactly("Warning", "ImmutableFieldChanged"));

    harness.client().resource(edited).delete();
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored"), r -> r == null);
    assertThat(harness.dynamoDb(REGION).describeTable(b -> b.tableName("orders")).table().tableStatusAsString())
        .isEqualTo("ACTIVE");
    try {
      harness.dynamoDb(REGION).describeTable(b -> b.tableName("orders-restored"));
      throw new AssertionError("the restored table should have been deleted (deletionPolicy Delete)");
    } catch (ResourceNotFoundException deleted) {
      assertThat(deleted.getMessage()).contains("orders-restored");
    }
  }

  @Test
  void aCrossRegionRestoreOfAPointInColdStorageIsRefusedUpFront() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.createVault("us-west-2", "prod-vault");
    harness.startOperator();
    DynamoBackup backup = fixtures.backupSpec("orders-cold", "orders");
    backup.getSpec().lifecycle = new Lifecycle(1L, 91L);
    harness.create(backup);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-cold").getStatus(),
        s -> s != null && s.phase == BackupPhase.Completed);
    harness.clock.advance(Duration.ofDays(2));
    harness.aws.clearCalls();

    DynamoRestore restore = restore("orders-dr", "orders-dr");
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("orders-cold");
    restore.getSpec().target.region = "us-west-2";
    harness.create(restore);

    assertThat(awaitReason("orders-dr", "RecoveryPointInColdStorage").getMessage())
        .contains("is in cold storage and AWS Backup cannot copy it into us-west-2");
    assertThat(harness.get(DynamoRestore.class, "orders-dr").getStatus().phase).isEqualTo(RestorePhase.Pending);
    assertThat(harness.aws.callCount("StartCopyJob")).isZero();
  }

  @Test
  void aKmsKeyOfAnotherAccountIsFlaggedBecauseOnlyKmsKnowsWhetherItMayBeUsed() {
    backUp("orders-now");
    DynamoRestore restore = fromBackup("orders-foreign-key", "orders-foreign-key");
    restore.getSpec().target.sse = new RestoreTarget.Encryption();
    restore.getSpec().target.sse.type = RestoreTarget.EncryptionType.KMS;
    restore.getSpec().target.sse.kmsKeyArn = "arn:aws:kms:eu-west-1:444455556666:key/shared";
    harness.create(restore);

    DynamoRestore failed = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-foreign-key"),
        r -> r.getStatus() != null && r.getStatus().phase == RestorePhase.Failed);
    assertThat(harness.events("orders-foreign-key")).anySatisfy(e -> {
      assertThat(List.of(e.getType(), e.getReason())).containsExactly("Warning", "KmsKeyOfAnotherAccount");
      assertThat(e.getMessage()).contains("unless the key's policy or a grant allows account 111122223333");
    });
    assertThat(failed.getStatus().failure.message).contains("444455556666");
  }

  @Test
  void theSourcesCapturedTagsAndTheSpecsTogetherMayNotExceedFifty() {
    String tableArn = harness.createTable(REGION, "orders", 5);
    List<software.amazon.awssdk.services.dynamodb.model.Tag> tags = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tags.add(software.amazon.awssdk.services.dynamodb.model.Tag.builder().key("source-" + i).value("v").build());
    }
    harness.dynamoDb(REGION).tagResource(b -> b.resourceArn(tableArn).tags(tags));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    fixtures.backUp("orders-now", "orders");
    harness.aws.clearCalls();

    DynamoRestore restore = fromBackup("orders-tagged", "orders-tagged");
    restore.getSpec().settings.tags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      restore.getSpec().settings.tags.put("restore-" + i, "v");
    }
    harness.create(restore);

    assertThat(awaitReason("orders-tagged", "InvalidSpec").getMessage()).isEqualTo("spec.settings.tags: with the tags"
        + " captured from the source table (settings.fromSource) the restored table would have 55 tags; AWS allows 50");
    assertThat(harness.aws.callCount("StartRestoreJob")).isZero();
  }

  /** Serves the CRD without its CEL rules, as an API server that does not run them would. */
  private void withoutCelRules(String crdName) {
    var crds = harness.client().apiextensions().v1().customResourceDefinitions();
    com.fasterxml.jackson.databind.JsonNode crd = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .valueToTree(crds.withName(crdName).get());
    removeRules(crd);
    crds.resource(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(crd,
        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class)).update();
  }

  private static void removeRules(com.fasterxml.jackson.databind.JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      object.remove("x-kubernetes-validations");
    }
    node.forEach(RestoreTruthIT::removeRules);
  }

  private void backUp(String name) {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    fixtures.backUp(name, "orders");
  }

  /** A restore of the DynamoBackup orders-now into {@code table} in eu-west-1. */
  private static DynamoRestore fromBackup(String name, String table) {
    DynamoRestore restore = RestoreFixtures.restore(name, "orders-now", table);
    restore.getSpec().target.region = REGION;
    return restore;
  }

  /** A restore into {@code table} in eu-west-1; the test sets the source. */
  private static DynamoRestore restore(String name, String table) {
    DynamoRestore restore = fromBackup(name, table);
    restore.getSpec().source.backupRef = null;
    return restore;
  }

  private Condition awaitReason(String name, String reason) {
    return fixtures.awaitCondition(name, Conditions.READY, reason);
  }
}
