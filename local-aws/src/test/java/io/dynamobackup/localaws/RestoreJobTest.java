package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.LimitExceededException;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

class RestoreJobTest extends LocalAwsTestBase {

  private String backupRichTable() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    for (int i = 0; i < 50; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName("orders").item(Map.of("pk", s("p" + (n % 5)), "sk", n(n), "gpk", s("g"),
          "lsk", s("l" + n))));
    }
    ddb.updateTimeToLive(b -> b.tableName("orders").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
    ddb.updateContinuousBackups(b -> b.tableName("orders")
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    ddb.putResourcePolicy(b -> b.resourceArn(tableArn("orders")).policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    createVault("vault-v");
    var job = awaitJob(startBackup("vault-v", "orders"));
    return job.recoveryPointArn();
  }

  private String restore(String rp, String target) {
    return backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).resourceType("DynamoDB")
        .metadata(Map.of("targetTableName", target))).restoreJobId();
  }

  private DescribeRestoreJobResponse restoreJob(String id) {
    return backup.describeRestoreJob(b -> b.restoreJobId(id));
  }

  @Test
  void fullRestoreRecreatesDefinitionButNotSettings() {
    String rp = backupRichTable();
    String id = restore(rp, "orders-restored");
    assertThat(restoreJob(id).status()).isEqualTo(RestoreJobStatus.PENDING);
    clock.advance(Duration.ofSeconds(1));
    DescribeRestoreJobResponse running = restoreJob(id);
    assertThat(running.status()).isEqualTo(RestoreJobStatus.RUNNING);
    assertThat(ddb.describeTable(b -> b.tableName("orders-restored")).table().tableStatus())
        .isEqualTo(TableStatus.CREATING);
    // a CREATING table does not accept writes
    assertThatThrownBy(() -> putItems("orders-restored", 1))
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);

    clock.advance(Duration.ofSeconds(10));
    DescribeRestoreJobResponse done = restoreJob(id);
    assertThat(done.status()).isEqualTo(RestoreJobStatus.COMPLETED);
    assertThat(done.createdResourceArn()).isEqualTo(tableArn("orders-restored"));
    assertThat(done.recoveryPointArn()).isEqualTo(rp);
    assertThat(done.sourceResourceArn()).isEqualTo(tableArn("orders"));
    assertThat(done.completionDate()).isNotNull();

    TableDescription t = ddb.describeTable(b -> b.tableName("orders-restored")).table();
    assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(t.itemCount()).isEqualTo(50L);
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(g -> {
      assertThat(g.indexName()).isEqualTo("by-gpk");
      assertThat(g.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
    });
    assertThat(t.localSecondaryIndexes()).singleElement().satisfies(l -> assertThat(l.indexName()).isEqualTo("by-lsk"));
    assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(rp);
    assertThat(t.restoreSummary().restoreInProgress()).isFalse();
    // not carried over, exactly like AWS
    assertThat(t.streamSpecification()).isNull();
    assertThat(t.deletionProtectionEnabled()).isFalse();
    assertThat(ddb.listTagsOfResource(b -> b.resourceArn(t.tableArn())).tags()).isEmpty();
    assertThat(ddb.describeTimeToLive(b -> b.tableName("orders-restored")).timeToLiveDescription().timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.DISABLED);
    assertThat(ddb.describeContinuousBackups(b -> b.tableName("orders-restored")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    assertThatThrownBy(() -> ddb.getResourcePolicy(b -> b.resourceArn(t.tableArn())))
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException.class);
    // the restored table is writable and queryable through its indexes
    assertThat(ddb.query(b -> b.tableName("orders-restored").indexName("by-gpk").keyConditionExpression("gpk = :g")
        .expressionAttributeValues(Map.of(":g", s("g")))).count()).isEqualTo(50);
    putItems("orders-restored", 1);
    assertThat(backup.describeRecoveryPoint(b -> b.backupVaultName("vault-v").recoveryPointArn(rp)).lastRestoreTime())
        .isNotNull();
  }

  @Test
  void restoreMetadataAndEncryptionOverride() {
    String rp = backupRichTable();
    var md = backup.getRecoveryPointRestoreMetadata(b -> b.backupVaultName("vault-v").recoveryPointArn(rp));
    assertThat(md.restoreMetadata()).containsEntry("originalTableName", "orders")
        .containsEntry("encryptionType", "KMS")
        .containsEntry("kmsMasterKeyArn", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(md.resourceType()).isEqualTo("DynamoDB");

    backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE)
        .metadata(Map.of("TargetTableName", "plain", "encryptionType", "Default")));
    String key = "arn:aws:kms:us-east-1:111122223333:key/other";
    backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "cmk", "encryptionType", "KMS", "kmsMasterKeyArn", key)));
    clock.advance(Duration.ofMinutes(1));
    assertThat(ddb.describeTable(b -> b.tableName("plain")).table().sseDescription()).isNull();
    assertThat(ddb.describeTable(b -> b.tableName("cmk")).table().sseDescription().sseType()).isEqualTo(SSEType.KMS);
    assertThat(ddb.describeTable(b -> b.tableName("cmk")).table().sseDescription().kmsMasterKeyArn()).isEqualTo(key);
    assertThatThrownBy(() -> backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE)
        .metadata(Map.of("targetTableName", "x", "encryptionType", "KMS"))))
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void existingTargetTableIsRejected() {
    String rp = backupRichTable();
    assertThatThrownBy(() -> restore(rp, "orders"))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("Table already exists: orders");
    restore(rp, "copy");
    assertThatThrownBy(() -> restore(rp, "copy")) // still PENDING: the name is taken
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void idempotentRestore() {
    String rp = backupRichTable();
    String a = backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).idempotencyToken("r1")
        .metadata(Map.of("targetTableName", "once"))).restoreJobId();
    clock.advance(Duration.ofMinutes(1));
    String b2 = backup.startRestoreJob(b -> b.recoveryPointArn(rp).iamRoleArn(ROLE).idempotencyToken("r1")
        .metadata(Map.of("targetTableName", "once"))).restoreJobId();
    assertThat(b2).isEqualTo(a);
    assertThat(backup.listRestoreJobs().restoreJobs()).hasSize(1);
  }

  @Test
  void unknownRecoveryPointAndDeniedRole() {
    assertThatThrownBy(() -> restore("arn:aws:backup:us-east-1:111122223333:recovery-point:nope", "x"))
        .isInstanceOf(ResourceNotFoundException.class);
    String rp = backupRichTable();
    aws.faults().denyRole("arn:aws:iam::111122223333:role/bad");
    assertThatThrownBy(() -> backup.startRestoreJob(b -> b.recoveryPointArn(rp)
        .iamRoleArn("arn:aws:iam::111122223333:role/bad").metadata(Map.of("targetTableName", "x"))))
        .isInstanceOfSatisfying(BackupException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        });
  }

  @Test
  void atMostFiftyConcurrentRestores() {
    String rp = backupRichTable();
    for (int i = 0; i < 50; i++) {
      restore(rp, "r-" + i);
    }
    assertThatThrownBy(() -> restore(rp, "r-50")).isInstanceOf(LimitExceededException.class);
    clock.advance(Duration.ofMinutes(5));
    assertThat(backup.listRestoreJobs(b -> b.byStatus(RestoreJobStatus.COMPLETED)).restoreJobs()).hasSize(50);
    restore(rp, "r-50");
  }

  /** What the operator reads before deleting a point: restores not ended yet, by status, page by page. */
  @Test
  void restoreJobsAreListedByStatusAndPagedWithTheirRecoveryPoint() {
    String rp = backupRichTable();
    String running = restore(rp, "r-running");
    clock.advance(Duration.ofSeconds(1));
    String pending = restore(rp, "r-pending");
    String second = restore(rp, "r-pending-2");

    var page = backup.listRestoreJobs(b -> b.byStatus(RestoreJobStatus.PENDING).byResourceType("DynamoDB")
        .maxResults(1));
    assertThat(page.restoreJobs()).singleElement().satisfies(j -> {
      assertThat(j.restoreJobId()).isEqualTo(second);
      assertThat(j.recoveryPointArn()).isEqualTo(rp);
    });
    assertThat(backup.listRestoreJobs(b -> b.byStatus(RestoreJobStatus.PENDING).maxResults(1)
        .nextToken(page.nextToken())).restoreJobs()).extracting(j -> j.restoreJobId()).containsExactly(pending);
    assertThat(backup.listRestoreJobs(b -> b.byStatus(RestoreJobStatus.RUNNING)).restoreJobs())
        .extracting(j -> j.restoreJobId()).containsExactly(running);
    assertThat(backup.listRestoreJobs(b -> b.byResourceType("EBS")).restoreJobs()).isEmpty();
    assertThatThrownBy(() -> backup.listRestoreJobs(b -> b.nextToken("not-a-token")))
        .isInstanceOf(InvalidParameterValueException.class);
  }
}
