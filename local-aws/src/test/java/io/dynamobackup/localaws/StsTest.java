package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS AssumeRole/GetCallerIdentity over the query protocol, through the unmodified SDK v2 StsClient. */
class StsTest extends LocalAwsTestBase {
  private static final String TENANT_ACCOUNT = "444455556666";
  private static final String TENANT_ROLE = "arn:aws:iam::444455556666:role/team-a-operator";

  private StsClient sts(StaticCredentialsProvider credentials) {
    return StsClient.builder().endpointOverride(endpoint()).region(Region.of(REGION)).credentialsProvider(credentials)
        .overrideConfiguration(noRetries()).build();
  }

  @Test
  void assumedCredentialsLandInTheRolesAccount() {
    aws.faults().requireExternalId(TENANT_ROLE, "xyz");
    try (StsClient sts = sts(credentials(ACCOUNT))) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo(ACCOUNT);
      AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn(TENANT_ROLE).roleSessionName("dynamo-backup-operator-team-a")
          .externalId("xyz").durationSeconds(900));
      assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
      assertThat(assumed.credentials().sessionToken()).isNotEmpty();
      // Wall-clock based (SDK providers compare it with the system clock), not the emulated clock.
      assertThat(assumed.credentials().expiration()).isBetween(Instant.now().plusSeconds(880), Instant.now().plusSeconds(901));
      assertThat(assumed.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::444455556666:assumed-role/team-a-operator/dynamo-backup-operator-team-a");

      StaticCredentialsProvider temporary = StaticCredentialsProvider.create(AwsSessionCredentials.create(
          assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(),
          assumed.credentials().sessionToken()));
      try (StsClient asTenant = sts(temporary);
          DynamoDbClient tenantDdb = DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
              .credentialsProvider(temporary).overrideConfiguration(noRetries()).build()) {
        var identity = asTenant.getCallerIdentity();
        assertThat(identity.account()).isEqualTo(TENANT_ACCOUNT);
        assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
        createTable(tenantDdb, "orders");
        assertThat(ddb(TENANT_ACCOUNT, REGION).listTables().tableNames()).containsExactly("orders");
        assertThat(ddb.listTables().tableNames()).isEmpty();
      }
    }
    List<CallRecord> calls = aws.calls();
    assertThat(calls).filteredOn(c -> c.operation().equals("AssumeRole"))
        .extracting(CallRecord::service, CallRecord::accountId, CallRecord::httpStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sts", ACCOUNT, 200));
    assertThat(calls).filteredOn(c -> c.operation().equals("CreateTable"))
        .extracting(CallRecord::accountId).containsExactly(TENANT_ACCOUNT);
  }

  @Test
  void wrongOrMissingExternalIdIsAccessDenied() {
    aws.faults().requireExternalId(TENANT_ROLE, "xyz");
    try (StsClient sts = sts(credentials(ACCOUNT))) {
      for (String externalId : new String[] {"wrong", null}) {
        assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(TENANT_ROLE).roleSessionName("s1").externalId(externalId)))
            .isInstanceOfSatisfying(StsException.class, e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage()).contains(TENANT_ROLE);
            });
      }
      // A role without a requirement can be assumed without an ExternalId.
      assertThat(sts.assumeRole(b -> b.roleArn("arn:aws:iam::444455556666:role/open").roleSessionName("s1"))
          .credentials().accessKeyId()).startsWith("ASIA");
      aws.faults().clear();
      assertThat(sts.assumeRole(b -> b.roleArn(TENANT_ROLE).roleSessionName("s1")).credentials()).isNotNull();
    }
    assertThat(aws.calls()).filteredOn(c -> c.operation().equals("AssumeRole")).extracting(CallRecord::httpStatus)
        .containsExactly(403, 403, 200, 200);
  }

  @Test
  void invalidParametersAreValidationErrors() {
    try (StsClient sts = sts(credentials(ACCOUNT))) {
      assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn("not-an-arn").roleSessionName("s1")))
          .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
      assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(TENANT_ROLE).roleSessionName("s1").durationSeconds(60)))
          .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
      assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(TENANT_ROLE).roleSessionName("bad name")))
          .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
      // the commercial STS endpoint cannot hand out credentials of a GovCloud role
      assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn("arn:aws-us-gov:iam::444455556666:role/ops")
          .roleSessionName("s1"))).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("partition aws-us-gov");
          });
    }
  }

  /** The SDK's own caching provider, as the operator uses it: one AssumeRole, then cached credentials. */
  @Test
  void stsAssumeRoleCredentialsProviderCachesAndSignsInTheRolesAccount() {
    aws.faults().requireExternalId(TENANT_ROLE, "xyz");
    try (StsClient sts = sts(credentials(ACCOUNT));
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
            .refreshRequest(b -> b.roleArn(TENANT_ROLE).roleSessionName("op").externalId("xyz")).build();
        BackupClient tenantBackup = BackupClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
            .credentialsProvider(provider).overrideConfiguration(noRetries()).build()) {
      tenantBackup.createBackupVault(b -> b.backupVaultName("team-a-vault"));
      tenantBackup.listBackupVaults();
      assertThat(backup(TENANT_ACCOUNT, REGION).listBackupVaults().backupVaultList()).hasSize(1);
    }
    assertThat(aws.callCount("AssumeRole")).isEqualTo(1);
    assertThat(aws.calls()).filteredOn(c -> c.service().equals("backup") && c.operation().contains("BackupVault"))
        .extracting(CallRecord::accountId).containsOnly(TENANT_ACCOUNT);
  }
}
