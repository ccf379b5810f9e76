package io.dynamobackup.operator.testing;

import io.dynamobackup.operator.aws.Inventory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link Inventory} for unit tests that answers nothing: a test's fake overrides the lookups it serves, and any
 * other lookup fails the test loudly instead of answering with a made-up value.
 */
public abstract class UnsupportedInventory implements Inventory {
  @Override
  public List<String> taggedTables(String region, Map<String, String> matchTags) {
    throw new UnsupportedOperationException("taggedTables");
  }

  @Override
  public Optional<String> tableArn(String region, String tableName) {
    throw new UnsupportedOperationException("tableArn");
  }

  @Override
  public Optional<List<String>> tableNames(String region, int maxPages) {
    throw new UnsupportedOperationException("tableNames");
  }

  @Override
  public long countItems(String region, String tableName) {
    throw new UnsupportedOperationException("countItems");
  }

  @Override
  public boolean recoveryPointExists(String recoveryPointArn, String backupVaultName) {
    throw new UnsupportedOperationException("recoveryPointExists");
  }

  @Override
  public Optional<String> recoveryPointVaultArn(String recoveryPointArn, String backupVaultName) {
    throw new UnsupportedOperationException("recoveryPointVaultArn");
  }

  @Override
  public List<String> backupVaultNames(String region) {
    throw new UnsupportedOperationException("backupVaultNames");
  }

  @Override
  public Optional<NativeBackup> nativeBackup(String backupArn) {
    throw new UnsupportedOperationException("nativeBackup");
  }
}
