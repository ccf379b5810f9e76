package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.aws.Arn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks what a namespace's object asks the operator to do against the {@link TenancyPolicy}, before any AWS call.
 * Without a policy the operator is single-tenant and everything is allowed. With one, a namespace that matches no
 * tenant is denied everything, and each field is denied unless the tenant's rule for it allows the value. Every
 * denial names the field, the value, the namespace and the rule.
 */
public final class TenancyGuard {
  /** Reason of the Ready condition of a denied object. */
  public static final String REASON = "NotPermitted";

  /** One denied field: {@code field} is the spec path (for the metric), {@code message} the full explanation. */
  public record Denial(String field, String message) {}

  private final Optional<TenancyPolicy> policy;

  private TenancyGuard(Optional<TenancyPolicy> policy) {
    this.policy = policy;
  }

  public static TenancyGuard singleTenant() {
    return new TenancyGuard(Optional.empty());
  }

  public static TenancyGuard of(TenancyPolicy policy) {
    return new TenancyGuard(Optional.of(policy));
  }

  /** The guard the operator's configuration asks for: the policy file's, or single-tenant when there is none. */
  public static TenancyGuard from(OperatorConfig config) {
    return config.tenancyPolicyFile().map(TenancyPolicy::load).map(TenancyGuard::of).orElseGet(TenancyGuard::singleTenant);
  }

  /** The role the operator assumes for {@code namespace} (its tenant's {@code assumeRole}), if any. */
  public Optional<TenancyPolicy.AssumeRole> assumeRoleFor(String namespace) {
    return policy.flatMap(p -> p.assumeRoleFor(namespace));
  }

  /** The tables rule of {@code namespace}'s tenant (empty when none matches or there is no policy). */
  public List<String> tablesRule(String namespace) {
    return policy.flatMap(p -> p.tenantFor(namespace)).map(TenancyPolicy.Tenant::tables).orElse(List.of());
  }

  /** Whether a policy is in force (multi-tenant mode). */
  public boolean enabled() {
    return policy.isPresent();
  }

  /** Starts the checks of one object in {@code namespace}. */
  public Check check(String namespace) {
    return new Check(namespace);
  }

  /** The checks of one object; each method adds the denials of one field. */
  public final class Check {
    private final String namespace;
    private final TenancyPolicy.Tenant tenant;
    private final List<Denial> denials = new ArrayList<>();

    private Check(String namespace) {
      this.namespace = namespace;
      this.tenant = policy.flatMap(p -> p.tenantFor(namespace)).orElse(null);
      if (policy.isPresent() && tenant == null) {
        denials.add(new Denial("metadata.namespace", "metadata.namespace: namespace " + namespace
            + " matches no tenant of the tenancy policy; with a policy, a namespace may use nothing it does not"
            + " allow (default-deny)"));
      }
    }

    public List<Denial> denials() {
      return denials;
    }

    public boolean denied() {
      return !denials.isEmpty();
    }

    /** All denials in one message, for a Ready condition. */
    public String message() {
      return String.join("; ", denials.stream().map(Denial::message).toList());
    }

    /** Whether checks apply: a policy is in force and the namespace has a tenant (else all is allowed or denied). */
    private boolean active() {
      return tenant != null;
    }

    private void rule(String field, String value, String ruleName, List<String> rule) {
      if (active() && !TenancyPolicy.matchesAny(rule, value)) {
        deny(field, value, ruleName, rule, "");
      }
    }

    private void deny(String field, String value, String ruleName, List<String> rule, String note) {
      denials.add(new Denial(field, field + ": " + value + " not allowed for namespace " + namespace
          + " (tenancy rule " + ruleName + ": " + rule + ")" + note));
    }

    public Check region(String region, String field) {
      if (region != null) {
        rule(field, region, "regions", tenant == null ? List.of() : tenant.regions());
      }
      return this;
    }

    public Check account(String account, String field) {
      if (account != null) {
        rule(field, account, "accounts", tenant == null ? List.of() : tenant.accounts());
      }
      return this;
    }

    public Check role(String roleArn, String field) {
      if (roleArn != null) {
        rule(field, roleArn, "iamRoles", tenant == null ? List.of() : tenant.iamRoles());
      }
      return this;
    }

    /** A backup vault by name: in the table's account and Region, so only the name is checked. */
    public Check vault(String name, String field) {
      if (name != null) {
        rule(field, name, "backupVaults", tenant == null ? List.of() : tenant.backupVaults());
      }
      return this;
    }

    /**
     * A vault by ARN (a copy destination): its account and Region must be allowed, and it must match a backupVaults
     * entry — an ARN pattern ({@code arn:...:backup-vault:team-a-*}) against the ARN, a name pattern against its name.
     */
    public Check vaultArn(String vaultArn, String field) {
      return vaultArn(vaultArn, field, vaultArn);
    }

