package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.localaws.autoscaling.AutoScalingService;
import io.dynamobackup.localaws.tagging.TaggingService;
import io.dynamobackup.localaws.backup.BackupService;
import io.dynamobackup.localaws.cloudwatch.CloudWatchService;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.DynamoDbService;
import io.dynamobackup.localaws.http.Route;
import io.dynamobackup.localaws.sts.StsService;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Every operation the emulator serves exists in the AWS API models with the same HTTP binding. */
class ModelConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode model(String name) throws IOException {
    try (InputStream in = ModelConformanceTest.class.getResourceAsStream("/aws-models/" + name)) {
      assertThat(in).as("test resource aws-models/" + name).isNotNull();
      return JSON.readTree(new GZIPInputStream(in));
    }
  }

  private static String path(String requestUri) {
    int q = requestUri.indexOf('?');
    return q < 0 ? requestUri : requestUri.substring(0, q);
  }

  @Test
  void backupRoutesMatchTheModel() throws IOException {
    JsonNode model = model("backup-2018-11-15.service-2.json.gz");
    assertThat(model.path("metadata").path("protocol").asText()).isEqualTo("rest-json");
    List<Route> routes = new BackupService().routes();
    for (Route route : routes) {
      JsonNode op = model.path("operations").path(route.operation());
      assertThat(op.isMissingNode()).as("operation %s in the Backup model", route.operation()).isFalse();
      assertThat(route.method()).as("HTTP method of %s", route.operation()).isEqualTo(op.path("http").path("method").asText());
      assertThat(route.requestUri()).as("requestUri of %s", route.operation())
          .isEqualTo(path(op.path("http").path("requestUri").asText()));
    }
    assertThat(routes.stream().map(Route::operation).collect(Collectors.toSet())).containsAll(Set.of(
        "CreateBackupVault", "DescribeBackupVault", "ListBackupVaults", "DeleteBackupVault", "StartBackupJob",
        "DescribeBackupJob", "ListBackupJobs", "StopBackupJob", "StartCopyJob", "DescribeCopyJob", "ListCopyJobs",
        "StartRestoreJob", "DescribeRestoreJob", "ListRestoreJobs", "GetRecoveryPointRestoreMetadata",
        "DescribeRecoveryPoint", "ListRecoveryPointsByBackupVault", "ListRecoveryPointsByResource",
        "DeleteRecoveryPoint", "UpdateRecoveryPointLifecycle", "TagResource", "UntagResource", "ListTags"));
  }

  @Test
  void backupErrorCodesAreModelled() throws IOException {
    JsonNode shapes = model("backup-2018-11-15.service-2.json.gz").path("shapes");
    for (String code : List.of("ResourceNotFoundException", "InvalidParameterValueException",
        "MissingParameterValueException", "InvalidRequestException", "InvalidResourceStateException",
        "AlreadyExistsException", "LimitExceededException", "ServiceUnavailableException")) {
      assertThat(shapes.path(code).path("exception").asBoolean()).as(code).isTrue();
    }
  }

  @Test
  void dynamoDbOperationsExistInTheModel() throws IOException {
    JsonNode model = model("dynamodb-2012-08-10.service-2.json.gz");
    assertThat(model.path("metadata").path("targetPrefix").asText()).isEqualTo("DynamoDB_20120810");
    assertThat(model.path("metadata").path("jsonVersion").asText()).isEqualTo("1.0");
    Set<String> ops = new DynamoDbService(new World(new ManualClock(), LocalAwsOptions.defaults())).operations().keySet();
    assertThat(ops).hasSizeGreaterThanOrEqualTo(28);
    for (String op : ops) {
      assertThat(model.path("operations").has(op)).as("operation %s in the DynamoDB model", op).isTrue();
    }
    JsonNode shapes = model.path("shapes");
    for (String code : List.of("ResourceNotFoundException", "ResourceInUseException", "ConditionalCheckFailedException",
        "TableNotFoundException", "TableAlreadyExistsException", "BackupNotFoundException", "PolicyNotFoundException",
        "LimitExceededException", "InternalServerError")) {
      assertThat(shapes.path(code).path("exception").asBoolean()).as(code).isTrue();
    }
  }

  @Test
  void taggingOperationsExistInTheModel() throws IOException {
    JsonNode model = model("resourcegroupstaggingapi-2017-01-26.service-2.json.gz");
    assertThat(model.path("metadata").path("targetPrefix").asText() + ".").isEqualTo(TaggingService.TARGET_PREFIX);
    assertThat(model.path("metadata").path("jsonVersion").asText()).isEqualTo("1.1");
    assertThat(model.path("metadata").path("protocols").get(0).asText()).isEqualTo("json");
    Set<String> ops = new TaggingService().operations().keySet();
    assertThat(ops).containsExactly("GetResources");
    assertThat(model.path("operations").has("GetResources")).isTrue();
    JsonNode shapes = model.path("shapes");
    for (String code : List.of("InvalidParameterException", "ThrottledException", "InternalServiceException")) {
      assertThat(shapes.path(code).path("exception").asBoolean()).as(code).isTrue();
    }
    assertThat(model.at("/operations/GetResources/errors").toString()).contains("InvalidParameterException",
        "ThrottledException", "InternalServiceException");
  }

  @Test
  void applicationAutoScalingOperationsExistInTheModel() throws IOException {
    JsonNode model = model("application-autoscaling-2016-02-06.service-2.json.gz");
    assertThat(model.path("metadata").path("targetPrefix").asText() + ".").isEqualTo(AutoScalingService.TARGET_PREFIX);
    assertThat(model.path("metadata").path("jsonVersion").asText()).isEqualTo("1.1");
    assertThat(model.path("metadata").path("protocols").get(0).asText()).isEqualTo("json");
    Set<String> ops = new AutoScalingService().operations().keySet();
    assertThat(ops).containsExactlyInAnyOrder("RegisterScalableTarget", "DescribeScalableTargets",
        "DeregisterScalableTarget", "PutScalingPolicy", "DescribeScalingPolicies", "DeleteScalingPolicy",
        "PutScheduledAction", "DescribeScheduledActions", "DeleteScheduledAction");
    for (String op : ops) {
      assertThat(model.path("operations").has(op)).as("operation %s in the Application Auto Scaling model", op).isTrue();
    }
    JsonNode shapes = model.path("shapes");
    for (String code : List.of("ValidationException", "ObjectNotFoundException", "InvalidNextTokenException",
        "InternalServiceException")) {
      assertThat(shapes.path(code).path("exception").asBoolean()).as(code).isTrue();
    }
    JsonNode dimensions = shapes.path("ScalableDimension").path("enum");
    for (String d : List.of("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
        "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits")) {
      assertThat(dimensions.toString()).contains("\"" + d + "\"");
    }
    assertThat(shapes.path("MetricType").path("enum").toString()).contains("\"DynamoDBReadCapacityUtilization\"",
        "\"DynamoDBWriteCapacityUtilization\"");
  }

  /**
   * The CloudWatch model lists smithy-rpc-v2-cbor first, but AWS SDK v2 2.40.x (aws-query-protocol) and the aws CLI
   * v2.9 send the query protocol, which is what local-aws serves.
   */
  @Test
  void cloudWatchOperationsExistInTheModel() throws IOException {
    JsonNode model = model("cloudwatch-2010-08-01.service-2.json.gz");
    assertThat(model.path("metadata").path("protocols").toString()).contains("\"query\"");
    assertThat(model.path("metadata").path("apiVersion").asText()).isEqualTo("2010-08-01");
    assertThat(model.path("metadata").path("xmlNamespace").asText())
        .isEqualTo(io.dynamobackup.localaws.cloudwatch.QueryXml.NAMESPACE);
    Set<String> ops = new CloudWatchService().operations().keySet();
    assertThat(ops).containsExactlyInAnyOrder("PutMetricAlarm", "DescribeAlarms", "DeleteAlarms");
    for (String op : ops) {
      assertThat(model.path("operations").path(op).path("http").path("requestUri").asText())
          .as("operation %s in the CloudWatch model", op).isEqualTo("/");
    }
    assertThat(model.path("operations").path("DescribeAlarms").path("output").path("resultWrapper").asText())
        .isEqualTo("DescribeAlarmsResult");
    JsonNode shapes = model.path("shapes");
    for (String[] shapeAndCode : List.of(new String[] {"ResourceNotFound", "ResourceNotFound"},
        new String[] {"InvalidParameterValueException", "InvalidParameterValue"},
        new String[] {"MissingRequiredParameterException", "MissingParameter"},
        new String[] {"InvalidParameterCombinationException", "InvalidParameterCombination"},
        new String[] {"InvalidNextToken", "InvalidNextToken"}, new String[] {"InternalServiceFault", "InternalServiceError"})) {
      assertThat(shapes.path(shapeAndCode[0]).path("error").path("code").asText()).as(shapeAndCode[0])
          .isEqualTo(shapeAndCode[1]);
    }
    for (String member : List.of("AlarmName", "MetricName", "Namespace", "Statistic", "Dimensions", "Period",
        "EvaluationPeriods", "Threshold", "ComparisonOperator", "AlarmActions")) {
      assertThat(shapes.path("PutMetricAlarmInput").path("members").has(member)).as(member).isTrue();
      assertThat(shapes.path("MetricAlarm").path("members").has(member)).as(member).isTrue();
    }
  }

  /** STS: the query protocol, as AWS SDK v2 2.40.x (StsClient) and the aws CLI v2 send it. */
  @Test
  void stsOperationsExistInTheModel() throws IOException {
    JsonNode model = model("sts-2011-06-15.service-2.json.gz");
    assertThat(model.path("metadata").path("protocol").asText()).isEqualTo("query");
    assertThat(model.path("metadata").path("apiVersion").asText()).isEqualTo(StsService.VERSION);
    assertThat(model.path("metadata").path("xmlNamespace").asText()).isEqualTo(StsService.NAMESPACE);
    Set<String> ops = new StsService((role, externalId) -> null).operations().keySet();
    assertThat(ops).containsExactlyInAnyOrder("AssumeRole", "GetCallerIdentity");
    for (String op : ops) {
      JsonNode operation = model.path("operations").path(op);
      assertThat(operation.path("http").path("requestUri").asText()).as("operation %s in the STS model", op)
          .isEqualTo("/");
      assertThat(operation.path("output").path("resultWrapper").asText()).isEqualTo(op + "Result");
    }
    JsonNode shapes = model.path("shapes");
    for (String member : List.of("RoleArn", "RoleSessionName", "ExternalId", "DurationSeconds")) {
      assertThat(shapes.path("AssumeRoleRequest").path("members").has(member)).as(member).isTrue();
    }
    for (String member : List.of("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")) {
      assertThat(shapes.path("Credentials").path("members").has(member)).as(member).isTrue();
    }
    for (String member : List.of("Credentials", "AssumedRoleUser")) {
      assertThat(shapes.path("AssumeRoleResponse").path("members").has(member)).as(member).isTrue();
    }
    for (String member : List.of("UserId", "Account", "Arn")) {
      assertThat(shapes.path("GetCallerIdentityResponse").path("members").has(member)).as(member).isTrue();
    }
  }

  @Test
  void lambdaRoutesMatchTheModel() throws IOException {
    JsonNode model = model("lambda-2015-03-31.service-2.json.gz");
    assertThat(model.path("metadata").path("protocol").asText()).isEqualTo("rest-json");
    List<Route> routes = new io.dynamobackup.localaws.lambda.LambdaService().routes();
    for (Route route : routes) {
      JsonNode op = model.path("operations").path(route.operation());
      assertThat(op.isMissingNode()).as("operation %s in the Lambda model", route.operation()).isFalse();
      assertThat(route.method()).as("HTTP method of %s", route.operation()).isEqualTo(op.path("http").path("method").asText());
      assertThat(route.requestUri()).as("requestUri of %s", route.operation())
          .isEqualTo(path(op.path("http").path("requestUri").asText()));
    }
    for (String code : List.of("ResourceNotFoundException", "ResourceConflictException",
        "InvalidParameterValueException")) {
      assertThat(model.path("shapes").path(code).path("exception").asBoolean()).as(code).isTrue();
    }
  }

  @Test
  void kinesisOperationsExistInTheModel() throws IOException {
    JsonNode model = model("kinesis-2013-12-02.service-2.json.gz");
    assertThat(model.path("metadata").path("targetPrefix").asText() + ".")
        .isEqualTo(io.dynamobackup.localaws.kinesis.KinesisService.TARGET_PREFIX);
    assertThat(model.path("metadata").path("jsonVersion").asText()).isEqualTo("1.1");
    for (String op : new io.dynamobackup.localaws.kinesis.KinesisService().operations().keySet()) {
      assertThat(model.path("operations").has(op)).as("operation %s in the Kinesis model", op).isTrue();
    }
  }
}
