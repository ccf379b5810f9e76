package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class NativeBackupTest extends LocalAwsTestBase {

  @Test
  void createDescribeListDeleteBackup() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    BackupDetails details = ddb.createBackup(b -> b.tableName("orders").backupName("before-migration")).backupDetails();
    assertThat(details.backupArn()).startsWith(tableArn("orders") + "/backup/");
    assertThat(details.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(details.backupType()).isEqualTo(BackupType.USER);
    var description = ddb.describeBackup(b -> b.backupArn(details.backupArn())).backupDescription();
    assertThat(description.sourceTableDetails().tableName()).isEqualTo("orders");
    assertThat(description.sourceTableDetails().provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(description.sourceTableFeatureDetails().globalSecondaryIndexes()).hasSize(1);
    assertThat(ddb.listBackups(b -> b.tableName("orders")).backupSummaries())
        .extracting(BackupSummary::backupName).containsExactly("before-migration");
    ddb.deleteBackup(b -> b.backupArn(details.backupArn()));
    assertThat(ddb.listBackups(b -> b.tableName("orders")).backupSummaries()).isEmpty();
    assertThatThrownBy(() -> ddb.describeBackup(b -> b.backupArn(details.backupArn())))
        .isInstanceOf(BackupNotFoundException.class);
    assertThatThrownBy(() -> ddb.createBackup(b -> b.tableName("missing").backupName("nightly")))
        .isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void restoreTableFromBackupWithOverrides() {
    DynamoDbTableTest.createRichTable(ddb, "orders");
    putItems("orders", 30);
    String arn = ddb.createBackup(b -> b.tableName("orders").backupName("backup-1")).backupDetails().backupArn();
    TableDescription restoring = ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("orders-copy")
        .billingModeOverride(BillingMode.PAY_PER_REQUEST)
        .globalSecondaryIndexOverride(GlobalSecondaryIndex.builder().indexName("other")
            .keySchema(key("gpk", KeyType.HASH)).projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
        .localSecondaryIndexOverride(List.of())
        .sseSpecificationOverride(s -> s.enabled(false))).tableDescription();
    assertThat(restoring.tableStatus()).isEqualTo(TableStatus.CREATING);
    assertThat(restoring.restoreSummary().sourceBackupArn()).isEqualTo(arn);
    assertThat(restoring.restoreSummary().restoreInProgress()).isTrue();
    clock.advance(Duration.ofSeconds(6));
    TableDescription t = ddb.describeTable(b -> b.tableName("orders-copy")).table();
    assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(t.itemCount()).isEqualTo(30L);
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(g -> assertThat(g.indexName()).isEqualTo("other"));
    assertThat(t.localSecondaryIndexes()).isEmpty();
    assertThat(t.sseDescription()).isNull();
    assertThatThrownBy(() -> ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("orders")))
        .isInstanceOf(TableAlreadyExistsException.class);
  }

  @Test
  void provisionedThroughputOverride() {
    createTable("payg");
    String arn = ddb.createBackup(b -> b.tableName("payg").backupName("backup-1")).backupDetails().backupArn();
    ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("prov").billingModeOverride(BillingMode.PROVISIONED)
        .provisionedThroughputOverride(p -> p.readCapacityUnits(4L).writeCapacityUnits(6L)));
    var pt = ddb.describeTable(b -> b.tableName("prov")).table().provisionedThroughput();
    assertThat(pt.readCapacityUnits()).isEqualTo(4L);
    assertThat(pt.writeCapacityUnits()).isEqualTo(6L);
  }

  @Test
  void awsBackupRecoveryPointsAreListedButCannotBeDeletedThroughDynamoDb() {
    String rp = completedRecoveryPoint("vault", "orders", 3);
    List<BackupSummary> all = ddb.listBackups(b -> b.backupType(BackupTypeFilter.ALL)).backupSummaries();
    assertThat(all).singleElement().satisfies(s -> {
      assertThat(s.backupArn()).isEqualTo(rp);
      assertThat(s.backupType()).isEqualTo(BackupType.AWS_BACKUP);
    });
    assertThat(ddb.listBackups(b -> { }).backupSummaries()).isEmpty(); // default filter USER
    assertThatThrownBy(() -> ddb.deleteBackup(b -> b.backupArn(rp)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("AWS Backup");
  }

  @Test
  void nativeBackupCallsAreRateLimited() {
    createTable("orders");
    int throttled = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 15; i++) {
      int n = i;
      try {
        ddb.createBackup(b -> b.tableName("orders").backupName("backup-" + n));
      } catch (DynamoDbException e) {
        assertThat(e.isThrottlingException()).isTrue();
        throttled++;
      }
    }
    // a burst of 10, refilled at 10 per second (real time): a slow machine earns a few more tokens
    long refilled = (System.nanoTime() - started) * 10 / 1_000_000_000L;
    assertThat(throttled).isGreaterThanOrEqualTo((int) Math.max(0, 15 - 10 - refilled));
    assertThat(throttled).isLessThanOrEqualTo(5);
  }
}
