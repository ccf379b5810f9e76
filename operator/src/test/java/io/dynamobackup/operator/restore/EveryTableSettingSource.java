package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.testing.OperatorHarness;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Source tables carrying every setting the operator manages, made through the AWS SDK as a user would: tags, TTL,
 * stream, PITR with a 7-day period, deletion protection, table and stream resource policies, table class, warm
 * throughput and Contributor Insights (table and GSI), a Kinesis destination, a stream trigger, auto scaling with a
 * policy and a scheduled action (table and GSI), a single-metric alarm with every field and a metric-math alarm, and
 * optionally a replica.
 */
final class EveryTableSettingSource {
  private final OperatorHarness harness;
  private final Map<String, LambdaClient> lambdas = new HashMap<>();

  EveryTableSettingSource(OperatorHarness harness) {
    this.harness = harness;
  }

  LambdaClient lambda(String region) {
    return lambdas.computeIfAbsent(region, r -> LambdaClient.builder().endpointOverride(harness.aws.endpoint())
        .region(Region.of(r)).credentialsProvider(OperatorHarness.credentials()).build());
  }

  String functionArn(String region) {
    return "arn:aws:lambda:" + region + ":" + OperatorHarness.ACCOUNT + ":function:on-change";
  }

  String streamArn(String region) {
    return "arn:aws:kinesis:" + region + ":" + OperatorHarness.ACCOUNT + ":stream/change-feed";
  }

  /** The Lambda function and the Kinesis data stream the settings name, in {@code region}. */
  void functionAndStream(String region) {
    lambda(region).createFunction(b -> b.functionName("on-change").runtime("java21").handler("Handler::handle")
        .role("arn:aws:iam::111122223333:role/on-change").code(c -> c.zipFile(SdkBytes.fromUtf8String("zip"))));
    try (var kinesis = EveryTableSettingIT.kinesis(harness, region)) {
      kinesis.createStream(b -> b.streamName("change-feed").shardCount(1));
    }
  }

