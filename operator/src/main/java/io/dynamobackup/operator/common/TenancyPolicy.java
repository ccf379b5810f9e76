package io.dynamobackup.operator.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform team's tenancy policy (option {@code tenancy.policyFile}): which namespace may use which AWS accounts,
 * Regions, IAM roles, backup vaults and tables, whose recovery points it may read, and whether deletionPolicy Delete may
 * delete its data. Default-deny: a namespace that matches no tenant may use nothing, and a tenant may use only what its
 * lists name (deleting data is the exception: allowed unless {@code allowDataDeletion: false}, as before the switch
 * existed). Patterns are exact strings or globs with {@code *} (any characters, including none).
 */
public final class TenancyPolicy {
  /**
   * One tenant: the namespaces it covers and what they may use. A missing list allows nothing. {@code
   * allowDataDeletion}: whether deletionPolicy Delete may delete the tenant's recovery points and restored tables; absent
   * means true (what the operator always did), false keeps the data whatever the objects say.
   */
  public record Tenant(
      @JsonProperty("namespaces") List<String> namespaces,
      @JsonProperty("accounts") List<String> accounts,
      @JsonProperty("regions") List<String> regions,
      @JsonProperty("iamRoles") List<String> iamRoles,
      @JsonProperty("backupVaults") List<String> backupVaults,
      @JsonProperty("tables") List<String> tables,
      @JsonProperty("readRecoveryPointsOf") List<String> readRecoveryPointsOf,
      @JsonProperty("assumeRole") AssumeRole assumeRole,
      @JsonProperty("allowDataDeletion") Boolean allowDataDeletion) {
    public Tenant(List<String> namespaces, List<String> accounts, List<String> regions, List<String> iamRoles,
        List<String> backupVaults, List<String> tables, List<String> readRecoveryPointsOf) {
      this(namespaces, accounts, regions, iamRoles, backupVaults, tables, readRecoveryPointsOf, null, null);
    }

    /** Whether deletionPolicy Delete may delete data: {@code allowDataDeletion}, true when absent. */
    public boolean dataDeletionAllowed() {
      return !Boolean.FALSE.equals(allowDataDeletion);
    }

    public Tenant {
      namespaces = copy(namespaces);
      accounts = copy(accounts);
      regions = copy(regions);
      iamRoles = copy(iamRoles);
      backupVaults = copy(backupVaults);
      tables = copy(tables);
      readRecoveryPointsOf = copy(readRecoveryPointsOf);
    }

    private static List<String> copy(List<String> list) {
      return list == null ? List.of() : list.stream().map(s -> Objects.requireNonNull(s, "null list entry")).toList();
    }
  }

  /**
   * The IAM role the operator assumes (sts:AssumeRole) for the tenant's namespaces, with the ExternalId its trust
   * policy requires ({@code sts:ExternalId}); every AWS call for those namespaces is made with that role's temporary
   * credentials. Absent: the operator's own identity, as in single-tenant mode.
   */
  public record AssumeRole(@JsonProperty("roleArn") String roleArn, @JsonProperty("externalId") String externalId) {}

  private record Document(@JsonProperty("tenants") List<Tenant> tenants) {}

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/.+");
  private final List<Tenant> tenants;

  private TenancyPolicy(List<Tenant> tenants) {
    this.tenants = List.copyOf(tenants);
  }

  public static TenancyPolicy of(List<Tenant> tenants) {
    return new TenancyPolicy(tenants);
  }

  public List<Tenant> tenants() {
    return tenants;
  }

  /** Parses the YAML document {@code tenants: [...]}; unknown keys are errors, so a misspelt rule never allows less. */
  public static TenancyPolicy parse(String yaml, String source) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      Document document = mapper.readValue(yaml, Document.class);
      if (document == null || document.tenants() == null) {
        throw new IllegalArgumentException("tenancy policy " + source + " has no 'tenants' list");
      }
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < document.tenants().size(); i++) {
        Tenant tenant = document.tenants().get(i);
        if (tenant == null || tenant.namespaces().isEmpty()) {
          problems.add("tenants[" + i + "].namespaces: at least one namespace is required");
        }
        AssumeRole role = tenant == null ? null : tenant.assumeRole();
        if (role != null && (role.roleArn() == null || !ROLE_ARN.matcher(role.roleArn()).matches())) {
          problems.add("tenants[" + i + "].assumeRole.roleArn: an IAM role ARN (arn:aws:iam::123456789012:role/name)"
              + " is required, not " + role.roleArn());
        }
        if (role != null && role.externalId() != null
            && (role.externalId().length() < 2 || role.externalId().length() > 1224)) {
          problems.add("tenants[" + i + "].assumeRole.externalId: 2 to 1224 characters");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid tenancy policy " + source + ": " + String.join("; ", problems));
      }
      return new TenancyPolicy(document.tenants());
    } catch (IOException | NullPointerException e) {
      throw new IllegalArgumentException("cannot parse tenancy policy " + source + ": " + e.getMessage(), e);
    }
  }

  public static TenancyPolicy load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tenancy policy " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first tenant whose namespaces match {@code namespace}. */
  public Optional<Tenant> tenantFor(String namespace) {
    return tenants.stream().filter(t -> matchesAny(t.namespaces(), namespace)).findFirst();
  }

  /** The role to assume for {@code namespace}: that of its tenant, if the tenant names one. */
  public Optional<AssumeRole> assumeRoleFor(String namespace) {
    return tenantFor(namespace).map(Tenant::assumeRole);
  }

  /** Whether {@code value} matches one of {@code patterns} (exact, or a glob where {@code *} matches anything). */
  public static boolean matchesAny(List<String> patterns, String value) {
    return value != null && patterns.stream().anyMatch(p -> matches(p, value));
  }

  /**
   * Whether {@code value} matches the glob {@code pattern}, where {@code *} matches any characters (none too) and
   * every other character only itself. Without a regex: every object's tenancy check runs it, per reconcile.
   */
  public static boolean matches(String pattern, String value) {
    int star = pattern.indexOf('*');
    if (star < 0) {
      return pattern.equals(value);
    }
    int last = pattern.lastIndexOf('*');
    String prefix = pattern.substring(0, star);
    String suffix = pattern.substring(last + 1);
    if (value.length() < prefix.length() + suffix.length() || !value.startsWith(prefix) || !value.endsWith(suffix)) {
      return false;
    }
    // The middle pieces, in order, each as early as it can be: the greedy match is the leftmost one that fits.
    int at = prefix.length();
    int end = value.length() - suffix.length();
    for (String piece : pattern.substring(star + 1, Math.max(star + 1, last)).split("\\*", -1)) {
      if (piece.isEmpty()) {
        continue;
      }
      int found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length() > end) {
        return false;
      }
      at = found + piece.length();
    }
    return true;
  }
}
