package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Grandfather-father-son retention: a point is kept when any rule keeps it; at least one rule keeps a point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// A policy whose every rule is 0 keeps nothing: each completed recovery point would be deleted at once.
@ValidationRule(value = "has(self.keepLast) || (has(self.daily) && self.daily > 0) || (has(self.weekly) && self.weekly > 0)"
    + " || (has(self.monthly) && self.monthly > 0) || (has(self.yearly) && self.yearly > 0)",
    message = "retention must keep at least one recovery point: set keepLast, or daily, weekly, monthly or yearly"
        + " above 0")
public class RetentionPolicy {
  @JsonPropertyDescription("Always keep the newest N completed recovery points (at least 1;"
      + " leave it out to keep points by the daily, weekly, monthly and yearly rules alone). Failed runs never reduce"
      + " this.")
  @Min(1)
  public Integer keepLast;

  @JsonPropertyDescription("Keep the newest point of each of the last N days (plan time zone).")
  @Min(0)
  public Integer daily;

  @JsonPropertyDescription("Keep the newest point of each of the last N ISO weeks.")
  @Min(0)
  public Integer weekly;

  @JsonPropertyDescription("Keep the newest point of each of the last N months.")
  @Min(0)
  public Integer monthly;

  @JsonPropertyDescription("Keep the newest point of each of the last N years.")
  @Min(0)
  public Integer yearly;
}
