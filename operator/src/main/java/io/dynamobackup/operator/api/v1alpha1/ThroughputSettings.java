package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Throughput and monitoring settings that exist for a table and for each of its global secondary indexes. */
public final class ThroughputSettings {
  private ThroughputSettings() {}

  /** Maximum on-demand throughput (DynamoDB OnDemandThroughput). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OnDemand {
    @JsonPropertyDescription("Maximum read request units per second; -1 for no maximum.")
    public Long maxReadRequestUnits;

    @JsonPropertyDescription("Maximum write request units per second; -1 for no maximum.")
    public Long maxWriteRequestUnits;

    @Override
    public boolean equals(Object o) {
      return o instanceof OnDemand other && Objects.equals(maxReadRequestUnits, other.maxReadRequestUnits)
          && Objects.equals(maxWriteRequestUnits, other.maxWriteRequestUnits);
    }

    @Override
    public int hashCode() {
      return Objects.hash(maxReadRequestUnits, maxWriteRequestUnits);
    }
  }

  /** Warm throughput (DynamoDB WarmThroughput): what the table is pre-warmed for. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Warm {
    @JsonPropertyDescription("Read units per second.")
    public Long readUnitsPerSecond;

    @JsonPropertyDescription("Write units per second.")
    public Long writeUnitsPerSecond;

    @Override
    public boolean equals(Object o) {
      return o instanceof Warm other && Objects.equals(readUnitsPerSecond, other.readUnitsPerSecond)
          && Objects.equals(writeUnitsPerSecond, other.writeUnitsPerSecond);
    }

    @Override
    public int hashCode() {
      return Objects.hash(readUnitsPerSecond, writeUnitsPerSecond);
    }
  }

  public enum ContributorInsightsMode { ACCESSED_AND_THROTTLED_KEYS, THROTTLED_KEYS }

  /** CloudWatch Contributor Insights for DynamoDB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ContributorInsights {
    @JsonPropertyDescription("Whether Contributor Insights is enabled.")
    @Required
    public Boolean enabled;

    @JsonPropertyDescription("What it reports: ACCESSED_AND_THROTTLED_KEYS (the default) or THROTTLED_KEYS.")
    public ContributorInsightsMode mode;

    public ContributorInsights() {}

    public ContributorInsights(Boolean enabled, ContributorInsightsMode mode) {
      this.enabled = enabled;
      this.mode = mode;
    }

    /** Enabled, with the mode that applies when none is given. */
    public boolean sameAs(ContributorInsights other) {
      boolean on = Boolean.TRUE.equals(enabled);
      boolean otherOn = other != null && Boolean.TRUE.equals(other.enabled);
      return on == otherOn && (!on || effectiveMode() == other.effectiveMode());
    }

    public ContributorInsightsMode effectiveMode() {
      return mode == null ? ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS : mode;
    }
  }

  /** The settings of one global secondary index. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Index {
    @JsonPropertyDescription("Name of the global secondary index.")
    @Required
    public String indexName;

    @JsonPropertyDescription("Maximum on-demand throughput of the index.")
    public OnDemand onDemandThroughput;

    @JsonPropertyDescription("Warm throughput of the index; only ever raised.")
    public Warm warmThroughput;

    @JsonPropertyDescription("Contributor Insights of the index.")
    public ContributorInsights contributorInsights;
  }
}
