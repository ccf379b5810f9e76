package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Application Auto Scaling (JSON 1.1) and CloudWatch alarms (query protocol) through the AWS SDK v2. */
class AutoScalingAndAlarmsTest extends LocalAwsTestBase {
  private ApplicationAutoScalingClient scaling;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void clientsAndTable() {
    scaling = autoScaling(ACCOUNT, REGION);
    cloudWatch = cloudWatch(ACCOUNT, REGION);
    ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("gk", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH))
        .globalSecondaryIndexes(g -> g.indexName("by-gk").keySchema(key("gk", KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))));
  }

  private void register(String resourceId, ScalableDimension dimension, int min, int max) {
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
        .scalableDimension(dimension).minCapacity(min).maxCapacity(max));
  }

  private PutScalingPolicyResponse policy(String resourceId, ScalableDimension dimension, MetricType metric,
      double target) {
    return scaling.putScalingPolicy(b -> b.policyName(metric + ":" + resourceId)
        .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId).scalableDimension(dimension)
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target)
            .predefinedMetricSpecification(p -> p.predefinedMetricType(metric))
            .scaleInCooldown(60).scaleOutCooldown(30)));
  }

  @Test
  void scalableTargetsAndTargetTrackingPolicies() {
    register("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 5, 100);
    register("table/orders/index/by-gk", ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS, 2, 20);
    clock.advance(Duration.ofMinutes(1));
    register("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 10, 200); // an update

    DescribeScalableTargetsResponse targets = scaling.describeScalableTargets(b -> b
        .serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds("table/orders", "table/orders/index/by-gk"));
    assertThat(targets.scalableTargets()).hasSize(2);
    ScalableTarget table = targets.scalableTargets().get(0);
    assertThat(table.resourceId()).isEqualTo("table/orders");
    assertThat(table.scalableDimension()).isEqualTo(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS);
    assertThat(table.minCapacity()).isEqualTo(10);
    assertThat(table.maxCapacity()).isEqualTo(200);
    assertThat(table.creationTime()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
    assertThat(table.roleARN()).endsWith("AWSServiceRoleForApplicationAutoScaling_DynamoDBTable");
    assertThat(table.suspendedState().dynamicScalingInSuspended()).isFalse();
    assertThat(table.scalableTargetARN()).startsWith("arn:aws:application-autoscaling:us-east-1:111122223333:scalable-target/");

    PutScalingPolicyResponse put = policy("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION, 70.0);
    assertThat(put.policyARN()).contains(":scalingPolicy:").endsWith(
        ":resource/dynamodb/table/orders:policyName/DynamoDBReadCapacityUtilization:table/orders");
    assertThat(put.alarms()).hasSize(2);
    policy("table/orders/index/by-gk", ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION, 50.0);

    List<ScalingPolicy> policies = scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders")).scalingPolicies();
    assertThat(policies).hasSize(1);
    ScalingPolicy p = policies.get(0);
    assertThat(p.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
    assertThat(p.scalableDimension()).isEqualTo(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS);
    assertThat(p.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(70.0);
    assertThat(p.targetTrackingScalingPolicyConfiguration().scaleInCooldown()).isEqualTo(60);
    assertThat(p.targetTrackingScalingPolicyConfiguration().scaleOutCooldown()).isEqualTo(30);
    assertThat(p.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification().predefinedMetricType())
        .isEqualTo(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION);
    assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)).scalingPolicies())
        .hasSize(2);

    // Like AWS, the policy's alarms are CloudWatch alarms on the table's metrics.
    List<MetricAlarm> managed = cloudWatch.describeAlarms(b -> b.alarmNamePrefix("TargetTracking-table/orders"))
        .metricAlarms();
    assertThat(managed).hasSize(4);
    assertThat(managed).allSatisfy(a -> assertThat(a.dimensions()).contains(
        Dimension.builder().name("TableName").value("orders").build()));

    // Deregistering drops the target, its policies and their alarms.
    scaling.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS));
    assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)).scalableTargets())
        .extracting(ScalableTarget::resourceId).containsExactly("table/orders/index/by-gk");
    assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders")).scalingPolicies()).isEmpty();
    assertThat(cloudWatch.describeAlarms(b -> b.alarmNamePrefix("TargetTracking-table/orders")).metricAlarms())
        .hasSize(2);
  }

  @Test
  void autoScalingErrors() {
    assertThatThrownBy(() -> register("table/missing", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 1, 5))
        .isInstanceOf(ValidationException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> register("table/orders", ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS, 1, 5))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> register("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 9, 5))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> policy("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION, 70.0)).isInstanceOf(ObjectNotFoundException.class);
    register("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 1, 5);
    assertThatThrownBy(() -> policy("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS,
        MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION, 70.0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> scaling.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)))
        .isInstanceOf(ObjectNotFoundException.class);
  }

  private void alarm(CloudWatchClient client, String name, String table) {
    client.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/DynamoDB").metricName("ThrottledRequests")
        .dimensions(Dimension.builder().name("TableName").value(table).build(),
            Dimension.builder().name("Operation").value("PutItem").build())
        .statistic(Statistic.SUM).period(60).evaluationPeriods(2).threshold(5.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .alarmActions("arn:aws:sns:us-east-1:111122223333:pager").alarmDescription("a & b < c"));
  }

  @Test
  void metricAlarms() {
    alarm(cloudWatch, "orders-throttled", "orders");
    alarm(cloudWatch, "orders-throttled-2", "orders");
    alarm(cloudWatch, "payments-throttled", "payments");

    MetricAlarm a = cloudWatch.describeAlarms(b -> b.alarmNames("orders-throttled")).metricAlarms().get(0);
    assertThat(a.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-throttled");
    assertThat(a.namespace()).isEqualTo("AWS/DynamoDB");
    assertThat(a.metricName()).isEqualTo("ThrottledRequests");
    assertThat(a.statistic()).isEqualTo(Statistic.SUM);
    assertThat(a.period()).isEqualTo(60);
    assertThat(a.evaluationPeriods()).isEqualTo(2);
    assertThat(a.threshold()).isEqualTo(5.0);
    assertThat(a.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_THRESHOLD);
    assertThat(a.alarmActions()).containsExactly("arn:aws:sns:us-east-1:111122223333:pager");
    assertThat(a.alarmDescription()).isEqualTo("a & b < c");
    assertThat(a.actionsEnabled()).isTrue();
    assertThat(a.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
    assertThat(a.alarmConfigurationUpdatedTimestamp()).isEqualTo(clock.instant());
    assertThat(a.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value)))
        .isEqualTo(Map.of("TableName", "orders", "Operation", "PutItem"));

    assertThat(cloudWatch.describeAlarms(b -> b.alarmNamePrefix("orders-")).metricAlarms())
        .extracting(MetricAlarm::alarmName).containsExactly("orders-throttled", "orders-throttled-2");

    // pagination
    DescribeAlarmsResponse first = cloudWatch.describeAlarms(b -> b.maxRecords(2));
    assertThat(first.metricAlarms()).hasSize(2);
    assertThat(first.nextToken()).isNotNull();
    DescribeAlarmsResponse second = cloudWatch.describeAlarms(b -> b.maxRecords(2).nextToken(first.nextToken()));
    assertThat(second.metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("payments-throttled");
    assertThat(second.nextToken()).isNull();
    assertThat(cloudWatch.describeAlarmsPaginator(b -> b.maxRecords(1)).metricAlarms()).hasSize(3);

    // other accounts and Regions are separate
    assertThat(cloudWatch(ACCOUNT, "eu-west-1").describeAlarms().metricAlarms()).isEmpty();
    assertThat(cloudWatch("444455556666", REGION).describeAlarms().metricAlarms()).isEmpty();

    cloudWatch.deleteAlarms(b -> b.alarmNames("orders-throttled", "orders-throttled-2"));
    assertThat(cloudWatch.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName)
        .containsExactly("payments-throttled");
    assertThatThrownBy(() -> cloudWatch.deleteAlarms(b -> b.alarmNames("missing")))
        .isInstanceOfSatisfying(CloudWatchException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ResourceNotFound"));
    assertThatThrownBy(() -> cloudWatch.putMetricAlarm(b -> b.alarmName("bad").namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
        .comparisonOperator("Sideways"))).isInstanceOfSatisfying(CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void restoredTablesHaveNoScalingOrAlarms() {
    register("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 5, 50);
    alarm(cloudWatch, "orders-throttled", "orders");
    String backupArn = ddb.createBackup(b -> b.tableName("orders").backupName("backup-1")).backupDetails().backupArn();
    ddb.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("orders-restored"));
    clock.advance(Duration.ofHours(1));
    assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceIds("table/orders-restored")).scalableTargets()).isEmpty();
    assertThat(cloudWatch.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName)
        .containsExactly("orders-throttled");
  }
}