    /** {@link #vaultArn(String, String)}, naming the denied value {@code value}. */
    private Check vaultArn(String vaultArn, String field, String value) {
      if (vaultArn == null || !active()) {
        return this;
      }
      Arn arn;
      try {
        arn = Arn.parse(vaultArn);
      } catch (IllegalArgumentException e) {
        deny(field, value, "backupVaults", tenant.backupVaults(), "; not a vault ARN");
        return this;
      }
      account(arn.account(), field);
      region(arn.region(), field);
      String name = arn.resourceName();
      boolean allowed = tenant.backupVaults().stream()
          .anyMatch(p -> p.startsWith("arn:") ? TenancyPolicy.matches(p, vaultArn) : TenancyPolicy.matches(p, name));
      if (!allowed) {
        deny(field, value, "backupVaults", tenant.backupVaults(), "");
      }
      return this;
    }

    /** The tenant's backupVaults rule: names, name patterns and ARN patterns of the vaults it may use. */
    public List<String> backupVaults() {
      return tenant == null ? List.of() : tenant.backupVaults();
    }

    /**
     * A recovery point in the vault AWS reports it in (DescribeRecoveryPoint), not the one a status or spec claims:
     * that vault's account, Region and name must be allowed.
     */
    public Check recoveryPointIn(String recoveryPointArn, String vaultArn, String field) {
      return vaultArn(vaultArn, field, "recovery point " + recoveryPointArn + " in backup vault " + vaultArn);
    }

    /** A recovery point that none of the vaults this namespace may use holds: it belongs to someone else. */
    public Check recoveryPointNotFound(String recoveryPointArn, List<String> searched, String accountAndRegion,
        String field) {
      if (active()) {
        deny(field, "recovery point " + recoveryPointArn, "backupVaults", tenant.backupVaults(),
            "; DescribeRecoveryPoint finds it in none of the vaults " + searched + " in " + accountAndRegion);
      }
      return this;
    }

    /** A DynamoDB-native backup kept outside AWS Backup belongs to its source table: the tables rule decides. */
    public Check nativeBackupOf(String backupArn, String tableName, String field) {
      if (active() && !TenancyPolicy.matchesAny(tenant.tables(), tableName)) {
        deny(field, "backup " + backupArn + " of table " + tableName, "tables", tenant.tables(), "");
      }
      return this;
    }

    /** A table name (a source table or a restore's target) against the tables patterns. */
    public Check tableName(String name, String field) {
      if (name != null) {
        rule(field, name, "tables", tenant == null ? List.of() : tenant.tables());
      }
      return this;
    }

    /**
     * A table reference: name, Region and account. The account of a table given by name and Region is not known
     * before calling AWS: it is the tenant's account when the tenant lists exactly one, else the ARN form is required.
     */
    public Check table(TableReference table, String field) {
      if (table == null || !active()) {
        return this;
      }
      if (table.arn != null) {
        Arn arn = Arn.parse(table.arn);
        tableName(arn.resourceName(), field + ".arn");
        region(arn.region(), field + ".arn");
        account(arn.account(), field + ".arn");
        return this;
      }
      tableName(table.name, field + ".name");
      region(table.region, field + ".region");
      return implicitAccount(field + ".name", "table " + table.name, "name the table by " + field + ".arn");
    }

    /**
     * Something in the operator's account, which is not known before calling AWS (a table by name, a tag selector):
     * allowed only when the tenant lists exactly one account, which is then taken as its account.
     */
    public Check implicitAccount(String field, String what, String remedy) {
      if (active() && tenant.accounts().size() != 1) {
        denials.add(new Denial(field, field + ": the account of " + what + " is unknown before calling AWS and"
            + " namespace " + namespace + " may use " + tenant.accounts().size() + " accounts (tenancy rule accounts: "
            + tenant.accounts() + "); " + remedy));
      }
      return this;
    }

    /** A recovery point: the account and Region of its ARN. */
    public Check recoveryPoint(String recoveryPointArn, String field) {
      if (recoveryPointArn == null || !active()) {
        return this;
      }
      Arn arn = Arn.parse(recoveryPointArn);
      account(arn.account(), field);
      region(arn.region(), field);
      return this;
    }

    /**
     * Deleting data ({@code what}) because {@code field} says deletionPolicy Delete: denied when the tenant's
     * {@code allowDataDeletion} is false.
     */
    public Check dataDeletion(String what, String field) {
      if (active() && !tenant.dataDeletionAllowed()) {
        denials.add(new Denial(field, field + ": Delete may not delete " + what + " for namespace " + namespace
            + " (tenancy rule allowDataDeletion: false)"));
      }
      return this;
    }

    /** Whether this namespace may read the recovery points (DynamoBackups, plans) of {@code other}. */
    public Check readsNamespace(String other, String field) {
      if (other != null && !other.equals(namespace)) {
        rule(field, other, "readRecoveryPointsOf", tenant == null ? List.of() : tenant.readRecoveryPointsOf());
      }
      return this;
    }
  }
}
