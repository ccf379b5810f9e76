package io.dynamobackup.operator.backup;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.aws.AwsClients;
import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.aws.SdkBackupService;
import io.dynamobackup.operator.common.CapturedSettings;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

class DynamoBackupIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void backupCompletesWithARecoveryPointThatRestoresTheSameItemsAndCapturedSettings() {
    String tableArn = harness.createTable(REGION, "orders", 120);
    var dynamoDb = harness.dynamoDb(REGION);
    dynamoDb.tagResource(b -> b.resourceArn(tableArn).tags(t -> t.key("team").value("payments")));
    dynamoDb.updateTimeToLive(b -> b.tableName("orders")
        .timeToLiveSpecification(TimeToLiveSpecification.builder().enabled(true).attributeName("expiresAt").build()));
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.aws.clearCalls();

    harness.create(backup("orders-now", "orders"));
    DynamoBackup done = awaitPhase("orders-now", BackupPhase.Completed);

    var status = done.getStatus();
    assertThat(status.recoveryPointArn).startsWith("arn:aws:backup:eu-west-1:111122223333:recovery-point:");
    assertThat(status.tableArn).isEqualTo(tableArn);
    assertThat(status.sizeBytes).isPositive();
    assertThat(status.completionTime).isNotNull();
    assertThat(Conditions.isTrue(status.conditions, Conditions.READY)).isTrue();
    assertThat(status.capturedSettings.tags).containsEntry("team", "payments");
    assertThat(status.capturedSettings.timeToLive.attributeName).isEqualTo("expiresAt");
    assertThat(status.capturedSettings.pointInTimeRecovery).isTrue();
    assertThat(harness.events("orders-now")).extracting(e -> e.getReason()).contains("JobStarted", "Completed");

