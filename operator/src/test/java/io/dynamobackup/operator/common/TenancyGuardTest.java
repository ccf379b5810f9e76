package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyGuardTest {
  static final String POLICY = """
      tenants:
        - namespaces: [team-a]
          accounts: ["111122223333"]
          regions: [eu-west-1, us-west-2]
          iamRoles: ["arn:aws:iam::111122223333:role/team-a-*"]
          backupVaults: [team-a-vault, "arn:aws:backup:*:444455556666:backup-vault:dr-team-a-*"]
          tables: ["team-a-*"]
          readRecoveryPointsOf: [team-a-staging]
        - namespaces: [team-b, "team-b-*"]
          accounts: ["111122223333", "444455556666"]
          regions: [eu-west-1]
          iamRoles: ["arn:aws:iam::111122223333:role/team-b"]
          backupVaults: [team-b-vault]
          tables: ["*"]
      """;
  private final TenancyGuard guard = TenancyGuard.of(TenancyPolicy.parse(POLICY, "test"));

  @Test
  void globsMatchExactlyOrWithStars() {
    assertThat(TenancyPolicy.matches("team-a-*", "team-a-orders")).isTrue();
    assertThat(TenancyPolicy.matches("team-a-*", "team-b-orders")).isFalse();
    assertThat(TenancyPolicy.matches("*-vault", "x-vault")).isTrue();
    assertThat(TenancyPolicy.matches("a*b*c", "aXXbYc")).isTrue();
    assertThat(TenancyPolicy.matches("a.b", "aXb")).as("dots are literal").isFalse();
    assertThat(TenancyPolicy.matches("orders", "orders2")).isFalse();
    assertThat(TenancyPolicy.matches("*", "")).isTrue();
    assertThat(TenancyPolicy.matches("a*a", "a")).as("prefix and suffix may not overlap").isFalse();
    assertThat(TenancyPolicy.matches("a*b*b", "abb")).isTrue();
    assertThat(TenancyPolicy.matches("a*b*b", "ab")).isFalse();
    assertThat(TenancyPolicy.matches("*x*y*", "yyxzy")).isTrue();
    assertThat(TenancyPolicy.matches("*x*y*", "yyzx")).as("pieces in order").isFalse();
    assertThat(TenancyPolicy.matches("team-**", "team-")).isTrue();
    assertThat(TenancyPolicy.matches("[a]*", "[a]b")).as("regex characters are literal").isTrue();
  }

  @Test
  void withoutAPolicyEverythingIsAllowed() {
    TenancyGuard single = TenancyGuard.singleTenant();
    assertThat(single.enabled()).isFalse();
    assertThat(single.check("anything").role("arn:aws:iam::999999999999:role/x", "spec.iamRoleArn")
        .table(byName("x", "ap-south-1"), "spec.table").vault("v", "spec.backupVault")
        .vaultArn("arn:aws:backup:us-east-1:999999999999:backup-vault:v", "spec.copies[0].backupVaultArn")
        .readsNamespace("other", "spec.source.backupRef.namespace").denied()).isFalse();
  }

  @Test
  void aNamespaceWithoutTenantIsDeniedEverything() {
    var check = guard.check("team-c").role("arn:aws:iam::111122223333:role/team-a-backup", "spec.iamRoleArn");
    assertThat(check.denials()).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo("metadata.namespace");
      assertThat(d.message()).contains("namespace team-c matches no tenant").contains("default-deny");
    });
  }

  @Test
  void namespacePatternsSelectTheFirstMatchingTenant() {
    assertThat(guard.check("team-b-dev").role("arn:aws:iam::111122223333:role/team-b", "spec.iamRoleArn").denied())
        .isFalse();
  }

  @Test
  void eachFieldIsCheckedAgainstItsRuleAndNamedInTheMessage() {
    var check = guard.check("team-a")
        .role("arn:aws:iam::111122223333:role/team-b", "spec.iamRoleArn")
        .vault("team-b-vault", "spec.backupVault")
        .region("us-east-1", "spec.target.region")
        .tableName("team-b-orders", "spec.target.tableName");
    assertThat(check.denials()).extracting(TenancyGuard.Denial::field)
        .containsExactly("spec.iamRoleArn", "spec.backupVault", "spec.target.region", "spec.target.tableName");
    assertThat(check.denials().get(0).message()).isEqualTo("spec.iamRoleArn: arn:aws:iam::111122223333:role/team-b"
        + " not allowed for namespace team-a (tenancy rule iamRoles: [arn:aws:iam::111122223333:role/team-a-*])");
    assertThat(check.message()).contains("(tenancy rule backupVaults: [team-a-vault,")
        .contains("(tenancy rule regions: [eu-west-1, us-west-2])").contains("(tenancy rule tables: [team-a-*])");
  }

  @Test
  void allowedValuesPass() {
    assertThat(guard.check("team-a")
        .role("arn:aws:iam::111122223333:role/team-a-backup", "spec.iamRoleArn")
        .vault("team-a-vault", "spec.backupVault")
        .table(byName("team-a-orders", "us-west-2"), "spec.table")
        .table(byArn("arn:aws:dynamodb:eu-west-1:111122223333:table/team-a-x"), "spec.table")
        .recoveryPoint("arn:aws:backup:eu-west-1:111122223333:recovery-point:abc", "spec.source.recoveryPointArn")
        .readsNamespace("team-a", "spec.source.backupRef.namespace")
        .readsNamespace(null, "spec.source.backupRef.namespace")
        .readsNamespace("team-a-staging", "spec.source.backupRef.namespace")
        .denials()).isEmpty();
  }

  @Test
  void copyDestinationsAreVaultArnsCheckedForAccountRegionAndVault() {
    // account 444455556666 is not one of team-a's accounts, although the vault ARN pattern matches
    var check = guard.check("team-a")
        .vaultArn("arn:aws:backup:us-west-2:444455556666:backup-vault:dr-team-a-1", "spec.copies[0].backupVaultArn")
        .vaultArn("arn:aws:backup:us-west-2:111122223333:backup-vault:team-a-vault", "spec.copies[1].backupVaultArn")
        .vaultArn("arn:aws:backup:ap-south-1:111122223333:backup-vault:team-a-vault", "spec.copies[2].backupVaultArn")
        .vaultArn("arn:aws:backup:us-west-2:111122223333:backup-vault:other", "spec.copies[3].backupVaultArn");
    assertThat(check.denials()).extracting(TenancyGuard.Denial::field).containsExactly(
        "spec.copies[0].backupVaultArn", "spec.copies[2].backupVaultArn", "spec.copies[3].backupVaultArn");
    assertThat(check.denials().get(0).message()).contains("(tenancy rule accounts: [111122223333])");
    assertThat(check.denials().get(1).message()).contains("(tenancy rule regions:");
    assertThat(check.denials().get(2).message()).contains("(tenancy rule backupVaults:");
  }

  @Test
  void aTableByNameNeedsASingleAccountOrTheArnForm() {
    assertThat(guard.check("team-b").table(byName("orders", "eu-west-1"), "spec.table").denials())
        .singleElement().satisfies(d -> {
          assertThat(d.field()).isEqualTo("spec.table.name");
          assertThat(d.message()).contains("unknown before calling AWS").contains("name the table by spec.table.arn");
        });
    assertThat(guard.check("team-b").table(byArn("arn:aws:dynamodb:eu-west-1:444455556666:table/orders"),
        "spec.table").denied()).isFalse();
    assertThat(guard.check("team-a").table(byArn("arn:aws:dynamodb:eu-west-1:444455556666:table/team-a-x"),
        "spec.table").denials()).extracting(TenancyGuard.Denial::field).containsExactly("spec.table.arn");
  }

  @Test
  void recoveryPointsAndOtherNamespaces() {
    var check = guard.check("team-a")
        .recoveryPoint("arn:aws:backup:eu-west-1:444455556666:recovery-point:abc", "spec.source.recoveryPointArn")
        .readsNamespace("team-b", "spec.source.backupRef.namespace");
    assertThat(check.denials()).extracting(TenancyGuard.Denial::message).containsExactly(
        "spec.source.recoveryPointArn: 444455556666 not allowed for namespace team-a (tenancy rule accounts:"
            + " [111122223333])",
        "spec.source.backupRef.namespace: team-b not allowed for namespace team-a (tenancy rule"
            + " readRecoveryPointsOf: [team-a-staging])");
  }

  @Test
  void missingListsAllowNothingAndBadFilesAreRejected() {
    TenancyGuard empty = TenancyGuard.of(TenancyPolicy.parse("tenants: [{namespaces: [x]}]", "test"));
    assertThat(empty.check("x").region("eu-west-1", "spec.table.region").denied()).isTrue();
    assertThatThrownBy(() -> TenancyPolicy.parse("tenants: [{namespaces: [x], regionz: [a]}]", "p.yaml"))
        .hasMessageContaining("p.yaml").hasMessageContaining("regionz");
    assertThatThrownBy(() -> TenancyPolicy.parse("tenants: [{accounts: ['1']}]", "p.yaml"))
        .hasMessageContaining("tenants[0].namespaces");
    assertThatThrownBy(() -> TenancyPolicy.parse("other: 1", "p.yaml")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deniedFieldsAreCountedWithoutListIndexes() {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new OperatorMetrics(registry).tenancyDenied("team-a", "DynamoBackup", guard.check("team-a")
        .vaultArn("arn:aws:backup:us-west-2:111122223333:backup-vault:x", "spec.copies[3].backupVaultArn").denials());
    assertThat(registry.get("dynamobackup_tenancy_denials").tags(Map.of("namespace", "team-a", "kind",
        "DynamoBackup", "field", "spec.copies[].backupVaultArn").entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new)).counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aTenantMayNameTheRoleTheOperatorAssumesForIt() {
    TenancyGuard withRoles = TenancyGuard.of(TenancyPolicy.parse("""
        tenants:
          - namespaces: [team-a]
            assumeRole: {roleArn: "arn:aws:iam::444455556666:role/team-a-operator", externalId: team-a-7f3c}
          - namespaces: [team-b]
        """, "p.yaml"));
    assertThat(withRoles.assumeRoleFor("team-a")).contains(
        new TenancyPolicy.AssumeRole("arn:aws:iam::444455556666:role/team-a-operator", "team-a-7f3c"));
    assertThat(withRoles.assumeRoleFor("team-b")).as("no assumeRole: the operator's own identity").isEmpty();
    assertThat(withRoles.assumeRoleFor("team-c")).isEmpty();
    assertThat(TenancyGuard.singleTenant().assumeRoleFor("team-a")).isEmpty();
    assertThatThrownBy(() -> TenancyPolicy.parse("tenants: [{namespaces: [a], assumeRole: {roleArn: team-a}}]", "p.yaml"))
        .hasMessageContaining("tenants[0].assumeRole.roleArn");
    assertThatThrownBy(() -> TenancyPolicy.parse(
        "tenants: [{namespaces: [a], assumeRole: {roleArn: 'arn:aws:iam::444455556666:role/x', externalID: y}}]",
        "p.yaml")).as("unknown keys are errors").hasMessageContaining("externalID");
    assertThatThrownBy(() -> TenancyPolicy.parse(
        "tenants: [{namespaces: [a], assumeRole: {roleArn: 'arn:aws:iam::444455556666:role/x', externalId: y}}]",
        "p.yaml")).hasMessageContaining("tenants[0].assumeRole.externalId");
  }

  private static TableReference byName(String name, String region) {
    TableReference table = new TableReference();
    table.name = name;
    table.region = region;
    return table;
  }

  private static TableReference byArn(String arn) {
    TableReference table = new TableReference();
    table.arn = arn;
    return table;
  }
}
