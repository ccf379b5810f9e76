package io.dynamobackup.operator.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/** {@link Inventory} over the AWS SDK v2 DynamoDbClient, BackupClient and ResourceGroupsTaggingApiClient. */
public final class SdkInventory extends SdkService implements Inventory {
  /** GetResources' resource type of DynamoDB tables: service:resourceType, as in the table's ARN. */
  static final String TABLE_TYPE = "dynamodb:table";

  /** Calls AWS with {@code identity}'s credentials. */
  public SdkInventory(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public List<String> taggedTables(String region, Map<String, String> matchTags) {
    List<TagFilter> filters = matchTags.entrySet().stream()
        .map(t -> TagFilter.builder().key(t.getKey()).values(t.getValue()).build()).toList();
    List<String> arns = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      var page = AwsCalls.call(() -> clients.tagging(identity, region).getResources(b -> b.tagFilters(filters)
          .resourceTypeFilters(TABLE_TYPE).resourcesPerPage(100).paginationToken(token)));
      page.resourceTagMappingList().forEach(mapping -> arns.add(mapping.resourceARN()));
      next = page.paginationToken() == null || page.paginationToken().isEmpty() ? null : page.paginationToken();
    } while (next != null);
    return arns;
  }

  @Override
  public Optional<String> tableArn(String region, String tableName) {
    try {
      return Optional.of(AwsCalls.call(() -> clients.dynamoDb(identity, region).describeTable(b -> b.tableName(tableName)))
          .table().tableArn());
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<List<String>> tableNames(String region, int maxPages) {
    List<String> names = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      if (pages++ == maxPages) {
        return Optional.empty();
      }
      String start = next;
      var page = AwsCalls.call(() -> clients.dynamoDb(identity, region).listTables(b -> b.limit(100)
          .exclusiveStartTableName(start)));
      names.addAll(page.tableNames());
      next = page.lastEvaluatedTableName();
    } while (next != null);
    return Optional.of(names);
  }

  @Override
  public long countItems(String region, String tableName) {
    long count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      var page = AwsCalls.call(() -> clients.dynamoDb(identity, region).scan(b -> b.tableName(tableName).select(Select.COUNT)
          .consistentRead(true).exclusiveStartKey(from)));
      count += page.count() == null ? 0 : page.count();
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  @Override
  public boolean recoveryPointExists(String recoveryPointArn, String backupVaultName) {
    try {
      AwsCalls.run(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region()).describeRecoveryPoint(b -> b
          .recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)));
      return true;
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<String> recoveryPointVaultArn(String recoveryPointArn, String backupVaultName) {
    try {
      return Optional.ofNullable(AwsCalls.call(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region())
          .describeRecoveryPoint(b -> b.recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)))
          .backupVaultArn());
    } catch (AwsException e) {
      if (e.isTransient()) {
        throw e;
      }
      return Optional.empty(); // not there, no such vault, or not visible to us: either way not confirmed there
    }
  }

  @Override
  public Optional<RecoveryPoint> describeRecoveryPoint(String recoveryPointArn, String backupVaultName) {
    try {
      var point = AwsCalls.call(() -> clients.backup(identity, Arn.parse(recoveryPointArn).region())
          .describeRecoveryPoint(b -> b.recoveryPointArn(recoveryPointArn).backupVaultName(backupVaultName)));
      return Optional.of(new RecoveryPoint(point.backupVaultArn(), point.statusAsString(),
          point.storageClassAsString()));
    } catch (AwsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<String> backupVaultNames(String region) {
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      var page = AwsCalls.call(() -> clients.backup(identity, region).listBackupVaults(b -> b.nextToken(token)));
      page.backupVaultList().forEach(vault -> names.add(vault.backupVaultName()));
      next = page.nextToken();
    } while (next != null);
    return names;
  }

  @Override
  public Optional<NativeBackup> nativeBackup(String backupArn) {
    try {
      var description = AwsCalls.call(() -> clients.dynamoDb(identity, Arn.parse(backupArn).region())
          .describeBackup(b -> b.backupArn(backupArn))).backupDescription();
      return Optional.of(new NativeBackup(description.backupDetails().backupTypeAsString(),
          description.sourceTableDetails() == null ? null : description.sourceTableDetails().tableName()));
    } catch (AwsException e) {
      if (e.isTransient()) {
        throw e;
      }
      return Optional.empty();
    }
  }
}
