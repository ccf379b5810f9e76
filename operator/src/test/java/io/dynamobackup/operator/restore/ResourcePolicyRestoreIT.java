package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.testing.OperatorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A table's resource policy names the table it is attached to (DynamoDB applies a statement only to that table and
 * its indexes; a stream's policy names the stream): a restored table gets the source's policy with every ARN of the
 * source table, its indexes and its stream rewritten to the restored table's, also across Regions. A statement the
 * operator cannot rewrite safely is refused with a condition that names it, and nothing is put.
 */
class ResourcePolicyRestoreIT {
  private static final String REGION = "eu-west-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OperatorHarness harness = new OperatorHarness();
  private final RestoreFixtures fixtures = new RestoreFixtures(harness, REGION);

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void theRestoredTableGetsThePolicyWithItsOwnArns() throws Exception {
    String source = sourceTableWithPolicies(REGION, """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "DenyDelete", "Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable",
           "Resource": "%1$s"},
          {"Sid": "ReadIndexes", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
           "Action": ["dynamodb:Query"], "Resource": ["%1$s", "%1$s/index/by-data"]}]}""");
    fixtures.backUp("orders-now", "orders");

    harness.create(RestoreFixtures.restore("orders-copy", "orders-now", "orders-copy"));
    DynamoRestore done = fixtures.awaitPhase("orders-copy", RestorePhase.Ready);

    String target = done.getStatus().tableArn;
    assertThat(target).isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/orders-copy");
    assertThat(policy(REGION, target)).isEqualTo(JSON.readTree(policyOf(REGION, source).replace(source, target)));
    String targetStream = streamArn(REGION, "orders-copy");
    assertThat(policy(REGION, targetStream)).isEqualTo(JSON.readTree(streamPolicy(targetStream)));
  }

  @Test
  void aRestoreInAnotherRegionGetsArnsOfThatRegion() throws Exception {
    String source = sourceTableWithPolicies(REGION, """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "DenyDelete", "Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable",
           "Resource": ["%1$s", "%1$s/index/*"]}]}""");
    harness.createVault("us-west-2", "prod-vault");
    fixtures.backUp("orders-now", "orders");

    DynamoRestore restore = RestoreFixtures.restore("orders-dr", "orders-now", "orders-dr");
    restore.getSpec().target.region = "us-west-2";
    harness.create(restore);
    DynamoRestore done = fixtures.awaitPhase("orders-dr", RestorePhase.Ready);

    String target = done.getStatus().tableArn;
    assertThat(target).isEqualTo("arn:aws:dynamodb:us-west-2:111122223333:table/orders-dr");
    assertThat(policy("us-west-2", target)).isEqualTo(JSON.readTree(policyOf(REGION, source).replace(source, target)));
  }

  @Test
  void aStatementThatCannotBeRewrittenSafelyIsRefusedByName() throws Exception {
    sourceTableWithPolicies(REGION, """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "DenyDelete", "Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable",
           "Resource": "%1$s"},
          {"Sid": "FromOrderTables", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
           "Action": "dynamodb:GetItem", "Resource": "%1$s",
           "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:dynamodb:eu-west-1:111122223333:table/ord*"}}}]}""");
    fixtures.backUp("orders-now", "orders");

    harness.create(RestoreFixtures.restore("orders-copy", "orders-now", "orders-copy"));
    var refused = fixtures.awaitCondition("orders-copy", RestoreStatuses.SETTINGS_APPLIED,
        "ResourcePolicyNotRewritable");

    assertThat(refused.getStatus()).isEqualTo("False");
    assertThat(refused.getMessage()).contains("Statement[1] (Sid FromOrderTables)").contains("table/ord*")
        .contains("spec.settings.resourcePolicy");
    DynamoRestore restore = harness.get(DynamoRestore.class, "orders-copy");
    assertThat(restore.getStatus().phase).isEqualTo(RestorePhase.ApplyingSettings);
    assertThatThrownBy(() -> policyOf(REGION, restore.getStatus().tableArn))
        .isInstanceOf(PolicyNotFoundException.class);
    // Everything else was still applied: the tags are on the restored table.
    assertThat(harness.dynamoDb(REGION).listTagsOfResource(b -> b.resourceArn(restore.getStatus().tableArn)).tags())
        .extracting(t -> t.key()).contains("team");
  }

  /** Table "orders" with a GSI, a stream, a tag, the given table policy (%1$s = its ARN) and a stream policy. */
  private String sourceTableWithPolicies(String region, String tablePolicy) {
    DynamoDbClient dynamoDb = harness.dynamoDb(region);
    dynamoDb.createTable(b -> b.tableName("orders")
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("data").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
        .globalSecondaryIndexes(g -> g.indexName("by-data").keySchema(k -> k.attributeName("data").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(3L)))
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .tags(t -> t.key("team").value("payments")));
    String arn = dynamoDb.describeTable(b -> b.tableName("orders")).table().tableArn();
    dynamoDb.putResourcePolicy(b -> b.resourceArn(arn).policy(tablePolicy.formatted(arn)));
    String stream = streamArn(region, "orders");
    dynamoDb.putResourcePolicy(b -> b.resourceArn(stream).policy(streamPolicy(stream)));
    harness.createVault(region, "prod-vault");
    harness.startOperator();
    return arn;
  }

  private static String streamPolicy(String streamArn) {
    return """
        {"Version": "2012-10-17", "Statement": [{"Sid": "Trigger", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:role/trigger"},
          "Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"],
          "Resource": "%s"}]}""".formatted(streamArn);
  }

  private String streamArn(String region, String table) {
    return harness.dynamoDb(region).describeTable(b -> b.tableName(table)).table().latestStreamArn();
  }

  private String policyOf(String region, String arn) {
    return harness.dynamoDb(region).getResourcePolicy(b -> b.resourceArn(arn)).policy();
  }

  private JsonNode policy(String region, String arn) throws Exception {
    return JSON.readTree(policyOf(region, arn));
  }
}
