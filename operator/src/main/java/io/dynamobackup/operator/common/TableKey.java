package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.aws.Arn;

/** A table identified by Region and name, however the spec named it (by name + Region, or by ARN). */
public record TableKey(String region, String name) {
  /** Resolves a reference that passed {@link SpecValidation#table}. */
  public static TableKey of(TableReference table) {
    if (table.arn != null) {
      Arn arn = Arn.parse(table.arn);
      return new TableKey(arn.region(), arn.resourceName());
    }
    return new TableKey(table.region, table.name);
  }

  @Override
  public String toString() {
    return region + "/" + name;
  }
}
