package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.TenancyPolicy;
import io.dynamobackup.operator.testing.UnsupportedInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a recovery point really is decides; every lookup is one the tenancy rule asks for, in order. */
class RecoveryPointAccessTest {
  static final String POINT = "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1";
  static final String NATIVE = "arn:aws:dynamodb:eu-west-1:111122223333:table/team-c-secrets/backup/0169-abc";
  static final TenancyPolicy POLICY = TenancyPolicy.parse("""
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1]
          backupVaults: [team-a-vault, "team-a-dr-*", "arn:aws:backup:eu-west-1:111122223333:backup-vault:shared"]
          tables: ["team-a-*"]
        - namespaces: [team-b]
          accounts: ["111122223333"]
          regions: [eu-west-1]
          backupVaults: [team-b-vault]
          tables: ["team-b-*"]
      """, "test");

  final Aws aws = new Aws();
  final RecoveryPointAccess access = new RecoveryPointAccess(TenancyGuard.of(POLICY), aws);

  @Test
  void aPointWhereItIsExpectedCostsOneLookup() {
    aws.points.put(POINT, "team-a-vault");
    assertThat(access.check("team-a", POINT, "team-a-vault", "spec.source.backupRef").denied()).isFalse();
    assertThat(aws.lookups).containsExactly("DescribeRecoveryPoint team-a-vault");
  }

  @Test
  void aPointIsLookedForInTheVaultsTheRuleNamesThenInThoseItsPatternsMatch() {
    aws.vaults.addAll(List.of("team-a-vault", "team-a-dr-1", "team-b-vault", "shared"));
    aws.points.put(POINT, "shared");
    assertThat(access.check("team-a", POINT, null, "spec.source.recoveryPointArn").denied()).isFalse();
    assertThat(aws.lookups).containsExactly("DescribeRecoveryPoint team-a-vault", "DescribeRecoveryPoint shared");

    aws.lookups.clear();
    aws.points.put(POINT, "team-a-dr-1");
    assertThat(access.check("team-a", POINT, null, "spec.source.recoveryPointArn").denied()).isFalse();
    assertThat(aws.lookups).containsExactly("DescribeRecoveryPoint team-a-vault", "DescribeRecoveryPoint shared",
        "ListBackupVaults eu-west-1", "DescribeRecoveryPoint team-a-dr-1");
  }

  @Test
  void aPointInAnotherTeamsVaultIsFoundInNoneOfOursAndDenied() {
    aws.vaults.addAll(List.of("team-a-vault", "team-a-dr-1", "team-b-vault"));
    aws.points.put(POINT, "team-b-vault");
    TenancyGuard.Check check = access.check("team-a", POINT, "team-a-vault", "spec.source.recoveryPointArn");
    assertThat(check.message()).isEqualTo("spec.source.recoveryPointArn: recovery point " + POINT + " not allowed"
        + " for namespace team-a (tenancy rule backupVaults: [team-a-vault, team-a-dr-*,"
        + " arn:aws:backup:eu-west-1:111122223333:backup-vault:shared]); DescribeRecoveryPoint finds it in none of the"
        + " vaults [team-a-vault, shared, team-a-dr-1] in 111122223333/eu-west-1");
    assertThat(check.denials()).singleElement().satisfies(d ->
        assertThat(d.field()).isEqualTo("spec.source.recoveryPointArn"));
  }

  @Test
  void theVaultAwsReportsIsCheckedNotTheOneExpected() {
    // A status claims team-b-vault; AWS finds the point there, and team-a may not use that vault.
    aws.points.put(POINT, "team-b-vault");
    TenancyGuard.Check check = access.check("team-a", POINT, "team-b-vault", "spec.source.backupRef");
    assertThat(check.message()).isEqualTo("spec.source.backupRef: recovery point " + POINT + " in backup vault"
        + " arn:aws:backup:eu-west-1:111122223333:backup-vault:team-b-vault not allowed for namespace team-a (tenancy"
        + " rule backupVaults: [team-a-vault, team-a-dr-*, arn:aws:backup:eu-west-1:111122223333:backup-vault:shared])");
  }

  @Test
  void aPointOfAnotherNamespaceIsCheckedAgainstThatNamespacesRule() {
    aws.points.put(POINT, "team-b-vault");
    assertThat(access.check("team-b", POINT, "team-b-vault", "spec.source.backupRef").denied()).isFalse();
  }

  @Test
  void aDynamoDbNativeBackupOutsideAwsBackupBelongsToItsTable() {
    aws.nativeBackups.put(NATIVE, new Inventory.NativeBackup("USER", "team-c-secrets"));
    assertThat(access.check("team-a", NATIVE, null, "spec.source.recoveryPointArn").message())
        .isEqualTo("spec.source.recoveryPointArn: backup " + NATIVE + " of table team-c-secrets not allowed for"
            + " namespace team-a (tenancy rule tables: [team-a-*])");
    assertThat(aws.lookups).containsExactly("DescribeBackup " + NATIVE);

    String own = NATIVE.replace("team-c-secrets", "team-a-orders");
    aws.nativeBackups.put(own, new Inventory.NativeBackup("USER", "team-a-orders"));
    assertThat(access.check("team-a", own, null, "spec.source.recoveryPointArn").denied()).isFalse();
  }

  @Test
  void aDynamoDbBackupThatAwsBackupKeepsIsLookedForInTheVaults() {
    aws.nativeBackups.put(NATIVE, new Inventory.NativeBackup("AWS_BACKUP", "team-c-secrets"));
    aws.points.put(NATIVE, "team-a-vault");
    assertThat(access.check("team-a", NATIVE, "team-a-vault", "spec.source.recoveryPointArn").denied()).isFalse();
  }

  @Test
  void withoutAPolicyNothingIsCheckedAndNothingCalled() {
    RecoveryPointAccess singleTenant = new RecoveryPointAccess(TenancyGuard.singleTenant(), aws);
    assertThat(singleTenant.check("anything", POINT, null, "spec.source.recoveryPointArn").denied()).isFalse();
    assertThat(aws.lookups).isEmpty();
  }

  @Test
  void aNamespaceWithoutTenantIsDeniedWithoutALookup() {
    assertThat(access.check("team-z", POINT, null, "spec.source.recoveryPointArn").denials())
        .extracting(TenancyGuard.Denial::field).containsExactly("metadata.namespace");
    assertThat(aws.lookups).isEmpty();
  }

  /** What AWS holds in account 111122223333, eu-west-1, and which lookups were made. */
  static final class Aws extends UnsupportedInventory {
    final Map<String, String> points = new LinkedHashMap<>();
    final List<String> vaults = new ArrayList<>();
    final Map<String, NativeBackup> nativeBackups = new LinkedHashMap<>();
    final List<String> lookups = new ArrayList<>();

    @Override
    public Optional<String> recoveryPointVaultArn(String recoveryPointArn, String backupVaultName) {
      lookups.add("DescribeRecoveryPoint " + backupVaultName);
      return backupVaultName.equals(points.get(recoveryPointArn))
          ? Optional.of("arn:aws:backup:eu-west-1:111122223333:backup-vault:" + backupVaultName) : Optional.empty();
    }

    @Override
    public List<String> backupVaultNames(String region) {
      lookups.add("ListBackupVaults " + region);
      return vaults;
    }

    @Override
    public Optional<NativeBackup> nativeBackup(String backupArn) {
      lookups.add("DescribeBackup " + backupArn);
      return Optional.ofNullable(nativeBackups.get(backupArn));
    }

  }
}
