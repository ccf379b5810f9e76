package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the wire protocol with the real aws CLI v2 (Debian package awscli, /usr/bin/aws).
 * Skipped when /usr/bin/aws is absent; an older aws on PATH is deliberately not used.
 */
class AwsCliTest extends LocalAwsTestBase {
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void requireCli() {
    Assumptions.assumeTrue(Files.isExecutable(AWS),
        "/usr/bin/aws not installed (apt-get install -y awscli): skipping the aws CLI cross-check");
  }

  /** Runs the CLI and returns its stderr; the command must fail. */
  private String awsError(String... args) throws IOException, InterruptedException {
    try {
      aws(args);
    } catch (AssertionError e) {
      return e.getMessage();
    }
    throw new AssertionError("aws " + String.join(" ", args) + " succeeded but should have failed");
  }

  private JsonNode aws(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "--no-cli-pager", "--output", "json",
        "--endpoint-url", aws.endpoint().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", ACCOUNT);
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws " + String.join(" ", args) + " timed out");
    }
    String stdout = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError("aws " + String.join(" ", args) + " failed (" + p.exitValue() + "): "
          + new String(err, StandardCharsets.UTF_8));
    }
    return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
  }

  @Test
  void cliVersionIsV2() throws Exception {
    Process p = new ProcessBuilder(AWS.toString(), "--version").redirectErrorStream(true).start();
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertThat(version).startsWith("aws-cli/2.");
  }

  @Test
  void backupAndRestoreWithTheCli() throws Exception {
    String tableArn = aws("dynamodb", "create-table", "--table-name", "orders",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
        "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
        "--billing-mode", "PROVISIONED", "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=3")
        .path("TableDescription").path("TableArn").asText();
    assertThat(tableArn).isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/orders");
    aws("dynamodb", "batch-write-item", "--request-items", "{\"orders\":["
        + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}},"
        + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}}}},"
        + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"}}}}]}");
    aws("dynamodb", "put-item", "--table-name", "orders", "--item", "{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"9\"}}");
    assertThat(aws("backup", "create-backup-vault", "--backup-vault-name", "cli-vault")
        .path("BackupVaultArn").asText()).isEqualTo("arn:aws:backup:eu-west-1:111122223333:backup-vault:cli-vault");

    JsonNode started = aws("backup", "start-backup-job", "--backup-vault-name", "cli-vault",
        "--resource-arn", tableArn, "--iam-role-arn", ROLE, "--recovery-point-tags", "team=cli");
    String jobId = started.path("BackupJobId").asText();
    assertThat(aws("backup", "describe-backup-job", "--backup-job-id", jobId).path("State").asText())
        .isEqualTo("CREATED");
    clock.advance(Duration.ofMinutes(1));
    JsonNode job = aws("backup", "describe-backup-job", "--backup-job-id", jobId);
    assertThat(job.path("State").asText()).isEqualTo("COMPLETED");
    String rp = job.path("RecoveryPointArn").asText();

    JsonNode points = aws("backup", "list-recovery-points-by-backup-vault", "--backup-vault-name", "cli-vault");
    assertThat(points.path("RecoveryPoints")).hasSize(1);
    assertThat(points.path("RecoveryPoints").get(0).path("RecoveryPointArn").asText()).isEqualTo(rp);
    assertThat(aws("backup", "list-tags", "--resource-arn", rp).path("Tags").path("team").asText()).isEqualTo("cli");
    assertThat(aws("backup", "list-recovery-points-by-resource", "--resource-arn", tableArn)
        .path("RecoveryPoints")).hasSize(1);

    String restoreId = aws("backup", "start-restore-job", "--recovery-point-arn", rp, "--iam-role-arn", ROLE,
        "--resource-type", "DynamoDB", "--metadata", "targetTableName=orders-restored")
        .path("RestoreJobId").asText();
    clock.advance(Duration.ofMinutes(1));
    JsonNode restore = aws("backup", "describe-restore-job", "--restore-job-id", restoreId);
    assertThat(restore.path("Status").asText()).isEqualTo("COMPLETED");
    assertThat(restore.path("CreatedResourceArn").asText()).endsWith(":table/orders-restored");

    JsonNode table = aws("dynamodb", "describe-table", "--table-name", "orders-restored").path("Table");
    assertThat(table.path("TableStatus").asText()).isEqualTo("ACTIVE");
    assertThat(table.path("ItemCount").asLong()).isEqualTo(4);
    assertThat(table.path("ProvisionedThroughput").path("ReadCapacityUnits").asLong()).isEqualTo(5);
    assertThat(aws("dynamodb", "query", "--table-name", "orders-restored", "--key-condition-expression", "pk = :p",
        "--expression-attribute-values", "{\":p\":{\"S\":\"a\"}}").path("Count").asInt()).isEqualTo(2);
  }

  @Test
  void cliSeesAwsErrorCodes() throws Exception {
    try {
      aws("backup", "describe-backup-vault", "--backup-vault-name", "missing");
      throw new IllegalStateException("expected a failure");
    } catch (AssertionError e) {
      assertThat(e.getMessage()).contains("(ResourceNotFoundException)").contains("DescribeBackupVault");
    }
    try {
      aws("dynamodb", "describe-table", "--table-name", "missing");
      throw new IllegalStateException("expected a failure");
    } catch (AssertionError e) {
      assertThat(e.getMessage()).contains("(ResourceNotFoundException)").contains("DescribeTable");
    }
  }

  @Test
  void taggingApiWithTheCli() throws Exception {
    for (String table : List.of("gold-orders", "silver-logs")) {
      aws("dynamodb", "create-table", "--table-name", table, "--attribute-definitions",
          "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
          "--billing-mode", "PAY_PER_REQUEST", "--tags", "Key=backup,Value=" + table.substring(0, table.indexOf('-')));
    }
    JsonNode gold = aws("resourcegroupstaggingapi", "get-resources", "--tag-filters", "Key=backup,Values=gold",
        "--resource-type-filters", "dynamodb:table");
    assertThat(gold.path("ResourceTagMappingList")).hasSize(1);
    String goldArn = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/gold-orders";
    assertThat(gold.at("/ResourceTagMappingList/0/ResourceARN").asText()).isEqualTo(goldArn);
    assertThat(gold.at("/ResourceTagMappingList/0/Tags/0/Value").asText()).isEqualTo("gold");
    // the CLI pages through every page itself (PaginationToken) and prints them as one list
    JsonNode all = aws("resourcegroupstaggingapi", "get-resources", "--tag-filters", "Key=backup",
        "--page-size", "1");
    assertThat(all.path("ResourceTagMappingList")).hasSize(2);
    assertThat(awsError("resourcegroupstaggingapi", "get-resources", "--resource-arn-list", goldArn,
        "--tag-filters", "Key=backup")).contains("(InvalidParameterException)");
  }

  @Test
  void autoScalingAndAlarmsWithTheCli() throws Exception {
    aws("dynamodb", "create-table", "--table-name", "orders",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
        "--billing-mode", "PROVISIONED", "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=3");
    // (aws CLI 2.9's model predates ScalableTargetARN in the response, so it prints nothing here)
    aws("application-autoscaling", "register-scalable-target", "--service-namespace", "dynamodb",
        "--resource-id", "table/orders", "--scalable-dimension", "dynamodb:table:ReadCapacityUnits",
        "--min-capacity", "5", "--max-capacity", "50");
    JsonNode policy = aws("application-autoscaling", "put-scaling-policy", "--service-namespace", "dynamodb",
        "--resource-id", "table/orders", "--scalable-dimension", "dynamodb:table:ReadCapacityUnits",
        "--policy-name", "reads", "--policy-type", "TargetTrackingScaling",
        "--target-tracking-scaling-policy-configuration", "{\"TargetValue\":70.0,\"PredefinedMetricSpecification\":"
            + "{\"PredefinedMetricType\":\"DynamoDBReadCapacityUtilization\"},\"ScaleInCooldown\":60,"
            + "\"ScaleOutCooldown\":60}");
    assertThat(policy.path("Alarms")).hasSize(2);
    JsonNode targets = aws("application-autoscaling", "describe-scalable-targets", "--service-namespace", "dynamodb",
        "--resource-ids", "table/orders").path("ScalableTargets");
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).path("MaxCapacity").asInt()).isEqualTo(50);
    JsonNode policies = aws("application-autoscaling", "describe-scaling-policies", "--service-namespace", "dynamodb",
        "--resource-id", "table/orders").path("ScalingPolicies");
    assertThat(policies.get(0).path("TargetTrackingScalingPolicyConfiguration").path("TargetValue").asDouble())
        .isEqualTo(70.0);

    aws("cloudwatch", "put-metric-alarm", "--alarm-name", "orders-throttled", "--namespace", "AWS/DynamoDB",
        "--metric-name", "ThrottledRequests", "--dimensions", "Name=TableName,Value=orders",
        "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1",
        "--comparison-operator", "GreaterThanOrEqualToThreshold");
    JsonNode alarms = aws("cloudwatch", "describe-alarms", "--alarm-names", "orders-throttled").path("MetricAlarms");
    assertThat(alarms).hasSize(1);
    assertThat(alarms.get(0).path("Dimensions").get(0).path("Value").asText()).isEqualTo("orders");
    assertThat(alarms.get(0).path("Threshold").asDouble()).isEqualTo(1.0);
    assertThat(aws("cloudwatch", "describe-alarms", "--alarm-name-prefix", "TargetTracking-table/orders-")
        .path("MetricAlarms")).hasSize(2);
    aws("cloudwatch", "delete-alarms", "--alarm-names", "orders-throttled");
    aws("application-autoscaling", "deregister-scalable-target", "--service-namespace", "dynamodb",
        "--resource-id", "table/orders", "--scalable-dimension", "dynamodb:table:ReadCapacityUnits");
    assertThat(aws("cloudwatch", "describe-alarms").path("MetricAlarms")).isEmpty();
  }

  /** The CLI prints local-aws's refusals like AWS's: the error code of the protocol and AWS's wording. */
  @Test
  void cliShowsAwsShapedErrorsForInvalidRequests() throws Exception {
    assertThat(awsError("dynamodb", "create-table", "--table-name", "bad!name", "--billing-mode", "PAY_PER_REQUEST",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH"))
        .contains("An error occurred (ValidationException) when calling the CreateTable operation: 1 validation error"
            + " detected: Value 'bad!name' at 'tableName' failed to satisfy constraint: Member must satisfy regular"
            + " expression pattern: [a-zA-Z0-9_.-]+");
    String tableArn = aws("dynamodb", "create-table", "--table-name", "orders", "--billing-mode", "PROVISIONED",
        "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=5",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH")
        .path("TableDescription").path("TableArn").asText();
    assertThat(awsError("dynamodb", "tag-resource", "--resource-arn", tableArn, "--tags",
        "Key=team,Value=" + "x".repeat(300)))
        .contains("(ValidationException) when calling the TagResource operation: 1 validation error detected: Value '"
            + "x".repeat(300) + "' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less"
            + " than or equal to 256");
    assertThat(aws("dynamodb", "list-tags-of-resource", "--resource-arn", tableArn).path("Tags")).isEmpty();

    aws("backup", "create-backup-vault", "--backup-vault-name", "prod");
    String jobId = aws("backup", "start-backup-job", "--backup-vault-name", "prod", "--resource-arn", tableArn,
        "--iam-role-arn", "arn:aws:iam::111122223333:role/backup").path("BackupJobId").asText();
    clock.advance(Duration.ofMinutes(1));
    String rp = aws("backup", "describe-backup-job", "--backup-job-id", jobId).path("RecoveryPointArn").asText();
    assertThat(awsError("backup", "start-copy-job", "--recovery-point-arn", rp, "--source-backup-vault-name", "prod",
        "--destination-backup-vault-arn", "arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:gov-dr",
        "--iam-role-arn", "arn:aws:iam::111122223333:role/backup"))
        .contains("(InvalidParameterValueException) when calling the StartCopyJob operation: Cannot copy from eu-west-1"
            + " (partition aws) to us-gov-west-1 (partition aws-us-gov)");

    assertThat(awsError("cloudwatch", "put-metric-alarm", "--alarm-name", "orders-throttled", "--namespace",
        "AWS/DynamoDB", "--metric-name", "ThrottledRequests", "--statistic", "Sum", "--period", "7",
        "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanOrEqualToThreshold"))
        .contains("(ValidationError) when calling the PutMetricAlarm operation: Period must be 10, 20, 30 or a multiple"
            + " of 60 seconds (was 7)");
    assertThat(awsError("application-autoscaling", "register-scalable-target", "--service-namespace", "dynamodb",
        "--resource-id", "table/orders", "--scalable-dimension", "dynamodb:table:ReadCapacityUnits",
        "--min-capacity", "10", "--max-capacity", "5"))
        .contains("(ValidationException) when calling the RegisterScalableTarget operation: Minimum capacity cannot be"
            + " greater than maximum capacity (10 > 5)");
  }

  @Test
  void pointInTimeRecoveryAndThrottlingWithTheCli() throws Exception {
    aws("dynamodb", "create-table", "--table-name", "orders",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
        "--billing-mode", "PROVISIONED", "--provisioned-throughput", "ReadCapacityUnits=1,WriteCapacityUnits=1");
    aws("dynamodb", "update-continuous-backups", "--table-name", "orders",
        "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true");
    clock.advance(Duration.ofMinutes(1));
    aws("dynamodb", "put-item", "--table-name", "orders", "--item", "{\"pk\":{\"S\":\"a\"}}");
    clock.advance(Duration.ofMinutes(10));
    JsonNode window = aws("dynamodb", "describe-continuous-backups", "--table-name", "orders")
        .path("ContinuousBackupsDescription").path("PointInTimeRecoveryDescription");
    assertThat(window.path("PointInTimeRecoveryStatus").asText()).isEqualTo("ENABLED");
    assertThat(window.path("LatestRestorableDateTime").isMissingNode()).isFalse();
    JsonNode restored = aws("dynamodb", "restore-table-to-point-in-time", "--source-table-name", "orders",
        "--target-table-name", "orders-pitr", "--use-latest-restorable-time").path("TableDescription");
    assertThat(restored.path("RestoreSummary").path("SourceTableArn").asText())
        .isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/orders");
    assertThat(awsError("dynamodb", "restore-table-to-point-in-time", "--source-table-name", "orders",
        "--target-table-name", "too-early", "--restore-date-time", "2020-01-01T00:00:00Z"))
        .contains("(InvalidRestoreTimeException) when calling the RestoreTableToPointInTime operation");

    // One WCU: 300 seconds of burst, then throttled (the CLI's own retries see the same clock, so they fail too).
    var client = ddb(ACCOUNT, "eu-west-1");
    for (int i = 0; i < 300; i++) {
      client.putItem(b -> b.tableName("orders").item(java.util.Map.of("pk", s("x"))));
    }
    assertThat(awsError("dynamodb", "put-item", "--table-name", "orders", "--item",
        "{\"pk\":{\"S\":\"b\"}}"))
        .contains("(ProvisionedThroughputExceededException) when calling the PutItem operation");
  }
}
