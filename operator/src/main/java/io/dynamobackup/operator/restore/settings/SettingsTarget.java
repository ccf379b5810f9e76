package io.dynamobackup.operator.restore.settings;

import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.aws.TableSettingsService;

/**
 * The table settings are applied to: where it is, what DynamoDB says about it, its settings as read now, and the
 * service that changes them.
 */
public record SettingsTarget(String region, TableService.TableInfo table, TableService.ObservedTable observed,
    TableSettingsService service) {
  public String name() {
    return table.name();
  }

  public String arn() {
    return table.arn();
  }

  public TableSettings actual() {
    return observed.settings();
  }

  /** The table's current stream's ARN while its stream is enabled, else null. */
  public String streamArn() {
    return Boolean.TRUE.equals(table.streamEnabled()) ? table.latestStreamArn() : null;
  }
}
