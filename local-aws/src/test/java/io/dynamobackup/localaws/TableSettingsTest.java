package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class TableSettingsTest extends LocalAwsTestBase {
  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}";

  @BeforeEach
  void table() {
    createTable("orders");
  }

  @Test
  void pointInTimeRecovery() {
    var off = ddb.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription();
    assertThat(off.continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
    assertThat(off.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    ddb.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    clock.advance(Duration.ofHours(1));
    var on = ddb.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
    assertThat(on.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
    assertThat(on.earliestRestorableDateTime()).isEqualTo(java.time.Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(on.latestRestorableDateTime()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> ddb.describeContinuousBackups(b -> b.tableName("missing")))
        .isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void timeToLive() {
    ddb.updateTimeToLive(b -> b.tableName("orders").timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
    var d = ddb.describeTimeToLive(b -> b.tableName("orders")).timeToLiveDescription();
    assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    assertThat(d.attributeName()).isEqualTo("expires");
    assertThatThrownBy(() -> ddb.updateTimeToLive(b -> b.tableName("orders")
        .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires"))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("already enabled");
    ddb.updateTimeToLive(b -> b.tableName("orders").timeToLiveSpecification(t -> t.enabled(false).attributeName("expires")));
    assertThat(ddb.describeTimeToLive(b -> b.tableName("orders")).timeToLiveDescription().timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.DISABLED);
  }

  @Test
  void resourcePolicies() {
    String arn = tableArn("orders");
    assertThatThrownBy(() -> ddb.getResourcePolicy(b -> b.resourceArn(arn))).isInstanceOf(PolicyNotFoundException.class);
    String rev = ddb.putResourcePolicy(b -> b.resourceArn(arn).policy(POLICY)).revisionId();
    var got = ddb.getResourcePolicy(b -> b.resourceArn(arn));
    assertThat(got.policy()).isEqualTo(POLICY);
    assertThat(got.revisionId()).isEqualTo(rev);
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(arn).policy(POLICY).expectedRevisionId("stale")))
        .isInstanceOf(PolicyNotFoundException.class);
    ddb.deleteResourcePolicy(b -> b.resourceArn(arn).expectedRevisionId(rev));
    assertThatThrownBy(() -> ddb.getResourcePolicy(b -> b.resourceArn(arn))).isInstanceOf(PolicyNotFoundException.class);
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(arn).policy("not json")))
        .isInstanceOf(DynamoDbException.class);
  }

  @Test
  void streams() {
    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
    var t = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(t.streamSpecification().streamEnabled()).isTrue();
    assertThat(t.latestStreamArn()).isEqualTo(t.tableArn() + "/stream/" + t.latestStreamLabel());
    assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("orders")
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))))
        .isInstanceOf(DynamoDbException.class).hasMessageContaining("already has an enabled stream");
    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(false)));
    var disabled = ddb.describeTable(b -> b.tableName("orders")).table();
    assertThat(disabled.streamSpecification()).isNull();
    assertThat(disabled.latestStreamArn()).isEqualTo(t.latestStreamArn()); // the last stream stays listed, as in AWS
  }

  @Test
  void aResourcePolicyNamesOnlyTheTableOrStreamItIsAttachedTo() {
    String arn = tableArn("orders");
    String other = tableArn("payments");
    String template = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\",\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"dynamodb:*\",\"Resource\":%s}]}";
    ddb.putResourcePolicy(b -> b.resourceArn(arn).policy(template.formatted("[\"" + arn + "\",\"" + arn
        + "/index/by-data\",\"" + arn + "/*\"]")));
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(arn).policy(template.formatted("\"" + other + "\""))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Statement[0] (Sid S) names Resource " + other)
        .hasMessageContaining("attached to " + arn);
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(arn).policy(template.formatted("\"" + arn
        + "*\"")))).isInstanceOf(DynamoDbException.class).hasMessageContaining("names Resource " + arn + "*");

    ddb.updateTable(b -> b.tableName("orders").streamSpecification(s -> s.streamEnabled(true)
        .streamViewType(StreamViewType.NEW_IMAGE)));
    String stream = ddb.describeTable(b -> b.tableName("orders")).table().latestStreamArn();
    String streamPolicy = template.formatted("\"" + stream + "\"");
    String revision = ddb.putResourcePolicy(b -> b.resourceArn(stream).policy(streamPolicy)).revisionId();
    assertThat(ddb.putResourcePolicy(b -> b.resourceArn(stream).policy(streamPolicy)).revisionId())
        .as("the same document again keeps its revision").isEqualTo(revision);
    assertThat(ddb.getResourcePolicy(b -> b.resourceArn(stream)).policy()).isEqualTo(streamPolicy);
    assertThat(ddb.getResourcePolicy(b -> b.resourceArn(arn)).policy()).contains("/index/by-data");
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(stream).policy(template.formatted("\"" + arn
        + "\"")))).isInstanceOf(DynamoDbException.class).hasMessageContaining("a stream's policy may name only");
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(arn + "/stream/2020-01-01T00:00:00.000")
        .policy(streamPolicy))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> ddb.putResourcePolicy(b -> b.resourceArn(stream).policy(streamPolicy)
        .expectedRevisionId("NO_POLICY"))).isInstanceOf(PolicyNotFoundException.class)
        .hasMessageContaining("expecting none to be present");
  }
}
