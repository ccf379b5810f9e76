package io.dynamobackup.localaws.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.dynamobackup.localaws.autoscaling.AutoScalingService;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.DynamoDbService;
import io.dynamobackup.localaws.tagging.TaggingService;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The AWS JSON protocols, routed by {@code X-Amz-Target: <prefix>.<Operation>}: DynamoDB (JSON 1.0, errors typed
 * {@code com.amazonaws.dynamodb.v20120810#Code} or a Coral namespace, a CRC32 header on every response), and
 * Application Auto Scaling and the Resource Groups Tagging API (JSON 1.1, errors typed by their bare code).
 */
final class JsonProtocol {
  static final String DYNAMODB_PREFIX = DynamoDbService.TARGET_PREFIX;
  static final String AUTO_SCALING_PREFIX = AutoScalingService.TARGET_PREFIX;
  static final String KINESIS_PREFIX = io.dynamobackup.localaws.kinesis.KinesisService.TARGET_PREFIX;
  static final String TAGGING_PREFIX = TaggingService.TARGET_PREFIX;

  private final Dispatcher dispatcher;
  private final Map<String, Operation> dynamoOps;
  private final Map<String, Operation> autoScalingOps;
  private final Map<String, Operation> kinesisOps;
  private final Map<String, Operation> taggingOps;

  JsonProtocol(Dispatcher dispatcher, Map<String, Operation> dynamoOps, Map<String, Operation> autoScalingOps,
      Map<String, Operation> kinesisOps, Map<String, Operation> taggingOps) {
    this.dispatcher = dispatcher;
    this.dynamoOps = dynamoOps;
    this.autoScalingOps = autoScalingOps;
    this.kinesisOps = kinesisOps;
    this.taggingOps = taggingOps;
  }

  void handle(HttpExchange ex, String target, byte[] body, Dispatcher.Caller caller, Instant now,
      String contentType) throws IOException {
    boolean kinesis = target.startsWith(KINESIS_PREFIX);
    boolean tagging = target.startsWith(TAGGING_PREFIX);
    // JSON 1.1 services type their errors with the bare code; DynamoDB (JSON 1.0) with a namespace.
    boolean autoScaling = target.startsWith(AUTO_SCALING_PREFIX) || kinesis || tagging;
    String service = kinesis ? "kinesis" : tagging ? "tagging" : autoScaling ? "application-autoscaling" : "dynamodb";
    String prefix = kinesis ? KINESIS_PREFIX : tagging ? TAGGING_PREFIX : autoScaling ? AUTO_SCALING_PREFIX
        : DYNAMODB_PREFIX;
    String op = target.startsWith(prefix) ? target.substring(prefix.length()) : target;
    int status;
    byte[] out;
    String table = null;
    try {
      Operation handler = (kinesis ? kinesisOps : tagging ? taggingOps : autoScaling ? autoScalingOps : dynamoOps)
          .get(op);
      if (handler == null || !target.startsWith(prefix)) {
        throw new ApiException(400, "UnknownOperationException", "Unknown operation " + target);
      }
      if (contentType != null && contentType.contains("cbor")) {
        throw new ApiException(400, "SerializationException", "local-aws speaks JSON 1.1 to " + service
            + ", not CBOR: disable CBOR in the client (-Daws.cborEnabled=false or AWS_CBOR_DISABLED=true)");
      }
      ObjectNode input = Exchanges.jsonBody(body);
      table = autoScaling ? null : tableOf(input);
      JsonNode result = dispatcher.invoke(service, op, handler, caller, now, input, input, Map.of(), Map.of());
      status = 200;
      out = Json.MAPPER.writeValueAsBytes(result == null ? Json.object() : result);
    } catch (ApiException e) {
      status = e.status();
      ObjectNode err = Json.object();
      err.put("__type", autoScaling ? e.code() : dynamoErrorPrefix(e.code()) + "#" + e.code());
      err.put("message", e.getMessage());
      out = Json.MAPPER.writeValueAsBytes(err);
    }
    dispatcher.record(service, op, caller, now, status, table);
    if (autoScaling) {
      ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    } else {
      CRC32 crc = new CRC32();
      crc.update(out);
      ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      ex.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
    }
    Exchanges.send(ex, status, out);
  }

  /** The table a DynamoDB request names: TableName, the one table of RequestItems, or ResourceArn's table. */
  static String tableOf(ObjectNode input) {
    String name = Json.text(input, "TableName");
    if (name == null && input.get("RequestItems") instanceof ObjectNode items && items.size() == 1) {
      name = items.fieldNames().next();
    }
    if (name == null) {
      name = Json.text(input, "ResourceArn");
    }
    if (name == null) {
      name = Json.text(input, "TargetTableName");
    }
    return name;
  }

  /** The namespace DynamoDB types an error with: Coral's for framework errors, the service's for its own. */
  private static String dynamoErrorPrefix(String code) {
    switch (code) {
      case "ValidationException":
        return "com.amazon.coral.validate";
      case "ThrottlingException":
      case "ServiceUnavailable":
        return "com.amazon.coral.availability";
      case "AccessDeniedException":
      case "UnknownOperationException":
      case "SerializationException":
        return "com.amazon.coral.service";
      default:
        return "com.amazonaws.dynamodb.v20120810";
    }
  }
}
