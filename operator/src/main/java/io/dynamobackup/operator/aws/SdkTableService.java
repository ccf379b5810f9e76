package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link TableService} over the AWS SDK v2 DynamoDbClient. */
public final class SdkTableService implements TableService {
  private final AwsClients clients;

  public SdkTableService(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public TableInfo describeTable(String region, String tableName) {
    TableDescription table = AwsCalls.call(() -> clients.dynamoDb(region).describeTable(b -> b.tableName(tableName))).table();
    var stream = table.streamSpecification();
    return new TableInfo(table.tableName(), table.tableArn(), table.tableStatusAsString(),
        table.itemCount() == null ? 0 : table.itemCount(), table.tableSizeBytes() == null ? 0 : table.tableSizeBytes(),
        stream == null ? Boolean.FALSE : stream.streamEnabled(),
        stream == null ? null : stream.streamViewTypeAsString(), table.deletionProtectionEnabled());
  }

  @Override
  public TableSettings readSettings(String region, TableInfo table) {
    DynamoDbClient dynamoDb = clients.dynamoDb(region);
    TableSettings settings = new TableSettings();
    Map<String, String> tags = new LinkedHashMap<>();
    String nextToken = null;
    do {
      String token = nextToken;
      var page = AwsCalls.call(() -> dynamoDb.listTagsOfResource(b -> b.resourceArn(table.arn()).nextToken(token)));
      page.tags().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
      nextToken = page.nextToken();
    } while (nextToken != null);
    settings.tags = tags;

    var ttl = AwsCalls.call(() -> dynamoDb.describeTimeToLive(b -> b.tableName(table.name()))).timeToLiveDescription();
    boolean ttlEnabled = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
    settings.timeToLive = new TableSettings.TimeToLiveSettings(ttlEnabled, ttlEnabled ? ttl.attributeName() : null);

    settings.stream = new TableSettings.StreamSettings(Boolean.TRUE.equals(table.streamEnabled()),
        table.streamViewType() == null ? null : TableSettings.StreamViewType.valueOf(table.streamViewType()));

    var backups = AwsCalls.call(() -> dynamoDb.describeContinuousBackups(b -> b.tableName(table.name())))
        .continuousBackupsDescription();
    settings.pointInTimeRecovery = backups != null && backups.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED
        && backups.pointInTimeRecoveryDescription() != null
        && backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    settings.deletionProtection = Boolean.TRUE.equals(table.deletionProtection());

    try {
      settings.resourcePolicy = AwsCalls.call(() -> dynamoDb.getResourcePolicy(b -> b.resourceArn(table.arn()))).policy();
    } catch (AwsException e) {
      if (!e.code().equals("PolicyNotFoundException") && !e.isNotFound()) {
        throw e;
      }
    }
    return settings;
  }
}