    var recoveryPoint = harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(status.recoveryPointArn));
    assertThat(harness.backup(REGION).listTags(b -> b.resourceArn(recoveryPoint.recoveryPointArn()).build()).tags())
        .containsEntry("dynamobackup.io/name", "orders-now").containsEntry("dynamobackup.io/namespace", "default");

    String restoreJob = harness.backup(REGION).startRestoreJob(b -> b.recoveryPointArn(status.recoveryPointArn)
        .iamRoleArn(ROLE).metadata(Map.of("targetTableName", "orders-copy"))).restoreJobId();
    harness.advanceUntil(() -> harness.backup(REGION).describeRestoreJob(b -> b.restoreJobId(restoreJob)).statusAsString(),
        "COMPLETED"::equals);
    assertThat(dynamoDb.scan(b -> b.tableName("orders-copy")).count()).isEqualTo(120);

    List<String> operations = harness.aws.calls().stream().map(CallRecord::operation).toList();
    assertThat(operations).containsOnlyOnce("StartBackupJob");
    assertThat(operations.stream().filter("DescribeBackupJob"::equals).count()).isLessThanOrEqualTo(4);
  }

  @Test
  void settingsTooLargeForStatusAreKeptInAConfigMapOwnedByTheBackup() {
    String tableArn = harness.createTable(REGION, "orders", 5);
    StringBuilder statements = new StringBuilder();
    for (int i = 0; i < 80; i++) { // about 18.6 KB: more than status holds, within DynamoDB's 20 KB policy limit
      statements.append(i == 0 ? "" : ",").append("{\"Sid\":\"ReadOnlyForAnalyticsRole").append(i)
          .append("\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/analytics-")
          .append(i).append("\"},\"Action\":[\"dynamodb:GetItem\",\"dynamodb:Query\"],\"Resource\":\"")
          .append(tableArn).append("\"}");
    }
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    harness.dynamoDb(REGION).putResourcePolicy(b -> b.resourceArn(tableArn).policy(policy));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();

    harness.create(backup("orders-big", "orders"));
    var status = awaitPhase("orders-big", BackupPhase.Completed).getStatus();

    assertThat(status.capturedSettings).isNull();
    assertThat(status.capturedSettingsConfigMap).isEqualTo("orders-big-table-settings");
    DynamoBackup backup = harness.get(DynamoBackup.class, "orders-big");
    assertThat(CapturedSettings.load(harness.client(), backup)).hasValueSatisfying(settings ->
        assertThat(settings.resourcePolicy).isEqualTo(policy));
    var configMap = harness.client().configMaps().inNamespace(OperatorHarness.NAMESPACE)
        .withName("orders-big-table-settings").get();
    assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("orders-big"));
  }

  @Test
  void aRestartedOperatorAdoptsTheJobStartedBeforeTheCrash() {
    String tableArn = harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    DynamoBackup created = harness.create(backup("orders-now", "orders"));

    // The operator recorded the windows, called StartBackupJob and crashed before it could write the job id into
    // status.
    created.setStatus(new io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus());
    created.getStatus().jobWindows = new io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus.JobWindows(
        480L, 10080L);
    harness.client().resource(created).updateStatus();
    try (AwsClients clients = new AwsClients(Optional.of(harness.aws.endpoint()), OperatorHarness.credentials(),
        new SimpleMeterRegistry())) {
      String jobId = new SdkBackupService(clients, AwsIdentity.operator()).startBackupJob(
          BackupSpecs.startRequest(created, new TableKey(REGION, "orders"), tableArn));
      harness.startOperator();
      DynamoBackup done = awaitPhase("orders-now", BackupPhase.Completed);
      assertThat(done.getStatus().backupJobId).isEqualTo(jobId);
    }
    assertThat(harness.backup(REGION).listBackupJobs(b -> b.byResourceArn(tableArn)).backupJobs()).hasSize(1);
  }

  @Test
  void copiesGoToOtherRegionsOfThePartition() {
    harness.createTable(REGION, "orders", 20);
    harness.createVault(REGION, "prod-vault");
    harness.createVault("us-west-2", "dr");
    harness.createVault("eu-central-1", "eu-dr");
    harness.startOperator();

    DynamoBackup backup = backup("orders-copied", "orders");
    backup.getSpec().copies = List.of(
        new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null),
        new CopyTarget("arn:aws:backup:eu-central-1:111122223333:backup-vault:eu-dr", null));
    harness.create(backup);
    DynamoBackup done = awaitPhase("orders-copied", BackupPhase.Completed);

    assertThat(done.getStatus().copies).extracting(c -> c.state).containsOnly("COMPLETED");
    assertThat(done.getStatus().copies).extracting(c -> c.destinationRecoveryPointArn)
        .anySatisfy(arn -> assertThat(arn).startsWith("arn:aws:backup:us-west-2:111122223333:recovery-point:"))
        .anySatisfy(arn -> assertThat(arn).startsWith("arn:aws:backup:eu-central-1:111122223333:recovery-point:"));
    assertThat(Conditions.isTrue(done.getStatus().conditions, BackupStatuses.COPIED)).isTrue();
  }

  @Test
  void deletingWhileTheJobRunsWaitsAndRetainKeepsTheRecoveryPoint() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(backup("orders-kept", "orders"));
    harness.advanceUntil(() -> phase("orders-kept"), p -> p == BackupPhase.Running || p == BackupPhase.Pending
        && harness.get(DynamoBackup.class, "orders-kept").getStatus().backupJobId != null);

    harness.client().resource(harness.get(DynamoBackup.class, "orders-kept")).delete();
    // The job cannot be cancelled: the object stays, and says why, until AWS finishes the job.
    DynamoBackup waiting = harness.get(DynamoBackup.class, "orders-kept");
    assertThat(waiting).isNotNull();
    String jobId = waiting.getStatus().backupJobId;
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-kept"), b -> b == null);

    var job = harness.backup(REGION).describeBackupJob(b -> b.backupJobId(jobId));
    assertThat(job.stateAsString()).isEqualTo("COMPLETED");
    assertThat(harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(job.recoveryPointArn())).statusAsString()).isEqualTo("COMPLETED");
  }

  @Test
  void deletionPolicyDeleteRemovesTheRecoveryPointAndItsCopies() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.createVault("us-west-2", "dr");
    harness.startOperator();
    DynamoBackup backup = backup("orders-scratch", "orders");
    backup.getSpec().deletionPolicy = DeletionPolicy.Delete;
    backup.getSpec().copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    harness.create(backup);
    var status = awaitPhase("orders-scratch", BackupPhase.Completed).getStatus();

    harness.client().resource(harness.get(DynamoBackup.class, "orders-scratch")).delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-scratch"), b -> b == null);

    assertThatThrownBy(() -> harness.backup(REGION).describeRecoveryPoint(b -> b.backupVaultName("prod-vault")
        .recoveryPointArn(status.recoveryPointArn))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> harness.backup("us-west-2").describeRecoveryPoint(b -> b.backupVaultName("dr")
        .recoveryPointArn(status.copies.get(0).destinationRecoveryPointArn)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void throttlingShowsInAConditionBacksOffAndCompletesLater() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.aws.faults().throttle("StartBackupJob", 1.0);
    // back-off starts at an hour here: every attempt this test sees comes from a reconcile it caused
    // (without the client-side start limit, whose permit an edit right after an attempt would wait for)
    harness.startOperator(Map.of("DYNAMOBACKUP_ERROR_RETRY_INITIAL_INTERVAL", "PT1H",
        "DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", "PT2H", "DYNAMOBACKUP_RATE_LIMIT_START_BACKUP_JOB", "0"));
    harness.create(backup("orders-throttled", "orders"));

    Condition ready = harness.advanceUntil(() -> readyCondition("orders-throttled"),
        c -> c != null && "ThrottlingException".equals(c.getReason()));
    assertThat(ready.getMessage()).contains("retrying with back-off");
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(1);

    // observed reconciles, not a sleep: each edit (observedGeneration) is one more attempt, and no retry in between
    touch("orders-throttled", DeletionPolicy.Delete, 2);
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(2);
    harness.aws.faults().clear();
    touch("orders-throttled", DeletionPolicy.Retain, 3);
    awaitPhase("orders-throttled", BackupPhase.Completed);
    assertThat(harness.aws.callCount("StartBackupJob")).isEqualTo(3);
  }

  /** Edits the spec and waits until the operator has reconciled that generation. */
  private void touch(String name, DeletionPolicy policy, long generation) {
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName(name).edit(b -> {
      b.getSpec().deletionPolicy = policy;
      return b;
    });
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, name).getStatus().observedGeneration,
        g -> g != null && g == generation);
  }

  @Test
  void jobsOnTheSameTableRunOneAtATime() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(backup("first", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "first").getStatus(), s -> s != null && s.backupJobId != null);
    harness.create(backup("second", "orders"));

    Condition waiting = await("second", c -> c != null && "WaitingForJob".equals(c.getReason()));
    assertThat(waiting.getMessage()).contains("default/first");
    assertThat(harness.get(DynamoBackup.class, "second").getStatus().backupJobId).isNull();
    awaitPhase("first", BackupPhase.Completed);
    awaitPhase("second", BackupPhase.Completed);
  }

  @Test
  void editingAStartedBackupIsRefusedByTheApiServer() {
    harness.createTable(REGION, "orders", 10);
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();
    harness.create(backup("orders-edit", "orders"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-edit").getStatus(),
        s -> s != null && s.backupJobId != null);
    // the CRD's CEL rules keep a backup's spec (but deletionPolicy) as it was: the user gets the rule's message at
    // once, and the running job goes on as started
    assertThatThrownBy(() -> harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE)
        .withName("orders-edit").edit(b -> {
          b.getSpec().recoveryPointTags = Map.of("late", "edit");
          return b;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).contains("spec.recoveryPointTags: Invalid value: \"object\":"
              + " recoveryPointTags is immutable: AWS Backup cannot change or cancel a started job");
        });
    DynamoBackup done = awaitPhase("orders-edit", BackupPhase.Completed);
    assertThat(done.getSpec().recoveryPointTags).isNullOrEmpty();
    assertThat(done.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void eachBadInputGetsItsOwnReason() {
    harness.createTable(REGION, "orders", 5);
    harness.createVault(REGION, "prod-vault");
    harness.aws.faults().denyRole("arn:aws:iam::111122223333:role/not-allowed");
    harness.startOperator();

    harness.create(backup("missing-table", "no-such-table"));
    DynamoBackup missingVault = backup("missing-vault", "orders");
    missingVault.getSpec().backupVault = "no-such-vault";
    harness.create(missingVault);
    DynamoBackup denied = backup("denied-role", "orders");
    denied.getSpec().iamRoleArn = "arn:aws:iam::111122223333:role/not-allowed";
    harness.create(denied);
    DynamoBackup wrongRegion = backup("wrong-region", "orders");
    wrongRegion.getSpec().table = new TableReference();
    wrongRegion.getSpec().table.arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";
    wrongRegion.getSpec().table.region = REGION;
    harness.create(wrongRegion);
    DynamoBackup badArn = backup("bad-arn", "orders");
    badArn.getSpec().table = new TableReference();
    badArn.getSpec().table.arn = "arn:aws:s3:::orders";
    // the CRD's schema refuses it: the API server answers 422 naming the field, the operator never sees it
    assertThatThrownBy(() -> harness.create(badArn)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getMessage()).contains("spec.table.arn: Invalid value: \"arn:aws:s3:::orders\"");
    });

    assertThat(await("missing-table", c -> c != null && "TableNotFound".equals(c.getReason())).getMessage())
        .contains("spec.table").contains("no-such-table");
    // An AWS error that names a spec value starts with that field, as the operator's own checks do; the reason stays
    // AWS's error code, and the Warning event says the same.
    String vault = await("missing-vault", c -> c != null && "ResourceNotFoundException".equals(c.getReason()))
        .getMessage();
    assertThat(vault).startsWith("spec.backupVault: Backup vault no-such-vault does not exist");
    String role = await("denied-role", c -> c != null && "AccessDeniedException".equals(c.getReason())).getMessage();
    assertThat(role).isEqualTo("spec.iamRoleArn: User is not authorized to perform: iam:PassRole on resource:"
        + " arn:aws:iam::111122223333:role/not-allowed");
    for (String[] expected : new String[][] {{"missing-vault", "ResourceNotFoundException", vault},
        {"denied-role", "AccessDeniedException", role}}) {
      assertThat(harness.events(expected[0])).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo(expected[1]);
        assertThat(e.getMessage()).isEqualTo(expected[2]);
      });
    }
    assertThat(await("wrong-region", c -> c != null && "InvalidSpec".equals(c.getReason())).getMessage())
        .contains("spec.table.region").contains("us-east-1");
    assertThat(harness.events("wrong-region")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
    });
  }

  private Condition await(String name, java.util.function.Predicate<Condition> done) {
    return harness.advanceUntil(() -> readyCondition(name), done);
  }

  private Condition readyCondition(String name) {
    DynamoBackup backup = harness.get(DynamoBackup.class, name);
    return backup == null || backup.getStatus() == null ? null
        : Conditions.find(backup.getStatus().conditions, Conditions.READY).orElse(null);
  }

  private BackupPhase phase(String name) {
    DynamoBackup backup = harness.get(DynamoBackup.class, name);
    return backup == null || backup.getStatus() == null ? null : backup.getStatus().phase;
  }

  private DynamoBackup awaitPhase(String name, BackupPhase phase) {
    harness.advanceUntil(() -> phase(name), p -> p == phase);
    return harness.get(DynamoBackup.class, name);
  }

  static DynamoBackup backup(String name, String table) {
    return OperatorHarness.backup(name, table, REGION);
  }
}
