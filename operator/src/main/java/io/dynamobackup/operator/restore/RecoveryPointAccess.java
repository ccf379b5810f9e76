package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.TenancyPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a restore may use a recovery point is decided by where the point really is, never by what an ARN, a spec or
 * a DynamoBackup's status claims: before any start call the vault holding it is learned from AWS (DescribeRecoveryPoint
 * in the vault it is expected in, then in each vault the owning namespace may use) and that vault's account, Region
 * and name are checked against the tenancy policy of the namespace the point belongs to. A point that none of those
 * vaults holds is denied. A DynamoDB-native backup that AWS Backup does not keep (BackupType USER or SYSTEM) belongs to
 * its source table, so the tables rule decides. Without a tenancy policy nothing is checked and nothing is called.
 *
 * <p>Cost: one DescribeRecoveryPoint when the point is where it is expected, one per vault the rule names otherwise;
 * ListBackupVaults only when none of those holds it and the rule has a pattern with {@code *}; for a DynamoDB-native
 * ARN one DescribeBackup first.
 */
final class RecoveryPointAccess {
  private static final Set<String> NOT_IN_A_VAULT = Set.of("USER", "SYSTEM");
  private final TenancyGuard guard;
  private final Inventory inventory;

  RecoveryPointAccess(TenancyGuard guard, Inventory inventory) {
    this.guard = guard;
    this.inventory = inventory;
  }

  /**
   * @param owner         the namespace the point belongs to: that of the referenced DynamoBackup or plan, else the
   *                      restore's own
   * @param expectedVault the vault name the point should be in (its DynamoBackup's, or its copy's), or null
   * @param field         the spec field that led to the point, named in a denial
   */
  TenancyGuard.Check check(String owner, String recoveryPointArn, String expectedVault, String field) {
    TenancyGuard.Check check = guard.check(owner);
    if (!guard.enabled() || check.denied()) {
      return check;
    }
    Arn point = Arn.parse(recoveryPointArn);
    if (point.service().equals("dynamodb")) {
      Optional<Inventory.NativeBackup> backup = inventory.nativeBackup(recoveryPointArn);
      if (backup.isPresent() && NOT_IN_A_VAULT.contains(backup.get().backupType())) {
        return check.nativeBackupOf(recoveryPointArn, backup.get().tableName(), field);
      }
      // BackupType AWS_BACKUP: AWS Backup keeps it in a vault, found like any other recovery point.
    }
    List<String> rule = check.backupVaults();
    List<String> searched = new ArrayList<>();
    LinkedHashSet<String> names = named(rule, expectedVault, point);
    List<String> patterns = rule.stream().filter(p -> p.contains("*")).toList();
    for (int pass = 0; pass < 2; pass++) {
      for (String vault : names) {
        if (searched.contains(vault)) {
          continue;
        }
        searched.add(vault);
        Optional<String> vaultArn = inventory.recoveryPointVaultArn(recoveryPointArn, vault);
        if (vaultArn.isPresent()) {
          return check.recoveryPointIn(recoveryPointArn, vaultArn.get(), field);
        }
      }
      if (patterns.isEmpty()) {
        break;
      }
      // Only now list the vaults that exist, to try those a pattern with * allows.
      names = new LinkedHashSet<>();
      for (String name : inventory.backupVaultNames(point.region())) {
        if (patterns.stream().anyMatch(p -> TenancyPolicy.matches(p, p.startsWith("arn:") ? vaultArn(point, name)
            : name))) {
          names.add(name);
        }
      }
    }
    return check.recoveryPointNotFound(recoveryPointArn, searched, point.account() + "/" + point.region(), field);
  }

  /** The expected vault first, then each vault the rule names without a pattern in the point's account and Region. */
  private static LinkedHashSet<String> named(List<String> rule, String expectedVault, Arn point) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    if (expectedVault != null) {
      names.add(expectedVault);
    }
    for (String entry : rule) {
      if (entry.contains("*")) {
        continue;
      }
      if (!entry.startsWith("arn:")) {
        names.add(entry);
      } else if (entry.equals(vaultArn(point, nameOf(entry)))) {
        names.add(nameOf(entry));
      }
    }
    return names;
  }

  private static String vaultArn(Arn point, String name) {
    return "arn:" + point.partition() + ":backup:" + point.region() + ":" + point.account() + ":backup-vault:" + name;
  }

  private static String nameOf(String vaultArn) {
    return vaultArn.substring(vaultArn.lastIndexOf(':') + 1);
  }
}
