package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.itemrestore.WriteRate;
import io.dynamobackup.operator.aws.ItemService;

/**
 * The write rate of an item restore, in write capacity units per second: for a provisioned target a share of its
 * capacity (the smallest WriteCapacityUnits of the table and its GSIs, since a short GSI throttles the table's
 * writes), at most spec.writeRate.unitsPerSecond; for an on-demand target that ceiling, by default 1000.
 */
record WriteRates(double unitsPerSecond, String description) {
  static final int DEFAULT_PERCENT = 50;
  static final long DEFAULT_ON_DEMAND = 1000;

  static WriteRates of(WriteRate spec, ItemService.TableShape target) {
    Long ceiling = spec == null ? null : spec.unitsPerSecond;
    if (target.onDemand()) {
      long units = ceiling != null ? ceiling : DEFAULT_ON_DEMAND;
      return new WriteRates(units, units + " WCU/s (on-demand target: writeRate.unitsPerSecond"
          + (ceiling == null ? ", default " + DEFAULT_ON_DEMAND : "") + ")");
    }
    int percent = spec == null || spec.percentOfCapacity == null ? DEFAULT_PERCENT : spec.percentOfCapacity;
    double share = Math.max(1, target.writeCapacityUnits() * percent / 100.0);
    String description = format(share) + " WCU/s: " + percent + "% of " + target.writeCapacityUnits()
        + " (the smallest provisioned WriteCapacityUnits of the table and its GSIs)";
    if (ceiling != null && ceiling < share) {
      return new WriteRates(ceiling, ceiling + " WCU/s: writeRate.unitsPerSecond, below " + description);
    }
    return new WriteRates(share, description);
  }

  private static String format(double units) {
    return units == Math.rint(units) ? Long.toString((long) units) : String.format(java.util.Locale.ROOT, "%.1f", units);
  }
}
