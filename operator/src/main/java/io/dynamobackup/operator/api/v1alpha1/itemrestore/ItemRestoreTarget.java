package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The existing table the selected items are written into. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ItemRestoreTarget {
  @JsonPropertyDescription("Name of an existing table, normally the live table the items were lost from. Its key"
      + " schema must be the source's. Only the selected items are written; its settings are never changed.")
  @Required
  @Pattern(ApiPatterns.TABLE_NAME)
  public String tableName;

  @JsonPropertyDescription("AWS Region of the target table, e.g. eu-west-1.")
  @Required
  @Pattern(ApiPatterns.REGION)
  public String region;

  public ItemRestoreTarget() {}

  public ItemRestoreTarget(String tableName, String region) {
    this.tableName = tableName;
    this.region = region;
  }
}
