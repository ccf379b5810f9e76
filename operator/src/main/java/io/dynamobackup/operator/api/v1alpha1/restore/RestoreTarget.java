package io.dynamobackup.operator.api.v1alpha1.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.provisionedThroughput) || !has(self.billingMode) || self.billingMode == 'PROVISIONED'",
    message = "provisionedThroughput requires billingMode PROVISIONED")
@ValidationRule(value = "!has(self.sse) || self.sse.type != 'KMS' || has(self.sse.kmsKeyArn)",
    message = "sse.type KMS requires sse.kmsKeyArn")
public class RestoreTarget {
  @JsonPropertyDescription("Name of the new table. The restore does not start if it exists (restores never overwrite).")
  @Required
  @Pattern(ApiPatterns.TABLE_NAME)
  public String tableName;

  @JsonPropertyDescription("Region of the new table. Default: the recovery point's Region.")
  @Pattern(ApiPatterns.REGION)
  public String region;

  @JsonPropertyDescription("Restore only these global secondary indexes (by name). Omit to restore all; [] for none.")
  public List<String> globalSecondaryIndexes;

  @JsonPropertyDescription("Restore only these local secondary indexes (by name). Omit to restore all; [] for none.")
  public List<String> localSecondaryIndexes;

  @JsonPropertyDescription("Billing mode of the new table. Default: the source's at backup time.")
  public BillingMode billingMode;

  @JsonPropertyDescription("Provisioned capacity of the new table (billingMode PROVISIONED). Default: the source's.")
  public Throughput provisionedThroughput;

  @JsonPropertyDescription("Server-side encryption of the new table. Default: the source's.")
  public Encryption sse;

  public enum BillingMode { PROVISIONED, PAY_PER_REQUEST }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Throughput {
    @JsonPropertyDescription("Read capacity units.")
    @Required
    @Min(1)
    public Long readCapacityUnits;

    @JsonPropertyDescription("Write capacity units.")
    @Required
    @Min(1)
    public Long writeCapacityUnits;
  }

  public enum EncryptionType { Default, KMS }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Encryption {
    @JsonPropertyDescription("Default (AWS owned key) or KMS (customer managed key).")
    @Required
    public EncryptionType type;

    @JsonPropertyDescription("KMS key ARN, with type KMS.")
    @Pattern(ApiPatterns.KMS_KEY_ARN)
    public String kmsKeyArn;
  }
}
