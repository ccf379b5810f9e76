package io.dynamobackup.operator.api.v1alpha1.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSelector {
  @JsonPropertyDescription("Region whose tables are selected.")
  @Required
  @Pattern(ApiPatterns.REGION)
  public String region;

  @JsonPropertyDescription("Tags a table must all carry (exact key and value) to be selected; at most 50, the number"
      + " of tag filters the Resource Groups Tagging API's GetResources takes.")
  @Required
  @Size(min = 1, max = 50)
  public Map<String, String> matchTags;
}
