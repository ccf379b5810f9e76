package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How fast items are written into the target: a share of its capacity, and a ceiling. May be changed while copying. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WriteRate {
  @JsonPropertyDescription("For a provisioned target: write at most this percentage of its write capacity (the smallest"
      + " WriteCapacityUnits of the table and its global secondary indexes, read again every minute, so auto scaling"
      + " is followed), leaving the rest to the application. Default 50.")
  @Min(1)
  @Max(100)
  @Default("50")
  public Integer percentOfCapacity = 50;

  @JsonPropertyDescription("At most this many write capacity units per second (one unit writes an item of up to 1 KB)."
      + " Default: none for a provisioned target (percentOfCapacity decides); 1000 for an on-demand target.")
  @Min(1)
  public Long unitsPerSecond;
}
