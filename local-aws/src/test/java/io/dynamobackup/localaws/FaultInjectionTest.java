package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class FaultInjectionTest extends LocalAwsTestBase {

  @Test
  void throttlingIsRecognisedByTheSdk() {
    createVault("vault");
    aws.faults().throttle("DescribeBackupVault", 1.0);
    assertThatThrownBy(() -> backup.describeBackupVault(b -> b.backupVaultName("vault")))
        .isInstanceOfSatisfying(BackupException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    aws.faults().clear();
    assertThat(backup.describeBackupVault(b -> b.backupVaultName("vault")).backupVaultName()).isEqualTo("vault");
  }

  @Test
  void throttleFractionIsDeterministic() {
    createTable("orders");
    aws.faults().throttle("DescribeTable", 0.5);
    int throttled = 0;
    for (int i = 0; i < 10; i++) {
      try {
        ddb.describeTable(b -> b.tableName("orders"));
      } catch (DynamoDbException e) {
        assertThat(e.isThrottlingException()).isTrue();
        throttled++;
      }
    }
    assertThat(throttled).isEqualTo(5);
  }

  @Test
  void serverErrorsAreRetriedBySdkDefaults() {
    createVault("vault");
    aws.faults().failWithStatus("DescribeBackupVault", 503, 2);
    try (BackupClient retrying = BackupClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials(ACCOUNT))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(3)).build())
        .build()) {
      assertThat(retrying.describeBackupVault(b -> b.backupVaultName("vault")).backupVaultName()).isEqualTo("vault");
    }
    List<Integer> statuses = aws.calls().stream().filter(c -> c.operation().equals("DescribeBackupVault"))
        .map(CallRecord::httpStatus).toList();
    assertThat(statuses).containsExactly(503, 503, 200);
    aws.faults().failWithStatus("StartBackupJob", 500, 1);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("x")).iamRoleArn(ROLE)))
        .isInstanceOfSatisfying(BackupException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        });
  }

  @Test
  void dynamoDbServerErrors() {
    aws.faults().failWithStatus("dynamodb:ListTables", 500, 1);
    assertThatThrownBy(() -> ddb.listTables())
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException.class);
    assertThat(ddb.listTables().tableNames()).isEmpty();
  }

  @Test
  void deniedRoleFailsBackupAndCopy() {
    createTable("orders");
    createVault("vault");
    String bad = "arn:aws:iam::111122223333:role/bad";
    aws.faults().denyRole(bad);
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))
        .iamRoleArn(bad)))
        .isInstanceOfSatisfying(BackupException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        });
    String rp = awaitJob(startBackup("vault", "orders")).recoveryPointArn();
    assertThatThrownBy(() -> backup.startCopyJob(b -> b.sourceBackupVaultName("vault").recoveryPointArn(rp)
        .destinationBackupVaultArn("arn:aws:backup:us-west-2:111122223333:backup-vault:dr").iamRoleArn(bad)))
        .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void rateLimitUsesATokenBucket() {
    createTable("orders");
    aws.faults().rateLimit("DescribeTable", 5);
    int throttled = 0;
    for (int i = 0; i < 8; i++) {
      try {
        ddb.describeTable(b -> b.tableName("orders"));
      } catch (DynamoDbException e) {
        throttled++;
      }
    }
    assertThat(throttled).isBetween(2, 3); // burst of 5, refilled at 5/s
  }

  @Test
  void callLogRecordsServiceOperationRegionAccountTimeAndStatus() {
    DynamoDbClient eu = ddb("444455556666", "eu-west-1");
    eu.listTables();
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> backup.describeBackupVault(b -> b.backupVaultName("missing")))
        .isInstanceOf(BackupException.class);
    assertThat(aws.calls()).containsExactly(
        new CallRecord("dynamodb", "ListTables", "eu-west-1", "444455556666", java.time.Instant.parse("2024-01-01T00:00:00Z"), 200),
        new CallRecord("backup", "DescribeBackupVault", "us-east-1", "111122223333", java.time.Instant.parse("2024-01-01T00:05:00Z"), 404));
    assertThat(aws.callCount("ListTables")).isEqualTo(1);
    assertThat(aws.callCount("DescribeBackupJob")).isZero();
  }
}
