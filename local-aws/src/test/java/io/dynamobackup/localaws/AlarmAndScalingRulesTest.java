package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** CloudWatch alarm and Application Auto Scaling rules beyond their models. */
class AlarmAndScalingRulesTest extends LocalAwsTestBase {
  private CloudWatchClient cloudWatch;
  private ApplicationAutoScalingClient scaling;

  @BeforeEach
  void clients() {
    cloudWatch = cloudWatch(ACCOUNT, REGION);
    scaling = autoScaling(ACCOUNT, REGION);
    ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH)));
  }

  /** A valid alarm, changed by {@code change}. */
  private void alarm(Consumer<PutMetricAlarmRequest.Builder> change) {
    cloudWatch.putMetricAlarm(b -> {
      b.alarmName("orders-throttled").namespace("AWS/DynamoDB").metricName("ThrottledRequests").statistic("Sum")
          .period(60).evaluationPeriods(3).threshold(1.0).comparisonOperator("GreaterThanOrEqualToThreshold");
      change.accept(b);
    });
  }

  private void alarmRefused(Consumer<PutMetricAlarmRequest.Builder> change, String message) {
    assertThatThrownBy(() -> alarm(change)).isInstanceOfSatisfying(CloudWatchException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
      assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    });
  }

  @Test
  void alarmPeriodsEvaluationAndStatistics() {
    alarmRefused(b -> b.period(7), "Period must be 10, 20, 30 or a multiple of 60");
    alarmRefused(b -> b.period(15), "Period must be 10, 20, 30 or a multiple of 60");
    alarmRefused(b -> b.period(90), "Period must be 10, 20, 30 or a multiple of 60");
    alarmRefused(b -> b.evaluationPeriods(-3), "at 'evaluationPeriods' failed to satisfy constraint: Member must have"
        + " value greater than or equal to 1");
    alarmRefused(b -> b.datapointsToAlarm(4), "DatapointsToAlarm (4) must be less than or equal to EvaluationPeriods (3)");
    alarmRefused(b -> b.statistic("Median"), "at 'statistic' failed to satisfy constraint: Member must satisfy enum");
    alarmRefused(b -> b.extendedStatistic("p99"), "cannot both be specified");
    alarmRefused(b -> b.statistic((String) null).extendedStatistic("p101"), "Invalid ExtendedStatistic p101");
    alarmRefused(b -> b.comparisonOperator((String) null), "ComparisonOperator must not be null");
    alarmRefused(b -> b.threshold(null), "Threshold must not be null");
    alarmRefused(b -> b.period(300).evaluationPeriods(2017), "one week");
    alarmRefused(b -> b.period(60).evaluationPeriods(1441), "one day");
    alarmRefused(b -> b.treatMissingData("zero"), "TreatMissingData");
    alarmRefused(b -> b.alarmActions("arn:aws:sns:eu-west-1:111122223333:pager"),
        "Invalid region eu-west-1 specified. Only us-east-1 is supported.");
    alarmRefused(b -> b.tags(t -> t.key("aws:owner").value("me")), "reserved for AWS");
    assertThat(cloudWatch.describeAlarms().metricAlarms()).isEmpty();

    alarm(b -> b.period(20).extendedStatistic("p99.9").statistic((String) null).datapointsToAlarm(2));
    MetricAlarm stored = cloudWatch.describeAlarms().metricAlarms().get(0);
    assertThat(stored.period()).isEqualTo(20);
    assertThat(stored.extendedStatistic()).isEqualTo("p99.9");
    assertThat(stored.datapointsToAlarm()).isEqualTo(2);
  }

  private void register(int min, int max) {
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(min).maxCapacity(max));
  }

  private void policy(Consumer<PutScalingPolicyRequest.Builder> change) {
    scaling.putScalingPolicy(b -> {
      b.policyName("reads").serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
          .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).policyType("TargetTrackingScaling")
          .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)
              .predefinedMetricSpecification(p -> p.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION)));
      change.accept(b);
    });
  }

  @Test
  void scalingCapacityAndTargetRules() {
    assertThatThrownBy(() -> register(10, 5)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("Minimum capacity cannot be greater than maximum capacity");
    assertThatThrownBy(() -> register(0, 5)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("at least 1");
    assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)).scalableTargets())
        .isEmpty();
    register(5, 50);
    assertThatThrownBy(() -> scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
        .minCapacity(60))).isInstanceOf(ValidationException.class);
    assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)).scalableTargets()
        .get(0).minCapacity()).isEqualTo(5);

    policy(b -> { });
    var alarmsBefore = cloudWatch.describeAlarms().metricAlarms();
    assertThat(alarmsBefore).hasSize(2);
    for (double target : new double[] {95.0, 10.0}) {
      assertThatThrownBy(() -> policy(b -> b.targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target)
          .predefinedMetricSpecification(p -> p.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION)))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("between 20 and 90 percent");
    }
    assertThatThrownBy(() -> policy(b -> b.targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)
        .scaleInCooldown(-1)
        .predefinedMetricSpecification(p -> p.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION)))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("ScaleInCooldown");
    assertThatThrownBy(() -> policy(b -> b.policyType("StepScaling"))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("only TargetTrackingScaling");
    // the refused replacements left the policy and its alarms as they were
    assertThat(cloudWatch.describeAlarms().metricAlarms()).isEqualTo(alarmsBefore);
    assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)).scalingPolicies()
        .get(0).targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(70.0);
    assertThatThrownBy(() -> scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .maxResults(51))).isInstanceOf(ValidationException.class).hasMessageContaining("between 1 and 50");
  }
}
