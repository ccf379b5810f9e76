package io.dynamobackup.localaws.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon Kinesis Data Streams, as far as DynamoDB's Kinesis streaming destinations need it: CreateStream,
 * DescribeStreamSummary, ListStreams, DeleteStream (JSON 1.1, {@code X-Amz-Target: Kinesis_20131202.Op}). Streams hold
 * no records. The AWS SDK for Java speaks CBOR to Kinesis by default; local-aws answers JSON only, so clients disable
 * CBOR ({@code -Daws.cborEnabled=false}; the aws CLI uses JSON).
 */
public final class KinesisService {
  public static final String TARGET_PREFIX = "Kinesis_20131202.";
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public KinesisService() {
    operations.put("CreateStream", this::createStream);
    operations.put("DescribeStreamSummary", this::describeStreamSummary);
    operations.put("ListStreams", this::listStreams);
    operations.put("DeleteStream", this::deleteStream);
  }

  public Map<String, Operation> operations() {
    return Collections.unmodifiableMap(operations);
  }

  /** The stream an ARN names, if it exists (used by DynamoDB's Kinesis streaming destinations). */
  public static KinesisStream find(RegionState region, String arn) {
    Arns.Arn a = Arns.parse(arn);
    if (a == null || !a.resource().startsWith("stream/")) {
      return null;
    }
    KinesisStream stream = region.kinesisStreams.get(a.resource().substring("stream/".length()));
    return stream != null && stream.arn.equals(arn) ? stream : null;
  }

  JsonNode createStream(Request r) {
    String name = r.requiredText("StreamName");
    if (r.region().kinesisStreams.containsKey(name)) {
      throw new ApiException(400, "ResourceInUseException", "Stream " + name + " under account "
          + r.scope.accountId() + " already exists.");
    }
    String mode = r.node("StreamModeDetails") == null ? "PROVISIONED"
        : r.node("StreamModeDetails").path("StreamMode").asText("PROVISIONED");
    Long shards = Json.longValue(r.body, "ShardCount");
    if ("PROVISIONED".equals(mode) && shards == null) {
      throw new ApiException(400, "InvalidArgumentException", "ShardCount is required for a provisioned stream");
    }
    KinesisStream stream = new KinesisStream();
    stream.name = name;
    stream.arn = r.scope.arn("kinesis", "stream/" + name);
    stream.mode = mode;
    stream.shardCount = shards == null ? 4 : shards.intValue();
    stream.createdAt = r.now;
    r.region().kinesisStreams.put(name, stream);
    return null;
  }

  JsonNode describeStreamSummary(Request r) {
    KinesisStream stream = stream(r);
    ObjectNode out = Json.object();
    ObjectNode d = out.putObject("StreamDescriptionSummary");
    d.put("StreamName", stream.name);
    d.put("StreamARN", stream.arn);
    d.put("StreamStatus", "ACTIVE");
    d.putObject("StreamModeDetails").put("StreamMode", stream.mode);
    d.put("RetentionPeriodHours", 24);
    Json.putTime(d, "StreamCreationTimestamp", stream.createdAt);
    d.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
    d.put("EncryptionType", "NONE");
    d.put("OpenShardCount", stream.shardCount);
    d.put("ConsumerCount", 0);
    return out;
  }

  JsonNode listStreams(Request r) {
    ObjectNode out = Json.object();
    ArrayNode names = out.putArray("StreamNames");
    ArrayNode summaries = out.putArray("StreamSummaries");
    for (KinesisStream stream : r.region().kinesisStreams.values()) {
      names.add(stream.name);
      ObjectNode s = summaries.addObject();
      s.put("StreamName", stream.name);
      s.put("StreamARN", stream.arn);
      s.put("StreamStatus", "ACTIVE");
      s.putObject("StreamModeDetails").put("StreamMode", stream.mode);
      Json.putTime(s, "StreamCreationTimestamp", stream.createdAt);
    }
    out.put("HasMoreStreams", false);
    return out;
  }

  JsonNode deleteStream(Request r) {
    KinesisStream stream = stream(r);
    r.region().kinesisStreams.remove(stream.name);
    return null;
  }

  private static KinesisStream stream(Request r) {
    String arn = r.text("StreamARN");
    KinesisStream stream = arn != null ? find(r.region(), arn) : r.region().kinesisStreams.get(r.text("StreamName"));
    if (stream == null) {
      throw new ApiException(400, "ResourceNotFoundException", "Stream " + (arn != null ? arn : r.text("StreamName"))
          + " under account " + r.scope.accountId() + " not found.");
    }
    return stream;
  }
}
