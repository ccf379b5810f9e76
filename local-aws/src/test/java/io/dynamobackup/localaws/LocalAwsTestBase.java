package io.dynamobackup.localaws;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Starts a LocalAws on a ManualClock per test and builds real SDK v2 clients against it. */
abstract class LocalAwsTestBase {
  static final String ACCOUNT = "111122223333";
  static final String REGION = "us-east-1";
  static final String ROLE = "arn:aws:iam::111122223333:role/backup";

  protected final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
  protected LocalAws aws;
  protected DynamoDbClient ddb;
  protected BackupClient backup;
  private final List<AutoCloseable> clients = new ArrayList<>();

  protected LocalAwsOptions.Builder options() {
    return LocalAwsOptions.builder().clock(clock);
  }

  @BeforeEach
  void startLocalAws() {
    aws = LocalAws.start(options().build());
    ddb = ddb(ACCOUNT, REGION);
    backup = backup(ACCOUNT, REGION);
  }

  @AfterEach
  void stopLocalAws() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    aws.close();
  }

  protected static StaticCredentialsProvider credentials(String accessKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret"));
  }

  protected static ClientOverrideConfiguration noRetries() {
    return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build();
  }

  protected DynamoDbClient ddb(String account, String region) {
    DynamoDbClient c = DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(credentials(account)).overrideConfiguration(noRetries()).build();
    clients.add(c);
    return c;
  }

  protected BackupClient backup(String account, String region) {
    BackupClient c = BackupClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(credentials(account)).overrideConfiguration(noRetries()).build();
    clients.add(c);
    return c;
  }

  protected ApplicationAutoScalingClient autoScaling(String account, String region) {
    ApplicationAutoScalingClient c = ApplicationAutoScalingClient.builder().endpointOverride(aws.endpoint())
        .region(Region.of(region)).credentialsProvider(credentials(account)).overrideConfiguration(noRetries()).build();
    clients.add(c);
    return c;
  }

  protected CloudWatchClient cloudWatch(String account, String region) {
    CloudWatchClient c = CloudWatchClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(credentials(account)).overrideConfiguration(noRetries()).build();
    clients.add(c);
    return c;
  }

  protected ResourceGroupsTaggingApiClient tagging(String account, String region) {
    ResourceGroupsTaggingApiClient c = ResourceGroupsTaggingApiClient.builder().endpointOverride(aws.endpoint())
        .region(Region.of(region)).credentialsProvider(credentials(account)).overrideConfiguration(noRetries()).build();
    clients.add(c);
    return c;
  }

  protected URI endpoint() {
    return aws.endpoint();
  }

  // ---- helpers ----

  protected static String tableArn(String name) {
    return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
  }

  /** A PAY_PER_REQUEST table with hash key pk (S) and range key sk (N). */
  protected void createTable(DynamoDbClient client, String name) {
    client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N))
        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
  }

  protected void createTable(String name) {
    createTable(ddb, name);
  }

  protected void putItems(DynamoDbClient client, String table, int count) {
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> item = item("p" + (i % 10), i, "value-" + i);
      client.putItem(b -> b.tableName(table).item(item));
    }
  }

  protected void putItems(String table, int count) {
    putItems(ddb, table, count);
  }

  protected static Map<String, AttributeValue> item(String pk, int sk, String data) {
    return Map.of("pk", s(pk), "sk", n(sk), "data", s(data));
  }

  protected static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  protected static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  protected static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  protected static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  protected void createVault(BackupClient client, String name) {
    client.createBackupVault(b -> b.backupVaultName(name));
  }

  protected void createVault(String name) {
    createVault(backup, name);
  }

  protected String startBackup(String vault, String table) {
    return backup.startBackupJob(b -> b.backupVaultName(vault).resourceArn(tableArn(table)).iamRoleArn(ROLE))
        .backupJobId();
  }

  protected DescribeBackupJobResponse job(String id) {
    return backup.describeBackupJob(b -> b.backupJobId(id));
  }

  /** Advances the clock in small steps until the job reaches a final state (at most one hour). */
  protected DescribeBackupJobResponse awaitJob(String id) {
    for (int i = 0; i < 3600; i++) {
      DescribeBackupJobResponse j = job(id);
      if (j.state() != BackupJobState.CREATED && j.state() != BackupJobState.RUNNING
          && j.state() != BackupJobState.PENDING) {
        return j;
      }
      clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("backup job " + id + " did not finish");
  }

  /** Creates table + vault, backs up {@code items} items and returns the completed recovery point ARN. */
  protected String completedRecoveryPoint(String vault, String table, int items) {
    createTable(table);
    putItems(table, items);
    if (backup.listBackupVaults().backupVaultList().stream().noneMatch(v -> v.backupVaultName().equals(vault))) {
      createVault(vault);
    }
    DescribeBackupJobResponse j = awaitJob(startBackup(vault, table));
    if (j.state() != BackupJobState.COMPLETED) {
      throw new AssertionError("backup failed: " + j);
    }
    return j.recoveryPointArn();
  }
}
