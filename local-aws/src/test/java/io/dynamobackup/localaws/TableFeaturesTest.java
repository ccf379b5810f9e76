package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;

/**
 * The 2024–25 table settings and what hangs off a table, with AWS's rules: on-demand and warm throughput, PITR
 * period, Contributor Insights, Kinesis destinations, Lambda event-source mappings, replicas, metric-math alarms and
 * scheduled actions. The aws CLI 2.9.19 predates most of these parameters, so they are tested through the SDK only.
 */
class TableFeaturesTest extends LocalAwsTestBase {
  private LambdaClient lambda() {
    return LambdaClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
        .credentialsProvider(credentials(ACCOUNT)).overrideConfiguration(noRetries()).build();
  }

  private void provisioned(String name) {
    ddb.createTable(b -> b.tableName(name).attributeDefinitions(attr("pk", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH)).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
  }

  @Test
  void throughputSettingsFollowTheBillingModeAndWarmThroughputOnlyRises() {
    provisioned("orders");
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders").onDemandThroughput(o -> o
        .maxReadRequestUnits(100L)))).isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("only be set when BillingMode is PAY_PER_REQUEST");
    ddb.updateTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST));
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders").onDemandThroughput(o -> o
        .maxReadRequestUnits(0L)))).isInstanceOf(DynamoDbException.class).hasMessageContaining("at least 1, or -1");
    ddb.updateTable(b -> b.tableName("orders").onDemandThroughput(o -> o.maxReadRequestUnits(100L)
        .maxWriteRequestUnits(50L)).tableClass("STANDARD_INFREQUENT_ACCESS"));
    ddb.updateTable(b -> b.tableName("orders").warmThroughput(w -> w.readUnitsPerSecond(20_000L)));
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders").warmThroughput(w -> w
        .readUnitsPerSecond(13_000L)))).isInstanceOf(DynamoDbException.class).hasMessageContaining("cannot be decreased");
    var t = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(t.onDemandThroughput().maxReadRequestUnits()).isEqualTo(100L);
    assertThat(t.warmThroughput().readUnitsPerSecond()).isEqualTo(20_000L);
    assertThat(t.warmThroughput().writeUnitsPerSecond()).isEqualTo(4_000L);
    assertThat(t.tableClassSummary().tableClassAsString()).isEqualTo("STANDARD_INFREQUENT_ACCESS");
    assertThatThrownBy(() -> ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(
        p -> p.pointInTimeRecoveryEnabled(false).recoveryPeriodInDays(7)))).isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("only be specified when PointInTimeRecoveryEnabled is true");
    assertThatThrownBy(() -> ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(
        p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(36)))).isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("less than or equal to 35");
  }

  @Test
  void contributorInsightsNeedAnExistingIndexAndTakeAModeOnlyWhenEnabled() {
    createTable("orders");
    ddb.updateContributorInsights(b -> b.tableName("orders").contributorInsightsAction("ENABLE")
        .contributorInsightsMode("THROTTLED_KEYS"));
    var d = ddb.describeContributorInsights(b -> b.tableName("orders"));
    assertThat(d.contributorInsightsStatusAsString()).isEqualTo("ENABLED");
    assertThat(d.contributorInsightsModeAsString()).isEqualTo("THROTTLED_KEYS");
    assertThatThrownBy(() -> ddb.updateContributorInsights(b -> b.tableName("orders").indexName("nope")
        .contributorInsightsAction("ENABLE"))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> ddb.updateContributorInsights(b -> b.tableName("orders")
        .contributorInsightsAction("DISABLE").contributorInsightsMode("THROTTLED_KEYS")))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("only be given with ContributorInsightsAction ENABLE");
  }

  @Test
  void kinesisDestinationsNeedAStreamOfTheTablesAccountAndRegion() {
    System.setProperty("aws.cborEnabled", "false");
    createTable("orders");
    String arn = "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/feed";
    assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName("orders").streamArn(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
    try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
        .credentialsProvider(credentials(ACCOUNT)).build()) {
      kinesis.createStream(b -> b.streamName("feed").shardCount(1));
      assertThat(kinesis.describeStreamSummary(b -> b.streamName("feed")).streamDescriptionSummary().streamARN())
          .isEqualTo(arn);
    }
    assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName("orders")
        .streamArn("arn:aws:kinesis:eu-west-1:" + ACCOUNT + ":stream/feed"))).isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("in the table's account and Region");
    ddb.enableKinesisStreamingDestination(b -> b.tableName("orders").streamArn(arn)
        .enableKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision("MICROSECOND")));
    assertThat(ddb.describeKinesisStreamingDestination(b -> b.tableName("orders")).kinesisDataStreamDestinations())
        .extracting(x -> x.destinationStatusAsString() + " " + x.approximateCreationDateTimePrecisionAsString())
        .containsExactly("ACTIVE MICROSECOND");
    ddb.disableKinesisStreamingDestination(b -> b.tableName("orders").streamArn(arn));
    assertThatThrownBy(() -> ddb.updateKinesisStreamingDestination(b -> b.tableName("orders").streamArn(arn)
        .updateKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision("MILLISECOND"))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("no active Kinesis streaming destination");
  }

  @Test
  void eventSourceMappingsReadAnEnabledStreamOncePerFunction() {
    createTable("orders");
    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(true)
        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    String stream = ddb.describeTable(b -> b.tableName("orders")).table().latestStreamArn();
    try (LambdaClient lambda = lambda()) {
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("LATEST"))).isInstanceOf(software.amazon.awssdk.services.lambda.model
              .ResourceNotFoundException.class).hasMessageContaining("Function not found");
      lambda.createFunction(b -> b.functionName("f").runtime("java21").handler("H::h")
          .role("arn:aws:iam::111122223333:role/f").code(c -> c.zipFile(SdkBytes.fromUtf8String("zip"))));
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)))
          .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("StartingPosition is required");
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("LATEST").maximumRecordAgeInSeconds(30))).isInstanceOf(InvalidParameterValueException.class);
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("LATEST").batchSize(20_000))).isInstanceOf(
              software.amazon.awssdk.services.lambda.model.LambdaException.class);
      String uuid = lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("TRIM_HORIZON").batchSize(10).enabled(false)).uuid();
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("LATEST"))).isInstanceOf(ResourceConflictException.class).hasMessageContaining(uuid);
      lambda.updateEventSourceMapping(b -> b.uuid(uuid).batchSize(20).enabled(true));
      var mapping = lambda.getEventSourceMapping(b -> b.uuid(uuid));
      assertThat(mapping.batchSize()).isEqualTo(20);
      assertThat(mapping.state()).isEqualTo("Enabled");
      assertThat(lambda.listEventSourceMappings(b -> b.eventSourceArn(stream)).eventSourceMappings()).hasSize(1);
      ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(false)));
      assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(stream)
          .startingPosition("LATEST"))).isInstanceOf(InvalidParameterValueException.class)
          .hasMessageContaining("Stream not found");
    }
  }

  @Test
  void aReplicaNeedsAStreamWithBothImagesAndAnotherRegion() {
    createTable("orders");
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders").replicaUpdates(u -> u.create(c -> c
        .regionName("eu-west-1"))))).isInstanceOf(DynamoDbException.class).hasMessageContaining("NEW_AND_OLD_IMAGES");
    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(true)
        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders").replicaUpdates(u -> u.create(c -> c
        .regionName(REGION))))).isInstanceOf(DynamoDbException.class).hasMessageContaining("another Region");
    ddb.updateTable(b -> b.tableName("orders").replicaUpdates(u -> u.create(c -> c.regionName("eu-west-1"))));
    assertThat(ddb.describeTable(b -> b.tableName("orders")).table().replicas().get(0).replicaStatusAsString())
        .isEqualTo("CREATING");
    clock.advance(Duration.ofMinutes(5));
    var table = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(table.globalTableVersion()).isEqualTo("2019.11.21");
    assertThat(table.replicas().get(0).replicaStatusAsString()).isEqualTo("ACTIVE");
    assertThat(ddb(ACCOUNT, "eu-west-1").describeTable(b -> b.tableName("orders")).table().tableStatusAsString())
        .isEqualTo("ACTIVE");
    ddb.updateTable(b -> b.tableName("orders").replicaUpdates(u -> u.delete(d -> d.regionName("eu-west-1"))));
    assertThat(ddb.describeTable(b -> b.tableName("orders")).table().replicas()).isEmpty();
  }

  @Test
  void metricMathAlarmsReturnExactlyOneResult() {
    var cloudWatch = cloudWatch(ACCOUNT, REGION);
    assertThatThrownBy(() -> cloudWatch.putMetricAlarm(b -> b.alarmName("ratio").evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .metrics(q -> q.id("a").expression("1"), q -> q.id("b").expression("2"))))
        .isInstanceOf(CloudWatchException.class).hasMessageContaining("Exactly one element of the metrics list");
    assertThatThrownBy(() -> cloudWatch.putMetricAlarm(b -> b.alarmName("ratio").evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).metricName("ThrottledRequests")
        .metrics(q -> q.id("a").expression("1")))).isInstanceOf(CloudWatchException.class)
        .hasMessageContaining("cannot be combined");
    cloudWatch.putMetricAlarm(b -> b.alarmName("ratio").evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).metrics(
            q -> q.id("m").returnData(false).metricStat(s -> s.period(60).stat("Sum").metric(m -> m
                .namespace("AWS/DynamoDB").metricName("ThrottledRequests"))),
            q -> q.id("e").expression("m * 2").returnData(true)));
    var alarm = cloudWatch.describeAlarms(b -> b.alarmNames("ratio")).metricAlarms().get(0);
    assertThat(alarm.metrics()).extracting(q -> q.id()).containsExactly("m", "e");
    assertThat(alarm.metrics().get(0).metricStat().metric().metricName()).isEqualTo("ThrottledRequests");
  }

  @Test
  void scheduledActionsNeedATargetAndAValidSchedule() {
    provisioned("orders");
    var scaling = autoScaling(ACCOUNT, REGION);
    assertThatThrownBy(() -> scaling.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
        .scheduledActionName("a").schedule("rate(1 hour)").scalableTargetAction(t -> t.minCapacity(1))))
        .isInstanceOf(ObjectNotFoundException.class);
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(1).maxCapacity(10));
    assertThatThrownBy(() -> scaling.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
        .scheduledActionName("a").schedule("every hour").scalableTargetAction(t -> t.minCapacity(1))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("is not valid");
    scaling.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).scheduledActionName("a")
        .schedule("cron(0 18 * * ? *)").scalableTargetAction(t -> t.minCapacity(2).maxCapacity(5)));
    assertThat(scaling.describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders")).scheduledActions()).extracting(a -> a.scheduledActionName()).containsExactly("a");
    scaling.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS));
    assertThat(scaling.describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders")).scheduledActions()).isEmpty();
  }
}
