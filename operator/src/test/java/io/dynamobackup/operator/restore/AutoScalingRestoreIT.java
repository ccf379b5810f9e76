package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Auto scaling (table and GSI) and CloudWatch alarms are captured with the backup and re-applied to the restored table
 * under its new name; the TargetTracking-* alarms Application Auto Scaling owns are not copied.
 */
class AutoScalingRestoreIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void autoScalingAndAlarmsComeBackPointedAtTheRestoredTable() {
    restoreOrdersDr(r -> {});
    ApplicationAutoScalingClient scaling = harness.autoScaling(REGION);
    CloudWatchClient cloudWatch = harness.cloudWatch(REGION);

    List<ScalableTarget> targets = scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceIds("table/orders-dr", "table/orders-dr/index/by-data")).scalableTargets();
    assertThat(targets).extracting(t -> t.resourceId() + " " + t.scalableDimensionAsString() + " " + t.minCapacity()
        + ".." + t.maxCapacity()).containsExactlyInAnyOrder(
            "table/orders-dr dynamodb:table:ReadCapacityUnits 5..100",
            "table/orders-dr/index/by-data dynamodb:index:WriteCapacityUnits 2..20");
    assertThat(policy(scaling, "table/orders-dr")).isEqualTo("TargetTrackingScaling DynamoDBReadCapacityUtilization 70.0 60/30");
    assertThat(policy(scaling, "table/orders-dr/index/by-data"))
        .isEqualTo("TargetTrackingScaling DynamoDBWriteCapacityUtilization 55.0 60/30");

    MetricAlarm restored = cloudWatch.describeAlarms(b -> b.alarmNames("orders-dr-throttled")).metricAlarms().get(0);
    assertThat(restored.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value)))
        .isEqualTo(Map.of("TableName", "orders-dr", "Operation", "PutItem"));
    assertThat(restored.metricName()).isEqualTo("ThrottledRequests");
    assertThat(restored.threshold()).isEqualTo(5.0);
    assertThat(restored.evaluationPeriods()).isEqualTo(2);
    assertThat(restored.alarmActions()).containsExactly("arn:aws:sns:eu-west-1:111122223333:pager");
    // The source's alarm is untouched, the unrelated one not copied, and the TargetTracking-* alarms of the restored
    // table are the ones its new policies created (two per policy), not copies of the source's.
    MetricAlarm source = cloudWatch.describeAlarms(b -> b.alarmNames("orders-throttled")).metricAlarms().get(0);
    assertThat(source.dimensions()).contains(dimension("TableName", "orders"));
    List<String> names = cloudWatch.describeAlarms(b -> b.maxRecords(100)).metricAlarms().stream()
        .map(MetricAlarm::alarmName).toList();
    assertThat(names).filteredOn(n -> !n.startsWith("TargetTracking-"))
        .containsExactlyInAnyOrder("orders-throttled", "orders-dr-throttled", "payments-throttled");
    assertThat(names).filteredOn(n -> n.startsWith("TargetTracking-table/orders-dr")).hasSize(4);
    assertThat(names).filteredOn(n -> n.startsWith("TargetTracking-")).hasSize(8);

    // Drift (driftPolicy Correct): a deleted alarm is put back.
    cloudWatch.deleteAlarms(b -> b.alarmNames("orders-dr-throttled"));
    harness.advanceUntil(() -> cloudWatch.describeAlarms(b -> b.alarmNames("orders-dr-throttled")).metricAlarms(),
        alarms -> !alarms.isEmpty());
  }

  @Test
  void deletionPolicyDeleteRemovesTheScalableTargetsAndAlarmsItPutOnTheTableAndNoOthers() {
    DynamoRestore ready = restoreOrdersDr(r -> {
      r.getSpec().deletionPolicy = DeletionPolicy.Delete;
      r.getSpec().settings.driftPolicy = RestoreSettings.DriftPolicy.Report; // leaves the alarm put by hand alone
    });
    ApplicationAutoScalingClient scaling = harness.autoScaling(REGION);
    CloudWatchClient cloudWatch = harness.cloudWatch(REGION);
    assertThat(ready.getStatus().managedAlarms).containsExactly("orders-dr-throttled");
    assertThat(ready.getStatus().managedScalableTargets).containsExactlyInAnyOrder(
        "table/orders-dr|dynamodb:table:ReadCapacityUnits",
        "table/orders-dr/index/by-data|dynamodb:index:WriteCapacityUnits");
    cloudWatch.putMetricAlarm(b -> b.alarmName("orders-dr-by-hand").namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests").dimensions(dimension("TableName", "orders-dr"))
        .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));

    harness.client().resource(ready).delete();
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-dr"), r -> r == null);

    assertThat(harness.dynamoDb(REGION).listTables().tableNames()).doesNotContain("orders-dr");
    assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceIds("table/orders-dr", "table/orders-dr/index/by-data")).scalableTargets()).isEmpty();
    assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders-dr")).scalingPolicies()).isEmpty();
    List<String> names = cloudWatch.describeAlarms(b -> b.maxRecords(100)).metricAlarms().stream()
        .map(MetricAlarm::alarmName).toList();
    assertThat(names).filteredOn(n -> !n.startsWith("TargetTracking-"))
        .containsExactlyInAnyOrder("orders-throttled", "payments-throttled", "orders-dr-by-hand");
    assertThat(names).filteredOn(n -> n.startsWith("TargetTracking-table/orders-dr")).isEmpty();
    assertThat(names).filteredOn(n -> n.startsWith("TargetTracking-")).as("the source table's").hasSize(4);
    assertThat(harness.events("orders-dr")).filteredOn(e -> "TableDeleted".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("orders-dr-throttled", "table/orders-dr/index/by-data"));
  }

  /**
   * Backs up "orders" with auto scaling (table reads, GSI writes) and two alarms, one of another table, and restores
   * it as "orders-dr" (driftPolicy Correct unless {@code edit} changes it); returns the Ready restore.
   */
  private DynamoRestore restoreOrdersDr(java.util.function.Consumer<DynamoRestore> edit) {
    DynamoDbClient dynamoDb = harness.dynamoDb(REGION);
    ApplicationAutoScalingClient scaling = harness.autoScaling(REGION);
    CloudWatchClient cloudWatch = harness.cloudWatch(REGION);
    dynamoDb.createTable(b -> b.tableName("orders")
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("data").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
        .globalSecondaryIndexes(g -> g.indexName("by-data").keySchema(k -> k.attributeName("data").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(3L)))
        .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(4L)));
    harness.advanceUntil(() -> dynamoDb.describeTable(b -> b.tableName("orders")).table().tableStatusAsString(),
        "ACTIVE"::equals);
    scale(scaling, "table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION, 5, 100, 70.0);
    scale(scaling, "table/orders/index/by-data", ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION, 2, 20, 55.0);
    cloudWatch.putMetricAlarm(b -> b.alarmName("orders-throttled").namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests")
        .dimensions(dimension("TableName", "orders"), dimension("Operation", "PutItem"))
        .statistic(Statistic.SUM).period(60).evaluationPeriods(2).threshold(5.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .alarmActions("arn:aws:sns:eu-west-1:111122223333:pager"));
    cloudWatch.putMetricAlarm(b -> b.alarmName("payments-throttled").namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests").dimensions(dimension("TableName", "payments"))
        .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    harness.createVault(REGION, "prod-vault");
    harness.startOperator();

    RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);
    DynamoBackup backup = fixtures.backupSpec("orders-now", "orders");
    backup.getSpec().captureTableSettings = true;
    harness.create(backup);
    fixtures.awaitBackup("orders-now");
    DynamoRestore restore = RestoreFixtures.restore("orders-dr", "orders-now", "orders-dr");
    restore.getSpec().settings.driftPolicy = RestoreSettings.DriftPolicy.Correct;
    edit.accept(restore);
    harness.create(restore);
    return harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-dr"),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static void scale(ApplicationAutoScalingClient scaling, String resourceId, ScalableDimension dimension,
      MetricType metric, int min, int max, double target) {
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
        .scalableDimension(dimension).minCapacity(min).maxCapacity(max));
    scaling.putScalingPolicy(b -> b.policyName("my-" + metric).serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(resourceId).scalableDimension(dimension).policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target).scaleInCooldown(60).scaleOutCooldown(30)
            .predefinedMetricSpecification(p -> p.predefinedMetricType(metric))));
  }

  private static String policy(ApplicationAutoScalingClient scaling, String resourceId) {
    List<ScalingPolicy> policies = scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId(resourceId)).scalingPolicies();
    assertThat(policies).hasSize(1);
    var config = policies.get(0).targetTrackingScalingPolicyConfiguration();
    return policies.get(0).policyTypeAsString() + " " + config.predefinedMetricSpecification().predefinedMetricTypeAsString()
        + " " + config.targetValue() + " " + config.scaleInCooldown() + "/" + config.scaleOutCooldown();
  }
}
