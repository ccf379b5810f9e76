package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * For conflictPolicy OverwriteIfUnchangedSince: an existing item is overwritten only when its last-modified attribute
 * is at or before {@code time}; an item without that attribute is left alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "time")
public class UnchangedSince {
  @JsonPropertyDescription("The attribute the application stamps on every write, e.g. updatedAt.")
  @Required
  public String attribute;

  @JsonPropertyDescription("Overwrite an existing item only if its attribute is at or before this time (RFC 3339),"
      + " typically just before the incident: items changed since keep their newer state.")
  @Required
  public String time;

  @JsonPropertyDescription("How the attribute stores time: RFC3339 (a string such as 2026-11-20T14:32:07Z, compared as"
      + " text, so write it in UTC with the same precision), EpochSeconds or EpochMillis (numbers). Default RFC3339.")
  @Default("RFC3339")
  public TimeFormat format = TimeFormat.RFC3339;

  /** How an item's last-modified attribute stores time. */
  public enum TimeFormat { RFC3339, EpochSeconds, EpochMillis }

  public UnchangedSince() {}

  public UnchangedSince(String attribute, String time, TimeFormat format) {
    this.attribute = attribute;
    this.time = time;
    this.format = format;
  }
}