  void create(String region, String name, boolean replica) {
    functionAndStream(region);
    DynamoDbClient dynamoDb = harness.dynamoDb(region);
    dynamoDb.createTable(b -> b.tableName(name)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
            a -> a.attributeName("data").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
        .globalSecondaryIndexes(g -> g.indexName("by-data").keySchema(k -> k.attributeName("data").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(3L)))
        .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(4L))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .tableClass("STANDARD_INFREQUENT_ACCESS")
        .warmThroughput(w -> w.readUnitsPerSecond(15_000L).writeUnitsPerSecond(5_000L))
        .tags(t -> t.key("team").value("payments"), t -> t.key("cost-center").value("42")));
    String arn = dynamoDb.describeTable(b -> b.tableName(name)).table().tableArn();
    dynamoDb.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.update(i -> i.indexName("by-data")
        .warmThroughput(w -> w.readUnitsPerSecond(13_000L).writeUnitsPerSecond(4_500L)))));
    dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    dynamoDb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
    dynamoDb.updateContributorInsights(b -> b.tableName(name).contributorInsightsAction("ENABLE")
        .contributorInsightsMode("THROTTLED_KEYS"));
    dynamoDb.updateContributorInsights(b -> b.tableName(name).indexName("by-data").contributorInsightsAction("ENABLE"));
    dynamoDb.putResourcePolicy(b -> b.resourceArn(arn).policy("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "DenyDelete", "Effect": "Deny", "Principal": "*",
          "Action": "dynamodb:DeleteTable", "Resource": ["%1$s", "%1$s/index/by-data"]}]}""".formatted(arn)));
    String stream = dynamoDb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    dynamoDb.putResourcePolicy(b -> b.resourceArn(stream).policy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:role/on-change"},
          "Action": "dynamodb:GetRecords", "Resource": "%s"}]}""".formatted(stream)));
    dynamoDb.enableKinesisStreamingDestination(b -> b.tableName(name).streamArn(streamArn(region))
        .enableKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision("MICROSECOND")));
    lambda(region).createEventSourceMapping(b -> b.eventSourceArn(stream).functionName("on-change")
        .startingPosition("TRIM_HORIZON").batchSize(50).maximumBatchingWindowInSeconds(5).enabled(false)
        .filterCriteria(f -> f.filters(x -> x.pattern("{\"eventName\": [\"INSERT\"]}")))
        .destinationConfig(d -> d.onFailure(o -> o.destination("arn:aws:sqs:" + region + ":111122223333:dlq")))
        .maximumRetryAttempts(3).bisectBatchOnFunctionError(true).functionResponseTypesWithStrings(
            "ReportBatchItemFailures"));
    scaling(region, name);
    alarms(region, name);
    dynamoDb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(true));
    if (replica) {
      dynamoDb.updateTable(b -> b.tableName(name).replicaUpdates(u -> u.create(c -> c.regionName("us-east-1"))));
      harness.advanceUntil(() -> dynamoDb.describeTable(b -> b.tableName(name)).table().replicas().get(0)
          .replicaStatusAsString(), "ACTIVE"::equals);
    }
    harness.createVault(region, "prod-vault");
  }

  private void scaling(String region, String name) {
    var scaling = harness.autoScaling(region);
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + name)
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(100)
        .suspendedState(s -> s.scheduledScalingSuspended(true)));
    scaling.putScalingPolicy(b -> b.policyName("read-scaling").serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/" + name).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).scaleInCooldown(60).scaleOutCooldown(30)
            .disableScaleIn(true).predefinedMetricSpecification(p -> p.predefinedMetricType(
                MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    scaling.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + name)
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).scheduledActionName("month-end")
        .schedule("cron(0 18 L * ? *)").timezone("Europe/Berlin").endTime(Instant.parse("2027-12-31T00:00:00Z"))
        .scalableTargetAction(a -> a.minCapacity(50).maxCapacity(200)));
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/" + name + "/index/by-data")
        .scalableDimension(ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS).minCapacity(2).maxCapacity(20));
  }

  private void alarms(String region, String name) {
    var cloudWatch = harness.cloudWatch(region);
    String topic = "arn:aws:sns:" + region + ":111122223333:pager";
    cloudWatch.putMetricAlarm(b -> b.alarmName(name + "-latency").alarmDescription("p99 latency of " + name)
        .namespace("AWS/DynamoDB").metricName("SuccessfulRequestLatency")
        .dimensions(Dimension.builder().name("TableName").value(name).build(),
            Dimension.builder().name("Operation").value("GetItem").build())
        .extendedStatistic("p99").period(60).evaluationPeriods(5).datapointsToAlarm(3).threshold(25.0).unit("Milliseconds")
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching")
        .evaluateLowSampleCountPercentile("ignore").alarmActions(topic).okActions(topic)
        .insufficientDataActions(topic).actionsEnabled(false));
    cloudWatch.putMetricAlarm(b -> b.alarmName("throttle-ratio-" + name).evaluationPeriods(2).threshold(0.05)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).alarmActions(topic)
        .metrics(q -> q.id("throttled").returnData(false).metricStat(s -> s.period(60).stat("Sum")
                .metric(m -> m.namespace("AWS/DynamoDB").metricName("ThrottledRequests")
                    .dimensions(Dimension.builder().name("TableName").value(name).build()))),
            q -> q.id("requests").returnData(false).metricStat(s -> s.period(60).stat("SampleCount")
                .metric(m -> m.namespace("AWS/DynamoDB").metricName("SuccessfulRequestLatency")
                    .dimensions(Dimension.builder().name("TableName").value(name).build()))),
            q -> q.id("ratio").expression("throttled / requests").label("throttle ratio").returnData(true)));
  }

  /** An on-demand table with a maximum throughput on the table and its GSI. */
  void onDemand(String region, String name) {
    DynamoDbClient dynamoDb = harness.dynamoDb(region);
    dynamoDb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("kind").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
        .globalSecondaryIndexes(g -> g.indexName("by-kind").keySchema(k -> k.attributeName("kind").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
        .onDemandThroughput(o -> o.maxReadRequestUnits(500L).maxWriteRequestUnits(200L)));
    dynamoDb.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.update(i -> i.indexName("by-kind")
        .onDemandThroughput(o -> o.maxReadRequestUnits(100L).maxWriteRequestUnits(50L)))));
    harness.createVault(region, "prod-vault");
  }
}
