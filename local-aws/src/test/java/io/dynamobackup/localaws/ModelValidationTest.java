package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.applicationautoscaling.model.ApplicationAutoScalingException;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.regions.Region;

/**
 * Every request is checked against its AWS service model, for every operation alike, and refused with the error code
 * of its protocol and AWS's own wording.
 */
class ModelValidationTest extends LocalAwsTestBase {

  private static void refused(Runnable call, String code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    });
  }

  @Test
  void dynamoDbAnswersValidationExceptionWithEveryViolation() {
    refused(() -> createTable("ab"), "ValidationException", "1 validation error detected: Value 'ab' at 'tableName'"
        + " failed to satisfy constraint: Member must have length greater than or equal to 3");
    refused(() -> createTable("a!"), "ValidationException", "2 validation errors detected: Value 'a!' at 'tableName'"
        + " failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'a!' at"
        + " 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    refused(() -> ddb.createTable(b -> b.tableName("orders").billingMode("FREE")
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH))),
        "ValidationException", "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    refused(() -> ddb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by").keySchema(key("g", KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.ALL)).build())),
        "ValidationException", "1 validation error detected: Value 'by' at 'globalSecondaryIndexes.1.member.indexName'"
            + " failed to satisfy constraint: Member must have length greater than or equal to 3");
    refused(() -> ddb.listTables(b -> b.limit(101)), "ValidationException", "1 validation error detected: Value '101'"
        + " at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    assertThat(ddb.listTables().tableNames()).isEmpty(); // nothing was created
  }

  @Test
  void mapsAreReportedOncePerSide() {
    createTable("orders");
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      writes.add(WriteRequest.builder().putRequest(p -> p.item(item("p", 1, "x"))).build());
    }
    assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of("orders", writes))))
        .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .startsWith("1 validation error detected: Value '{orders=[")
            .endsWith("' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member"
                + " must have length less than or equal to 25, Member must have length greater than or equal to 1]"));
  }

  @Test
  void aTableNameOrArnIsCheckedAsANameUnlessItIsAnArn() {
    refused(() -> ddb.describeTable(b -> b.tableName("no")), "ValidationException", "1 validation error detected:"
        + " Value 'no' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName(tableArn("no"))))
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
  }

  @Test
  void aValueOfTheWrongTypeIsASerializationException() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + "/"))
        .header("X-Amz-Target", "DynamoDB_20120810.DescribeTable").header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\": 42}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("com.amazon.coral.service#SerializationException").contains("tableName");
  }

  @Test
  void backupAnswersInvalidOrMissingParameterValue() {
    assertThatThrownBy(() -> backup.createBackupVault(b -> b.backupVaultName("a")))
        .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).isEqualTo("1 validation error detected: Value 'a' at 'backupVaultName' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-\\_]{2,50}$"));
    createVault("vault");
    createTable("orders");
    assertThatThrownBy(() -> backup.startBackupJob(b -> b.backupVaultName("vault").resourceArn(tableArn("orders"))))
        .isInstanceOfSatisfying(MissingParameterValueException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).isEqualTo("1 validation error detected: Value null at 'iamRoleArn' failed to satisfy"
                + " constraint: Member must not be null"));
    // query-string parameters are bound by the model too
    assertThatThrownBy(() -> backup.listBackupJobs(b -> b.maxResults(0)))
        .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).isEqualTo("1 validation error detected: Value '0' at 'maxResults' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1"));
    assertThatThrownBy(() -> backup.listBackupJobs(b -> b.byState("DONE")))
        .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).contains("at 'byState' failed to satisfy constraint: Member must satisfy enum value set"));
  }

  @Test
  void applicationAutoScalingAnswersValidationException() {
    var scaling = autoScaling(ACCOUNT, REGION);
    assertThatThrownBy(() -> scaling.registerScalableTarget(b -> b.serviceNamespace("dynamodb")
        .resourceId("table/orders").scalableDimension("dynamodb:table:Reads").minCapacity(1).maxCapacity(5)))
        .isInstanceOfSatisfying(ApplicationAutoScalingException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
          assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value"
              + " 'dynamodb:table:Reads' at 'scalableDimension' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [ecs:service:DesiredCount, ");
        });
  }

  @Test
  void queryProtocolServicesAnswerValidationError() {
    var cloudWatch = cloudWatch(ACCOUNT, REGION);
    String name = "x".repeat(256);
    assertThatThrownBy(() -> cloudWatch.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests").statistic("Sum").period(60).evaluationPeriods(0).threshold(1.0)
        .comparisonOperator("GreaterThanThreshold")))
        .isInstanceOfSatisfying(CloudWatchException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: Value '" + name
              + "' at 'alarmName' failed to satisfy constraint: Member must have length less than or equal to 255;"
              + " Value '0' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or"
              + " equal to 1");
        });
    assertThat(cloudWatch.describeAlarms().metricAlarms()).isEmpty();

    try (StsClient sts = StsClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
        .credentialsProvider(credentials(ACCOUNT)).overrideConfiguration(noRetries()).build()) {
      assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s").durationSeconds(600)))
          .isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: Value 's' at"
                + " 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to"
                + " 2; Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater"
                + " than or equal to 900");
          });
    }
  }
}
