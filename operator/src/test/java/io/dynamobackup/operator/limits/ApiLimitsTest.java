package io.dynamobackup.operator.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiLimitsTest {
  @Test
  void callsBelongToTheFamilyOfTheirQuota() {
    assertThat(ApiFamily.of("Backup", "StartBackupJob")).contains(ApiFamily.START_BACKUP_JOB);
    assertThat(ApiFamily.of("Backup", "DescribeBackupJob")).contains(ApiFamily.BACKUP_READS);
    assertThat(ApiFamily.of("Backup", "TagResource")).contains(ApiFamily.BACKUP_WRITES);
    assertThat(ApiFamily.of("DynamoDb", "RestoreTableFromBackup")).contains(ApiFamily.RESTORE_TABLE_FROM_BACKUP);
    assertThat(ApiFamily.of("DynamoDb", "DescribeTimeToLive")).contains(ApiFamily.DYNAMODB_CONTROL_PLANE);
    assertThat(ApiFamily.of("DynamoDb", "Scan")).as("the data plane is paid for in capacity").isEmpty();
    assertThat(ApiFamily.of("CloudWatch", "PutMetricAlarm")).contains(ApiFamily.ALARM_WRITES);
    assertThat(ApiFamily.of("ResourceGroupsTaggingApi", "GetResources")).contains(ApiFamily.GET_RESOURCES);
    assertThat(ApiFamily.of("Sts", "AssumeRole")).isEmpty();
  }

  @Test
  void aCallThatFindsNoPermitInTimeFailsAsRetriableAndIsCounted() {
    var registry = new SimpleMeterRegistry();
    var limits = new ApiLimits(Map.of(ApiFamily.DESCRIBE_ALARMS, 0.001), 50, Duration.ZERO, registry);
    limits.pace("self", "eu-west-1", "CloudWatch", "DescribeAlarms");
    assertThatThrownBy(() -> limits.pace("self", "eu-west-1", "CloudWatch", "DescribeAlarms"))
        .isInstanceOf(ApiLimits.RateLimitExceeded.class)
        .hasMessageContaining("DescribeAlarms in the operator's account/eu-west-1")
        .hasMessageContaining("rateLimit.describeAlarms = 0.00/s");
    limits.pace("self", "us-west-2", "CloudWatch", "DescribeAlarms"); // another Region has its own quota
    limits.pace("444455556666", "eu-west-1", "CloudWatch", "DescribeAlarms"); // and another account
    assertThat(registry.get("dynamobackup_aws_rate_limited").tag("family", "describeAlarms")
        .tag("outcome", "refused").counter().count()).isEqualTo(1);
  }

  @Test
  void zeroMeansNoClientSideLimit() {
    var limits = new ApiLimits(Map.of(ApiFamily.DESCRIBE_ALARMS, 0.0), 50, Duration.ZERO, new SimpleMeterRegistry());
    for (int i = 0; i < 100; i++) {
      limits.pace("self", "eu-west-1", "CloudWatch", "DescribeAlarms");
    }
    assertThat(limits.describe(ApiFamily.DESCRIBE_ALARMS)).isEqualTo("rateLimit.describeAlarms = unlimited");
    assertThat(limits.describe(ApiFamily.START_BACKUP_JOB)).isEqualTo("rateLimit.startBackupJob = 5/s");
  }
}
