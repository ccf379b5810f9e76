package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Partitions;

/**
 * Where AWS calls for an object are made: the partition and Region, and the account when the spec says which (a table
 * or recovery point given by ARN); null when it is not known before calling AWS (a table given by name is in the
 * account of the operator's credentials, which only AWS knows).
 *
 * @param what how a problem names the place, e.g. "the table's Region eu-west-1"
 */
public record Scope(String partition, String region, String account, String what) {
  /** The table's scope, or null when the reference is not valid (its own problems are reported). */
  public static Scope ofTable(TableReference table) {
    if (table == null || (table.name == null) == (table.arn == null)) {
      return null;
    }
    if (table.arn != null) {
      if (!table.arn.matches(ApiPatterns.TABLE_ARN)) {
        return null;
      }
      Arn arn = Arn.parse(table.arn);
      // The Region decides the partition, also when the ARN's prefix is wrong (reported on its own).
      return known(arn.region()) ? new Scope(Partitions.of(arn.region()), arn.region(), arn.account(),
          "the table " + table.arn) : null;
    }
    return table.region != null && known(table.region)
        ? new Scope(Partitions.of(table.region), table.region, null, "the table's Region " + table.region) : null;
  }

  /** A Region's scope with an account, or null when the Region is not a usable one. */
  public static Scope of(String region, String account, String what) {
    return region != null && known(region) ? new Scope(Partitions.of(region), region, account, what) : null;
  }

  private static boolean known(String region) {
    return region.matches(ApiPatterns.REGION) && Partitions.regionProblem(region) == null;
  }
}
