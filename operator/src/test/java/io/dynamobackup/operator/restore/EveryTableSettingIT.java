package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.KinesisDestination;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A source table carrying every setting the operator manages is backed up and restored, in its own Region and in
 * another, and the restored table matches it field by field: {@link TableDescriptions} compares the two, and its
 * LEGITIMATE_DIFFERENCES are the only fields allowed to differ. Parameters the aws CLI 2.9.19 in CI predates
 * (OnDemandThroughput, WarmThroughput, ContributorInsightsMode, ApproximateCreationDateTimePrecision, RecoveryPeriodInDays,
 * metric-math alarms through Metrics) are exercised only through the AWS SDK, here and in local-aws's tests.
 */
class EveryTableSettingIT {
  private static final String REGION = "eu-west-1";
  private static final String OTHER = "us-west-2";
  private final OperatorHarness harness = new OperatorHarness();
  private final RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);
  private final EveryTableSettingSource source = new EveryTableSettingSource(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aRestoreInTheSameRegionMatchesTheSourceFieldByField() {
    source.create(REGION, "orders", true);
    harness.startOperator();
    fixtures.backUp("orders-now", "orders");

    DynamoRestore restore = RestoreFixtures.restore("orders-copy", "orders-now", "orders-copy");
    restore.getSpec().settings.replicasFromSource = true;
    harness.create(restore);
    DynamoRestore done = fixtures.awaitPhase("orders-copy", RestorePhase.Ready);

    assertThat(TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders-copy"))
        .isEqualTo(TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders"));
    assertThat(done.getStatus().skippedSettings).isNull();
    assertThat(done.getStatus().replicas).extracting(r -> r.regionName + " " + r.status)
        .containsExactly("us-east-1 ACTIVE");
  }

  @Test
  void aRestoreInAnotherRegionMatchesTheSourceButForWhatLivesInARegion() {
    source.create(REGION, "orders", false);
    source.functionAndStream(OTHER);
    harness.createVault(OTHER, "prod-vault");
    harness.startOperator();
    fixtures.backUp("orders-now", "orders");

    DynamoRestore restore = RestoreFixtures.restore("orders-dr", "orders-now", "orders-dr");
    restore.getSpec().target.region = OTHER;
    // The Kinesis stream and the Lambda function of the source are in its Region: name those of the target's.
    KinesisDestination destination = new KinesisDestination();
    destination.streamArn = source.streamArn(OTHER);
    destination.approximateCreationDateTimePrecision = KinesisDestination.Precision.MICROSECOND;
    restore.getSpec().settings.kinesisDestinations = List.of(destination);
    harness.create(restore);
    DynamoRestore done = fixtures.awaitPhase("orders-dr", RestorePhase.Ready);

    Map<String, Object> restored = TableDescriptions.describe(harness, source.lambda(OTHER), OTHER, "orders-dr");
    Map<String, Object> original = TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders");
    // What lives in the source's Region cannot serve a table in another: the stream trigger's function (Lambda reads
    // streams of its own Region only) and the alarms' SNS topic (CloudWatch runs actions of its own Region only).
    assertThat(done.getStatus().skippedSettings).anySatisfy(s -> assertThat(s).startsWith("streamTriggers: ")
        .contains(source.functionArn(REGION))).anySatisfy(s -> assertThat(s).startsWith("alarms <table>-latency"
            .replace("<table>", "orders-dr") + " alarmActions"));
    assertThat(restored.remove("EventSourceMappings")).isEqualTo(List.of());
    original.remove("EventSourceMappings");
    withoutAlarmActions(original);
    assertThat(restored).isEqualTo(original);
  }

  @Test
  void anOnDemandTableKeepsItsMaximumThroughput() {
    source.onDemand(REGION, "events");
    harness.startOperator();
    fixtures.backUp("events-now", "events");

    harness.create(RestoreFixtures.restore("events-copy", "events-now", "events-copy"));
    fixtures.awaitPhase("events-copy", RestorePhase.Ready);

    LambdaClient lambda = source.lambda(REGION);
    assertThat(TableDescriptions.describe(harness, lambda, REGION, "events-copy"))
        .isEqualTo(TableDescriptions.describe(harness, lambda, REGION, "events"));
  }

  @SuppressWarnings("unchecked")
  private static void withoutAlarmActions(Map<String, Object> description) {
    for (Object alarm : (List<Object>) description.get("MetricAlarms")) {
      ((Map<String, Object>) alarm).keySet().removeAll(List.of("AlarmActions", "OKActions", "InsufficientDataActions"));
    }
  }

  /** The SDK's Kinesis client speaks CBOR by default; local-aws speaks Kinesis' JSON 1.1. */
  static KinesisClient kinesis(OperatorHarness harness, String region) {
    System.setProperty("aws.cborEnabled", "false");
    return KinesisClient.builder().endpointOverride(harness.aws.endpoint()).region(Region.of(region))
        .credentialsProvider(OperatorHarness.credentials()).build();
  }
}
