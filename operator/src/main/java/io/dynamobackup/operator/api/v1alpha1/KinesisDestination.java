package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Kinesis Data Streams destination of a table (DynamoDB EnableKinesisStreamingDestination). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KinesisDestination {
  public static final String STREAM_ARN = "^arn:" + ApiPatterns.PARTITION + ":kinesis:[a-z0-9-]+:[0-9]{12}:stream/"
      + "[a-zA-Z0-9_.-]{1,128}$";

  public enum Precision { MILLISECOND, MICROSECOND }

  @JsonPropertyDescription("ARN of the Kinesis data stream, in the table's account and Region.")
  @Required
  @Pattern(STREAM_ARN)
  public String streamArn;

  @JsonPropertyDescription("Precision of ApproximateCreationDateTime in the records: MILLISECOND (the default) or"
      + " MICROSECOND.")
  public Precision approximateCreationDateTimePrecision;

  public Precision effectivePrecision() {
    return approximateCreationDateTimePrecision == null ? Precision.MILLISECOND : approximateCreationDateTimePrecision;
  }
}
