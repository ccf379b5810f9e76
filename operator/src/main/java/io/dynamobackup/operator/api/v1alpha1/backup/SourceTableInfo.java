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

  @JsonPropertyDescription("The primary key: the partition key, then the sort key if there is one.")
  public List<KeyAttribute> keySchema;

  @JsonPropertyDescription("Table class: STANDARD or STANDARD_INFREQUENT_ACCESS.")
  public String tableClass;

  @JsonPropertyDescription("Server-side encryption: KMS (an AWS managed or customer managed key) or AES256; absent for"
      + " the default AWS owned key.")
  public String sseType;

  @JsonPropertyDescription("The KMS key of server-side encryption, with sseType KMS.")
  public String kmsMasterKeyArn;

  /** One attribute of the primary key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KeyAttribute {
    @JsonPropertyDescription("Attribute name.")
    public String attributeName;

    @JsonPropertyDescription("S, N or B.")
    public String attributeType;

    @JsonPropertyDescription("HASH (partition key) or RANGE (sort key).")
    public String keyType;

    public KeyAttribute() {}

    public KeyAttribute(String attributeName, String attributeType, String keyType) {
      this.attributeName = attributeName;
      this.attributeType = attributeType;
      this.keyType = keyType;
    }
  }
}
