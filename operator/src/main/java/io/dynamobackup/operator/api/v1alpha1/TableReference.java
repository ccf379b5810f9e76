package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.name) != has(self.arn)", message = "set exactly one of name or arn")
@ValidationRule(value = "has(self.arn) || has(self.region)", message = "region is required when the table is given by name")
public class TableReference {
  @JsonPropertyDescription("Name of the DynamoDB table. Requires region. Mutually exclusive with arn.")
  @Pattern(ApiPatterns.TABLE_NAME)
  public String name;

  @JsonPropertyDescription("ARN of the DynamoDB table (arn:aws, arn:aws-cn or arn:aws-us-gov)."
      + " The Region and account are taken from the ARN. Mutually exclusive with name.")
  @Pattern(ApiPatterns.TABLE_ARN)
  public String arn;

  @JsonPropertyDescription("AWS Region of the table, e.g. eu-west-1. Must match the ARN's Region when both are set.")
  @Pattern(ApiPatterns.REGION)
  public String region;

  public TableReference() {}

  public static TableReference named(String name, String region) {
    TableReference ref = new TableReference();
    ref.name = name;
    ref.region = region;
    return ref;
  }
}
