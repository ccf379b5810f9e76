package io.dynamobackup.localaws.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A Lambda event-source mapping on a DynamoDB stream: its configuration as given (the fields of
 * CreateEventSourceMapping / UpdateEventSourceMapping that apply to streams), the function it invokes and whether it
 * is enabled. Nothing is ever read from the stream. Guarded by the World lock.
 */
public final class EventSourceMapping {
  public String uuid;
  public String eventSourceArn;
  public String functionArn;
  public boolean enabled;
  public String startingPosition;
  /** BatchSize, MaximumBatchingWindowInSeconds, FilterCriteria, DestinationConfig, ... as the last call set them. */
  public ObjectNode configuration;
  public Instant lastModified;
}
