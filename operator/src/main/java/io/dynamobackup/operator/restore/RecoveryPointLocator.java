package io.dynamobackup.operator.restore;

import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the recovery point a restore names exists, and where: before the restore records its intent it asks AWS, so a
 * point that is gone (expired by its lifecycle, deleted, a typo in an ARN) is reported as such instead of failing a
 * start call later, and a point given only by its ARN gets the vault a copy into another Region needs.
 *
 * <p>Cost, once per restore: one DescribeRecoveryPoint when the vault is known (a DynamoBackup's point or copy); for a
 * bare ARN, ListBackupVaults of the point's Region and one DescribeRecoveryPoint per vault until found; for a
 * DynamoDB-native backup one DescribeBackup.
 */
final class RecoveryPointLocator {
  private final Inventory inventory;

  RecoveryPointLocator(Inventory inventory) {
    this.inventory = inventory;
  }

  /**
   * Where the point is: its vault (null for a DynamoDB-native backup) and whether it is in cold storage; or, when AWS
   * does not have it, why not ({@code notFound}).
   */
  record Location(String backupVaultName, boolean cold, String notFound) {
    boolean exists() {
      return notFound == null;
    }

    static Location missing(String why) {
      return new Location(null, false, why);
    }
  }

  /** Looks the point up in {@code expectedVault}, or in every vault of its Region when that is null. */
  Location locate(String recoveryPointArn, String expectedVault) {
    Arn point = Arn.parse(recoveryPointArn);
    String where = "account " + point.account() + ", Region " + point.region();
    if (point.service().equals("dynamodb")) {
      if (inventory.nativeBackup(recoveryPointArn).isPresent()) {
        return new Location(null, false, null);
      }
      return Location.missing("DynamoDB has no backup " + recoveryPointArn + " (DescribeBackup in " + where + ")");
    }
    List<String> vaults = expectedVault != null ? List.of(expectedVault) : inventory.backupVaultNames(point.region());
    List<String> searched = new ArrayList<>();
    for (String vault : vaults) {
      searched.add(vault);
      Optional<Inventory.RecoveryPoint> found = inventory.describeRecoveryPoint(recoveryPointArn, vault);
      if (found.isPresent()) {
        return new Location(Arn.parse(found.get().backupVaultArn()).resourceName(), found.get().isCold(), null);
      }
    }
    return Location.missing("recovery point " + recoveryPointArn + " does not exist in " + (expectedVault != null
        ? "backup vault " + expectedVault + " (" + where + "; deleted, or expired by its lifecycle?)"
        : searched.isEmpty() ? where + ", which has no backup vault"
        : "any backup vault of " + where + " (DescribeRecoveryPoint in " + String.join(", ", searched) + ")"));
  }
}
