package io.dynamobackup.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The demo AWS estate the examples refer to, created through the AWS SDK against local-aws: a vault per Region
 * ({@code prod-vault} in eu-west-1, {@code dr} in us-west-2, {@code eu-dr} in eu-central-1) and the table
 * {@code orders} in eu-west-1 with items, a GSI, an LSI, tags, TTL, a stream, PITR, deletion protection, auto scaling of
 * its reads (5 to 50, 70 %) and a CloudWatch alarm {@code orders-throttled-requests}.
 */
public final class DemoAws {
  public static final String ACCOUNT = "111122223333";
  public static final String SECRET = "secret";
  public static final String TABLE = "orders";
  public static final String TABLE_REGION = "eu-west-1";
  public static final Map<String, String> VAULTS = Map.of("eu-west-1", "prod-vault", "us-west-2", "dr",
      "eu-central-1", "eu-dr");
  public static final Map<String, String> TABLE_TAGS = Map.of("app", "orders", "team", "payments", "backup", "gold",
      "environment", "sandbox");
  /** The demo table's CloudWatch alarm. */
  public static final String ALARM = TABLE + "-throttled-requests";
  private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED"};

  private DemoAws() {
  }

  /** The demo account's keys; they name the account, as IRSA, EKS Pod Identity or AWS_ACCOUNT_ID do. */
  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.builder().accessKeyId(ACCOUNT).secretAccessKey(SECRET)
        .accountId(ACCOUNT).build());
  }

  public static DynamoDbClient dynamoDb(URI endpoint, String region) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(credentials())
        .build();
  }

  public static BackupClient backup(URI endpoint, String region) {
    return BackupClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(credentials())
        .build();
  }

  /** Creates the vaults and the demo table with {@code items} items. */
  public static void seed(URI endpoint, Clock clock, int items) {
    VAULTS.forEach((region, vault) -> {
      try (BackupClient backup = backup(endpoint, region)) {
        backup.createBackupVault(b -> b.backupVaultName(vault).creatorRequestId("sandbox-" + vault));
      }
    });
    try (DynamoDbClient dynamoDb = dynamoDb(endpoint, TABLE_REGION)) {
      createOrders(dynamoDb, clock, items);
    }
    scaleAndWatch(endpoint);
  }

  /**
   * The demo estate on a local-aws another sandbox may have seeded already: vaults are created idempotently (the same
   * CreatorRequestId), the table only when it does not exist. A Region that does not answer (an injected outage) is
   * left as it is, with a note on stderr: the sandbox starts anyway. Returns what was not checked, as
   * {@code name@region}, so the welcome does not list it as there.
   */
  public static List<String> seedMissing(URI endpoint, Clock clock, int items) {
    List<String> unchecked = new ArrayList<>();
    VAULTS.forEach((region, vault) -> {
      try (BackupClient backup = backup(endpoint, region)) {
        backup.createBackupVault(b -> b.backupVaultName(vault).creatorRequestId("sandbox-" + vault));
      } catch (SdkClientException unreachable) {
        System.err.println("sandbox: " + region + " does not answer; vault " + vault + " not checked");
        unchecked.add(vault + "@" + region);
      }
    });
    try (DynamoDbClient dynamoDb = dynamoDb(endpoint, TABLE_REGION)) {
      try {
        dynamoDb.describeTable(b -> b.tableName(TABLE));
        return unchecked; // seeded before
      } catch (ResourceNotFoundException missing) {
        createOrders(dynamoDb, clock, items);
      }
    } catch (SdkClientException unreachable) {
      System.err.println("sandbox: " + TABLE_REGION + " does not answer; table " + TABLE + " not checked");
      unchecked.add(TABLE + "@" + TABLE_REGION);
      return unchecked;
    }
    scaleAndWatch(endpoint);
    return unchecked;
  }

  /** Auto scaling of the demo table's reads and an alarm on its throttled requests: settings a restore re-applies. */
  private static void scaleAndWatch(URI endpoint) {
    try (ApplicationAutoScalingClient scaling = ApplicationAutoScalingClient.builder().endpointOverride(endpoint)
        .region(Region.of(TABLE_REGION)).credentialsProvider(credentials()).build();
        CloudWatchClient cloudWatch = CloudWatchClient.builder().endpointOverride(endpoint)
            .region(Region.of(TABLE_REGION)).credentialsProvider(credentials()).build()) {
      scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + TABLE)
          .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(50));
      scaling.putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + TABLE)
          .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
          .policyName("DynamoDBReadCapacityUtilization:table/" + TABLE).policyType(PolicyType.TARGET_TRACKING_SCALING)
          .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).predefinedMetricSpecification(p -> p
              .predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
      cloudWatch.putMetricAlarm(b -> b.alarmName(ALARM).namespace("AWS/DynamoDB").metricName("ThrottledRequests")
          .dimensions(d -> d.name("TableName").value(TABLE)).statistic(Statistic.SUM).period(60)
          .evaluationPeriods(2).threshold(5.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }
  }

  private static void createOrders(DynamoDbClient dynamoDb, Clock clock, int items) {
    dynamoDb.createTable(b -> b.tableName(TABLE)
        .attributeDefinitions(
            a -> a.attributeName("orderId").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("createdAt").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("customerId").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("amount").attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH),
            k -> k.attributeName("createdAt").keyType(KeyType.RANGE))
        .localSecondaryIndexes(l -> l.indexName("by-amount")
            .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH),
                k -> k.attributeName("amount").keyType(KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
        .globalSecondaryIndexes(g -> g.indexName("by-customer")
            .keySchema(k -> k.attributeName("customerId").keyType(KeyType.HASH),
                k -> k.attributeName("createdAt").keyType(KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(10L)))
        .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(10L))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .deletionProtectionEnabled(true)
        .tags(TABLE_TAGS.entrySet().stream()
            .map(e -> software.amazon.awssdk.services.dynamodb.model.Tag.builder().key(e.getKey()).value(e.getValue())
                .build()).toList()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"ACTIVE".equals(dynamoDb.describeTable(b -> b.tableName(TABLE)).table().tableStatusAsString())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + TABLE + " did not become ACTIVE");
      }
      sleep(20);
    }
    dynamoDb.updateTimeToLive(b -> b.tableName(TABLE).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    long now = clock.instant().getEpochSecond();
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      int n = i;
      batch.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
          "orderId", AttributeValue.fromS(String.format("o-%05d", n)),
          "createdAt", AttributeValue.fromS(clock.instant().minusSeconds(60L * n).toString()),
          "customerId", AttributeValue.fromS(String.format("c-%03d", n % 250)),
          "status", AttributeValue.fromS(STATUSES[n % STATUSES.length]),
          "amount", AttributeValue.fromN(Integer.toString(5 + (n * 37) % 500)),
          "expiresAt", AttributeValue.fromN(Long.toString(now + 86_400L * (30 + n % 365)))))).build());
      if (batch.size() == 25 || i == items - 1) {
        write(dynamoDb, List.copyOf(batch));
        batch.clear();
      }
    }
    // After seeding: a point-in-time restore of the latest restorable time (right after enabling: the enablement)
    // brings back the seeded items.
    dynamoDb.updateContinuousBackups(b -> b.tableName(TABLE)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
  }

  /**
   * Writes one batch, retrying what the table's provisioned capacity leaves unprocessed (local-aws throttles writes
   * beyond it, as DynamoDB does): with 10 WCU the burst holds 3000 small items, more wait for sandbox time to pass.
   */
  private static void write(DynamoDbClient dynamoDb, List<WriteRequest> batch) {
    List<WriteRequest> pending = batch;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!pending.isEmpty()) {
      List<WriteRequest> requests = pending;
      try {
        pending = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, requests))).unprocessedItems()
            .getOrDefault(TABLE, List.of());
      } catch (software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException e) {
        pending = requests;
      }
      if (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not seed " + TABLE + " within a minute: writes stay throttled");
        }
        sleep(50);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
