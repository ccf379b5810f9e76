package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A stream trigger: an AWS Lambda event-source mapping that reads the table's DynamoDB stream
 * (Lambda CreateEventSourceMapping). One per function.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamTrigger {
  public static final String FUNCTION_ARN = "^arn:" + ApiPatterns.PARTITION + ":lambda:[a-z0-9-]+:[0-9]{12}:function:"
      + "[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9$_-]+)?$";

  public enum StartingPosition { TRIM_HORIZON, LATEST }

  @JsonPropertyDescription("ARN of the Lambda function (optionally with a version or alias), in the table's Region.")
  @Required
  @Pattern(FUNCTION_ARN)
  public String functionArn;

  @JsonPropertyDescription("Whether the mapping is enabled (reads the stream). Default true; a captured mapping keeps"
      + " its state.")
  public Boolean enabled;

  @JsonPropertyDescription("Where a new mapping starts reading: TRIM_HORIZON (the oldest record) or LATEST.")
  public StartingPosition startingPosition;

  @JsonPropertyDescription("Records per batch, 1 to 10000 (Lambda's default 100).")
  @Min(1)
  @Max(10000)
  public Integer batchSize;

  @JsonPropertyDescription("Seconds to gather records before invoking, 0 to 300.")
  @Min(0)
  @Max(300)
  public Integer maximumBatchingWindowInSeconds;

  @JsonPropertyDescription("Event filter patterns (JSON, Lambda event filtering); a record is processed when one"
      + " matches.")
  public List<String> filterPatterns;

  @JsonPropertyDescription("ARN of the on-failure destination (SQS queue, SNS topic or S3 bucket) of discarded"
      + " batches.")
  public String onFailureDestination;

  @JsonPropertyDescription("Discard records older than this many seconds: -1 (never) or 60 to 604800.")
  @Min(-1)
  @Max(604800)
  public Integer maximumRecordAgeInSeconds;

  @JsonPropertyDescription("Split a failing batch in two and retry.")
  public Boolean bisectBatchOnFunctionError;

  @JsonPropertyDescription("Retries of a failing batch: -1 (until the record expires) to 10000.")
  @Min(-1)
  @Max(10000)
  public Integer maximumRetryAttempts;

  @JsonPropertyDescription("Concurrent batches per shard, 1 to 10.")
  @Min(1)
  @Max(10)
  public Integer parallelizationFactor;

  @JsonPropertyDescription("Tumbling window in seconds, 0 to 900.")
  @Min(0)
  @Max(900)
  public Integer tumblingWindowInSeconds;

  @JsonPropertyDescription("Function response types, e.g. [ReportBatchItemFailures].")
  public List<String> functionResponseTypes;
}
