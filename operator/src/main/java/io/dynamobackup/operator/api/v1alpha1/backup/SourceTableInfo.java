package io.dynamobackup.operator.api.v1alpha1.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The source table as DynamoDB described it when the backup started: what a restore and a drill check against. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceTableInfo {
  @JsonPropertyDescription("Approximate item count reported by DynamoDB.")
  public Long itemCount;

  @JsonPropertyDescription("Approximate table size in bytes reported by DynamoDB.")
  public Long sizeBytes;

  @JsonPropertyDescription("PROVISIONED or PAY_PER_REQUEST.")
  public String billingMode;

  @JsonPropertyDescription("Provisioned read capacity units (PROVISIONED only).")
  public Long readCapacityUnits;

  @JsonPropertyDescription("Provisioned write capacity units (PROVISIONED only).")
  public Long writeCapacityUnits;

  @JsonPropertyDescription("Names of the global secondary indexes.")
  public List<String> globalSecondaryIndexes;

  @JsonPropertyDescription("Names of the local secondary indexes.")
  public List<String> localSecondaryIndexes;
}
