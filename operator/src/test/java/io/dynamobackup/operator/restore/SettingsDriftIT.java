package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings.DriftPolicy;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Drift on every setting of a restored table is corrected (driftPolicy Correct) or reported one setting at a time
 * (Report), and a setting removed from the captured set by an explicit override is removed from the table.
 */
class SettingsDriftIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();
  private final RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);
  private final EveryTableSettingSource source = new EveryTableSettingSource(harness);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void driftOnEverySettingIsCorrected() {
    DynamoRestore ready = restored(DriftPolicy.Correct);
    drift(ready.getStatus().tableArn);

    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-copy"), r -> r.getStatus().lastDriftCorrected
        != null && Conditions.find(r.getStatus().conditions, RestoreStatuses.SETTINGS_APPLIED)
            .map(c -> "InSync".equals(c.getReason())).orElse(false));
    assertThat(TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders-copy"))
        .isEqualTo(TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders"));
    assertThat(harness.events("orders-copy")).filteredOn(e -> "DriftCorrected".equals(e.getReason()))
        .hasSizeGreaterThanOrEqualTo(DRIFTED.size());
  }

  @Test
  void driftOnEverySettingIsReportedOneEventEach() {
    DynamoRestore ready = restored(DriftPolicy.Report);
    drift(ready.getStatus().tableArn);

    DynamoRestore reported = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-copy"),
        r -> r.getStatus().driftedSettings != null && r.getStatus().driftedSettings.size() == DRIFTED.size());
    assertThat(reported.getStatus().driftedSettings).containsExactlyInAnyOrderElementsOf(DRIFTED);
    harness.advanceUntil(() -> harness.events("orders-copy").stream()
        .filter(e -> "SettingsDrifted".equals(e.getReason())).toList(), events -> events.size() == DRIFTED.size());
    assertThat(reported.getStatus().phase).isEqualTo(RestorePhase.Ready);
  }

  @Test
  void settingsRemovedByAnExplicitOverrideAreRemovedFromTheTable() {
    DynamoRestore ready = restored(DriftPolicy.Report);
    String stream = harness.dynamoDb(REGION).describeTable(b -> b.tableName("orders-copy")).table().latestStreamArn();
    assertThat(source.lambda(REGION).listEventSourceMappings(b -> b.eventSourceArn(stream)).eventSourceMappings())
        .hasSize(1);

    // As kubectl apply sends it (an empty list is kept; the client's own serialization would leave it out).
    harness.client().resources(DynamoRestore.class).inNamespace(OperatorHarness.NAMESPACE).withName("orders-copy")
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), """
            {"spec": {"settings": {"alarms": [], "streamTriggers": [], "kinesisDestinations": [], "autoScaling": [],
              "resourcePolicy": ""}}}""");

    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "orders-copy"), r -> r.getStatus().phase
        == RestorePhase.Ready && r.getMetadata().getGeneration().equals(r.getStatus().settingsGeneration));
    Map<String, Object> after = TableDescriptions.describe(harness, source.lambda(REGION), REGION, "orders-copy");
    assertThat(after).containsEntry("MetricAlarms", List.of()).containsEntry("EventSourceMappings", List.of())
        .containsEntry("ScalableTargets", List.of()).containsEntry("ResourcePolicy", null);
    List<Object> statuses = ((List<?>) after.get("KinesisDestinations")).stream()
        .map(d -> (Object) ((Map<?, ?>) d).get("DestinationStatus")).toList();
    assertThat(statuses).containsOnly("DISABLED");
    assertThat(ready.getStatus().tableArn).isNotNull();
  }

  /** What {@link #drift} changes, as the operator names each setting. */
  private static final List<String> DRIFTED = List.of("tags [team]", "point-in-time recovery",
      "table class", "contributor insights", "Kinesis destination arn:aws:kinesis:eu-west-1:111122223333:stream/change-feed",
      "stream trigger arn:aws:lambda:eu-west-1:111122223333:function:on-change",
      "auto scaling index by-data WriteCapacityUnits", "alarm orders-copy-latency", "resource policy");

  private void drift(String arn) {
    DynamoDbClient dynamoDb = harness.dynamoDb(REGION);
    dynamoDb.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
    dynamoDb.updateContinuousBackups(b -> b.tableName("orders-copy").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(30)));
    dynamoDb.updateTable(b -> b.tableName("orders-copy").tableClass("STANDARD"));
    dynamoDb.updateContributorInsights(b -> b.tableName("orders-copy").contributorInsightsAction("DISABLE"));
    dynamoDb.updateKinesisStreamingDestination(b -> b.tableName("orders-copy").streamArn(source.streamArn(REGION))
        .updateKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision("MILLISECOND")));
    String stream = dynamoDb.describeTable(b -> b.tableName("orders-copy")).table().latestStreamArn();
    String uuid = source.lambda(REGION).listEventSourceMappings(b -> b.eventSourceArn(stream)).eventSourceMappings()
        .get(0).uuid();
    source.lambda(REGION).updateEventSourceMapping(b -> b.uuid(uuid).batchSize(500));
    harness.autoScaling(REGION).deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceId("table/orders-copy/index/by-data").scalableDimension(ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS));
    harness.cloudWatch(REGION).deleteAlarms(b -> b.alarmNames("orders-copy-latency"));
    dynamoDb.deleteResourcePolicy(b -> b.resourceArn(arn));
  }

  private DynamoRestore restored(DriftPolicy policy) {
    source.create(REGION, "orders", false);
    harness.startOperator();
    fixtures.backUp("orders-now", "orders");
    DynamoRestore restore = RestoreFixtures.restore("orders-copy", "orders-now", "orders-copy");
    restore.getSpec().settings.driftPolicy = policy;
    harness.create(restore);
    return fixtures.awaitPhase("orders-copy", RestorePhase.Ready);
  }
}
