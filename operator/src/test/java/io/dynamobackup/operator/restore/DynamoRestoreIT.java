package io.dynamobackup.operator.restore;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoRestoreIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void fullRestoreBringsBackDataIndexesCapacityAndEverySettingAwsBackupDoesNot() {
    TableDescription source = sourceTableWithSettings("orders", 60);
    backUp("orders-now", "orders");

    harness.create(restore("orders-restored", "orders-now", "orders-restored"));
    DynamoRestore done = awaitPhase("orders-restored", RestorePhase.Ready);

    TableDescription restored = dynamoDb().describeTable(b -> b.tableName("orders-restored")).table();
    assertThat(restored.keySchema()).isEqualTo(source.keySchema());
    assertThat(restored.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-data");
    assertThat(restored.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-rank");
    assertThat(restored.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(dynamoDb().scan(b -> b.tableName("orders-restored")).count()).isEqualTo(60);
    assertSameSettingsAsSource("orders-restored");

    var status = done.getStatus();
    assertThat(status.restorePath).startsWith("AwsBackup");
    assertThat(status.tableArn).endsWith(":table/orders-restored");
    assertThat(status.requestedTime).isNotNull();
    assertThat(status.restoreStartedTime).isNotNull();
    assertThat(status.tableActiveTime).isNotNull();
    assertThat(status.settingsAppliedTime).isNotNull();
    assertThat(status.restoreDuration).matches("(\\d+h)?(\\d+m)?\\d+s");
    assertThat(Conditions.isTrue(status.conditions, RestoreStatuses.TABLE_ACTIVE)).isTrue();
    assertThat(Conditions.isTrue(status.conditions, RestoreStatuses.SETTINGS_APPLIED)).isTrue();
    assertThat(harness.operator().registry().scrape()).contains("dynamobackup_restore_duration_seconds_count");
  }

  @Test
  void overridesDropAGsiSwitchToOnDemandAndUseANewKmsKey() {
    sourceTableWithSettings("orders", 10);
    backUp("orders-now", "orders");
    DynamoRestore restore = restore("orders-lean", "orders-now", "orders-lean");
    restore.getSpec().target.globalSecondaryIndexes = List.of();
    restore.getSpec().target.billingMode = RestoreTarget.BillingMode.PAY_PER_REQUEST;
    restore.getSpec().target.sse = new RestoreTarget.Encryption();
    restore.getSpec().target.sse.type = RestoreTarget.EncryptionType.KMS;
    restore.getSpec().target.sse.kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/new-key";
    harness.create(restore);
    awaitPhase("orders-lean", RestorePhase.Ready);

    TableDescription restored = dynamoDb().describeTable(b -> b.tableName("orders-lean")).table();
    assertThat(restored.globalSecondaryIndexes()).isEmpty();
    assertThat(restored.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    assertThat(restored.sseDescription().kmsMasterKeyArn()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/new-key");
    assertThat(dynamoDb().scan(b -> b.tableName("orders-lean")).count()).isEqualTo(10);
  }

  @Test
  void restoreInAnotherRegionUsesTheCopyThere() {
    sourceTableWithSettings("orders", 10);
    harness.createVault("us-west-2", "prod-vault");
    DynamoBackup backup = backupSpec("orders-copied", "orders");
    backup.getSpec().copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:prod-vault", null));
    harness.create(backup);
    var copied = awaitBackup("orders-copied");

    DynamoRestore restore = restore("orders-dr", "orders-copied", "orders-dr");
    restore.getSpec().target.region = "us-west-2";
    harness.create(restore);
    DynamoRestore done = awaitPhase("orders-dr", RestorePhase.Ready);

    assertThat(done.getStatus().recoveryPointArn).isEqualTo(copied.getStatus().copies.get(0).destinationRecoveryPointArn);
    assertThat(done.getStatus().copyJobId).isNull();
    assertThat(harness.dynamoDb("us-west-2").scan(b -> b.tableName("orders-dr")).count()).isEqualTo(10);
  }

  @Test
  void restoreInAnotherRegionCopiesFirstWhenNoCopyExists() {
    sourceTableWithSettings("orders", 10);
    harness.createVault("us-west-2", "prod-vault");
    backUp("orders-now", "orders");

    DynamoRestore restore = restore("orders-dr", "orders-now", "orders-dr");
    restore.getSpec().target.region = "us-west-2";
    harness.create(restore);
    DynamoRestore done = awaitPhase("orders-dr", RestorePhase.Ready);

    assertThat(done.getStatus().copyJobId).isNotNull();
    assertThat(done.getStatus().recoveryPointArn).startsWith("arn:aws:backup:us-west-2:");
    assertThat(harness.dynamoDb("us-west-2").scan(b -> b.tableName("orders-dr")).count()).isEqualTo(10);
  }

  @Test
  void planRefWithPointInTimePicksTheNewestPointAtOrBeforeIt() {
    sourceTableWithSettings("orders", 5);
    DynamoBackup first = backupSpec("plan-first", "orders");
    first.getMetadata().setLabels(Map.of("dynamobackup.io/plan", "nightly"));
    harness.create(first);
    String firstCompleted = awaitBackup("plan-first").getStatus().completionTime;
    harness.clock.advance(java.time.Duration.ofHours(2));
    dynamoDb().putItem(b -> b.tableName("orders").item(Map.of("pk", AttributeValue.fromS("late"),
        "sk", AttributeValue.fromN("1"), "data", AttributeValue.fromS("x"), "rank", AttributeValue.fromN("1"))));
    DynamoBackup second = backupSpec("plan-second", "orders");
    second.getMetadata().setLabels(Map.of("dynamobackup.io/plan", "nightly"));
    harness.create(second);
    awaitBackup("plan-second");

    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("orders-then").build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.planRef = new RestoreSource.PlanRef("nightly");
    restore.getSpec().source.planRef.takenAtOrBefore = java.time.Instant.parse(firstCompleted).plusSeconds(60).toString();
    restore.getSpec().target = target("orders-then");
    harness.create(restore);
    DynamoRestore done = awaitPhase("orders-then", RestorePhase.Ready);

    assertThat(done.getStatus().sourceBackup).isEqualTo("plan-first");
    assertThat(dynamoDb().scan(b -> b.tableName("orders-then")).count()).isEqualTo(5);
  }

  @Test
  void anExistingTargetIsNeverTouched() {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    harness.createTable(REGION, "precious", 3);

    harness.create(restore("overwrite-attempt", "orders-now", "precious"));
    Condition ready = awaitReady("overwrite-attempt", "TargetExists");

    assertThat(ready.getMessage()).contains("precious").contains("never overwrite");
    assertThat(dynamoDb().scan(b -> b.tableName("precious")).count()).isEqualTo(3);
    assertThat(harness.aws.callCount("StartRestoreJob")).isZero();
  }

  @Test
  void driftOnTheRestoredTableIsCorrectedWithDriftPolicyCorrect() {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    DynamoRestore restore = restore("orders-restored", "orders-now", "orders-restored");
    restore.getSpec().settings.driftPolicy = RestoreSettings.DriftPolicy.Correct;
    harness.create(restore);
    DynamoRestore ready = awaitPhase("orders-restored", RestorePhase.Ready);

    String arn = ready.getStatus().tableArn;
    dynamoDb().untagResource(b -> b.resourceArn(arn).tagKeys("team"));
    dynamoDb().updateContinuousBackups(b -> b.tableName("orders-restored")
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));

    DynamoRestore corrected = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored"),
        r -> r.getStatus().lastDriftCorrected != null);
    assertThat(corrected.getStatus().lastDriftCorrected).anySatisfy(c -> assertThat(c).contains("team"));
    harness.advanceUntil(() -> dynamoDb().listTagsOfResource(b -> b.resourceArn(arn)).tags(),
        tags -> tags.stream().anyMatch(t -> t.key().equals("team")));
    assertSameSettingsAsSource("orders-restored");
    assertThat(harness.events("orders-restored")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DriftCorrected"));
  }

  @Test
  void driftIsReportedNotCorrectedByDefault() {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    harness.create(restore("orders-restored", "orders-now", "orders-restored"));
    DynamoRestore ready = awaitPhase("orders-restored", RestorePhase.Ready);
    assertThat(ready.getSpec().settings.driftPolicy).isEqualTo(RestoreSettings.DriftPolicy.Report);

    String arn = ready.getStatus().tableArn;
    dynamoDb().untagResource(b -> b.resourceArn(arn).tagKeys("team"));
    dynamoDb().updateTimeToLive(b -> b.tableName("orders-restored")
        .timeToLiveSpecification(t -> t.enabled(false).attributeName("expiresAt")));

    DynamoRestore reported = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored"),
        r -> r.getStatus().driftedSettings != null && r.getStatus().driftedSettings.size() == 2);
    assertThat(reported.getStatus().driftedSettings).containsExactly("tags [team]", "TTL");
    Condition drifted = Conditions.find(reported.getStatus().conditions, RestoreStatuses.SETTINGS_DRIFTED).orElseThrow();
    assertThat(drifted.getStatus()).isEqualTo("True");
    assertThat(drifted.getMessage()).contains("tags [team]").contains("TTL").contains("driftPolicy");
    assertThat(reported.getStatus().phase).isEqualTo(RestorePhase.Ready);
    harness.advanceUntil(() -> harness.events("orders-restored").stream()
        .filter(e -> "SettingsDrifted".equals(e.getReason())).toList(), events -> events.size() == 2);
    // The table is left as it is.
    assertThat(dynamoDb().listTagsOfResource(b -> b.resourceArn(arn)).tags()).noneMatch(t -> t.key().equals("team"));

    // A spec change is applied whatever the drift policy: the restored table gets the new tag, the drift stays.
    harness.client().resources(DynamoRestore.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-restored")
        .edit(r -> {
          r.getSpec().settings.tags = Map.of("owner", "dr-team");
          return r;
        });
    harness.advanceUntil(() -> dynamoDb().listTagsOfResource(b -> b.resourceArn(arn)).tags(),
        tags -> tags.stream().anyMatch(t -> t.key().equals("owner")));
  }

  @Test
  void aRestartAfterStartRestoreJobAdoptsTheRunningJob() throws Exception {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    harness.create(restore("orders-restored", "orders-now", "orders-restored"));
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-restored").getStatus(),
        s -> s != null && s.restoreJobId != null);
    // Forget the job id as if the status write after StartRestoreJob had been lost in a crash.
    harness.operator().close();
    harness.client().resources(DynamoRestore.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-restored")
        .editStatus(r -> {
          r.getStatus().restoreJobId = null;
          r.getStatus().restoreStartedTime = null;
          return r;
        });
    harness.startOperator();

    awaitPhase("orders-restored", RestorePhase.Ready);
    assertThat(harness.backup(REGION).listRestoreJobs(b -> b.build()).restoreJobs()).hasSize(1);
  }

  @Test
  void deletionPolicyDeleteRespectsDeletionProtectionUnlessTheSpecTurnsItOff() {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    DynamoRestore restore = restore("scratch", "orders-now", "scratch");
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    harness.create(restore);
    awaitPhase("scratch", RestorePhase.Ready);

    harness.client().resource(harness.get(DynamoRestore.class, "scratch")).delete();
    Condition blocked = awaitReady("scratch", "DeletionProtected");
    assertThat(blocked.getMessage()).contains("spec.settings.deletionProtection: false");
    assertThat(dynamoDb().describeTable(b -> b.tableName("scratch")).table()).isNotNull();

    harness.client().resources(DynamoRestore.class).inNamespace(OperatorHarness.NAMESPACE).withName("scratch").edit(r -> {
      r.getSpec().settings.deletionProtection = false;
      return r;
    });
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "scratch"), r -> r == null);
    assertThat(dynamoDb().listTables().tableNames()).doesNotContain("scratch");
  }

  @Test
  void badInputGetsASpecificReasonAndSpecProblemsReachNoAws() {
    sourceTableWithSettings("orders", 5);
    backUp("orders-now", "orders");
    harness.aws.clearCalls();

    DynamoRestore unknownIndex = restore("unknown-index", "orders-now", "unknown-index");
    unknownIndex.getSpec().target.globalSecondaryIndexes = List.of("no-such-index");
    harness.create(unknownIndex);
    // What the CRD's schema refuses never reaches the operator: the API server answers 422 naming the field.
    DynamoRestore badKms = restore("bad-kms", "orders-now", "bad-kms");
    badKms.getSpec().target.sse = new RestoreTarget.Encryption();
    badKms.getSpec().target.sse.type = RestoreTarget.EncryptionType.KMS;
    badKms.getSpec().target.sse.kmsKeyArn = "my-key";
    assertThatThrownBy(() -> harness.create(badKms)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getMessage()).contains("spec.target.sse.kmsKeyArn: Invalid value: \"my-key\"");
    });
    assertThatThrownBy(() -> harness.create(restore("bad-name", "orders-now", "x")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e ->
            assertThat(e.getStatus().getMessage()).contains("spec.target.tableName"));

    assertThat(awaitReady("unknown-index", "UnknownIndex").getMessage()).contains("no-such-index").contains("by-data");
    assertThat(harness.aws.calls()).extracting(CallRecord::operation)
        .doesNotContain("StartRestoreJob", "RestoreTableFromBackup");

    // An invalid spec keeps the operator from touching the status this test writes.
    DynamoBackup invalid = backupSpec("failed-backup", "orders");
    invalid.getSpec().table = new io.dynamobackup.operator.api.v1alpha1.TableReference();
    invalid.getSpec().table.arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";
    invalid.getSpec().table.region = "eu-west-1"; // the ARN's Region differs: InvalidSpec, found by the operator
    harness.create(invalid);
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "failed-backup").getStatus(), st -> st != null);
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("failed-backup")
        .editStatus(b -> {
      b.setStatus(new io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus());
      b.getStatus().phase = BackupPhase.Failed;
      b.getStatus().failure = new io.dynamobackup.operator.api.v1alpha1.FailureInfo("JobFailed", "table was gone");
      return b;
    });
    harness.create(restore("from-failed", "failed-backup", "from-failed"));
    assertThat(awaitReady("from-failed", "SourceBackupFailed").getMessage()).contains("failed-backup");
    harness.create(restore("from-missing", "no-such-backup", "from-missing"));
    assertThat(awaitReady("from-missing", "BackupNotFound").getMessage()).contains("no-such-backup");
    DynamoRestore unknownPoint = restore("unknown-point", "orders-now", "unknown-point");
    unknownPoint.getSpec().source = new RestoreSource();
    unknownPoint.getSpec().source.recoveryPointArn = "arn:aws:backup:eu-west-1:111122223333:recovery-point:missing";
    unknownPoint.getSpec().iamRoleArn = ROLE;
    harness.create(unknownPoint);
    assertThat(awaitReady("unknown-point", "RecoveryPointNotFound").getMessage())
        .contains("recovery-point:missing does not exist");
    assertThat(harness.get(DynamoRestore.class, "unknown-point").getStatus().phase).isEqualTo(RestorePhase.Pending);
  }

  private TableDescription sourceTableWithSettings(String name, int items) {
    DynamoDbClient dynamoDb = dynamoDb();
    dynamoDb.createTable(b -> b.tableName(name)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
            a -> a.attributeName("data").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("rank").attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
        .globalSecondaryIndexes(g -> g.indexName("by-data").keySchema(k -> k.attributeName("data").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(3L)))
        .localSecondaryIndexes(l -> l.indexName("by-rank").keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
            k -> k.attributeName("rank").keyType(KeyType.RANGE)).projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
        .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(4L))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .deletionProtectionEnabled(true)
        .tags(t -> t.key("team").value("payments"), t -> t.key("cost-center").value("42")));
    harness.advanceUntil(() -> dynamoDb.describeTable(b -> b.tableName(name)).table().tableStatusAsString(),
        "ACTIVE"::equals);
    for (int i = 0; i < items; i++) {
      int n = i;
      dynamoDb.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("p" + n % 5),
          "sk", AttributeValue.fromN(Integer.toString(n)), "data", AttributeValue.fromS("d" + n),
          "rank", AttributeValue.fromN(Integer.toString(n % 3)))));
    }
    dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
    dynamoDb.updateContinuousBackups(b -> b.tableName(name)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    return dynamoDb.describeTable(b -> b.tableName(name)).table();
  }

  private void assertSameSettingsAsSource(String restored) {
    DynamoDbClient dynamoDb = dynamoDb();
    TableDescription table = dynamoDb.describeTable(b -> b.tableName(restored)).table();
    assertThat(dynamoDb.listTagsOfResource(b -> b.resourceArn(table.tableArn())).tags())
        .extracting(t -> t.key() + "=" + t.value()).contains("team=payments", "cost-center=42");
    assertThat(table.streamSpecification().streamEnabled()).isTrue();
    assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(table.deletionProtectionEnabled()).isTrue();
    var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(restored)).timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    assertThat(dynamoDb.describeContinuousBackups(b -> b.tableName(restored)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
  }

  private void backUp(String name, String table) {
    harness.create(backupSpec(name, table));
    awaitBackup(name);
  }

  private DynamoBackup awaitBackup(String name) {
    return harness.advanceUntil(() -> harness.get(DynamoBackup.class, name),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);
  }

  private static DynamoBackup backupSpec(String name, String table) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named(table, REGION);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = ROLE;
    return backup;
  }

  private static RestoreTarget target(String tableName) {
    RestoreTarget target = new RestoreTarget();
    target.tableName = tableName;
    return target;
  }

  private static DynamoRestore restore(String name, String backup, String table) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef(backup);
    restore.getSpec().target = target(table);
    restore.getSpec().settings = new RestoreSettings();
    return restore;
  }

  private DynamoDbClient dynamoDb() {
    return harness.dynamoDb(REGION);
  }

  private DynamoRestore awaitPhase(String name, RestorePhase phase) {
    return harness.advanceUntil(() -> harness.get(DynamoRestore.class, name),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == phase);
  }

  private Condition awaitReady(String name, String reason) {
    return harness.advanceUntil(() -> {
      DynamoRestore restore = harness.get(DynamoRestore.class, name);
      return restore == null || restore.getStatus() == null ? null
          : Conditions.find(restore.getStatus().conditions, Conditions.READY).orElse(null);
    }, c -> c != null && reason.equals(c.getReason()));
  }
}
