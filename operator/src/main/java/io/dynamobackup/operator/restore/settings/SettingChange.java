package io.dynamobackup.operator.restore.settings;

/**
 * One difference between a table's desired and actual settings and the AWS call that removes it.
 *
 * @param setting     what differs, for conditions and events, e.g. {@code tags [team]} or {@code alarm orders-5xx}
 * @param description what applying it does, e.g. {@code alarm orders-5xx deleted}
 * @param apply       the AWS call(s)
 * @param settles     DynamoDB must settle before the next change (a stream, TTL or replica change): the applier
 *                    stops after it and the next reconcile reads the table again
 */
public record SettingChange(String setting, String description, Runnable apply, boolean settles) {
  static SettingChange of(String setting, String description, Runnable apply) {
    return new SettingChange(setting, description, apply, false);
  }

  static SettingChange settling(String setting, String description, Runnable apply) {
    return new SettingChange(setting, description, apply, true);
  }
}
