package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.TableSettings.StreamViewType;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** {@link TableSettingsService} over the AWS SDK v2 DynamoDbClient. */
public final class SdkTableSettingsService implements TableSettingsService {
  private final AwsClients clients;

  public SdkTableSettingsService(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public void tag(String region, String tableArn, Map<String, String> tags) {
    AwsCalls.run(() -> clients.dynamoDb(region).tagResource(b -> b.resourceArn(tableArn).tags(tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
  }

  @Override
  public void untag(String region, String tableArn, Collection<String> keys) {
    AwsCalls.run(() -> clients.dynamoDb(region).untagResource(b -> b.resourceArn(tableArn).tagKeys(keys)));
  }

  @Override
  public void setTimeToLive(String region, String tableName, boolean enabled, String attributeName) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateTimeToLive(b -> b.tableName(tableName)
        .timeToLiveSpecification(t -> t.enabled(enabled).attributeName(attributeName))));
  }

  @Override
  public void setStream(String region, String tableName, boolean enabled, StreamViewType viewType) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateTable(b -> b.tableName(tableName)
        .streamSpecification(s -> s.streamEnabled(enabled).streamViewType(enabled ? viewType.name() : null))));
  }

  @Override
  public void setPointInTimeRecovery(String region, String tableName, boolean enabled) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateContinuousBackups(b -> b.tableName(tableName)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled))));
  }

  @Override
  public void setDeletionProtection(String region, String tableName, boolean enabled) {
    AwsCalls.run(() -> clients.dynamoDb(region).updateTable(b -> b.tableName(tableName)
        .deletionProtectionEnabled(enabled)));
  }

  @Override
  public void putResourcePolicy(String region, String tableArn, String policy) {
    AwsCalls.run(() -> clients.dynamoDb(region).putResourcePolicy(b -> b.resourceArn(tableArn).policy(policy)));
  }

  @Override
  public void deleteResourcePolicy(String region, String tableArn) {
    AwsCalls.run(() -> clients.dynamoDb(region).deleteResourcePolicy(b -> b.resourceArn(tableArn)));
  }
}
