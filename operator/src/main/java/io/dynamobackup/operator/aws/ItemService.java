package io.dynamobackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's data plane for item-level recovery: items and keys are DynamoDB JSON ({@code {"pk": {"S": "a"}}}), so
 * no SDK type leaves this package. Every method throws {@link AwsException}; a throttled call
 * ({@link AwsException#isThrottling()}) changed nothing.
 */
public interface ItemService {
  /** What an item restore needs to know of a table: its key schema, its ARN and its write capacity. */
  record TableShape(String arn, String partitionKey, String partitionKeyType, String sortKey, String sortKeyType,
      boolean onDemand, long writeCapacityUnits) {
    /** The key attribute names, partition key first. */
    public List<String> keyAttributes() {
      return sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
    }
  }

  /**
   * DescribeTable: the key schema, and for a provisioned table the smallest WriteCapacityUnits of the table and its
   * global secondary indexes (a write throttles when any of them is short).
   */
  TableShape describe(String region, String table);

  /** BatchGetItem, strongly consistent, 100 keys per call, unprocessed keys asked again: the items found. */
  List<ObjectNode> get(String region, String table, List<ObjectNode> keys);

  /** One Scan page: at most {@code limit} items evaluated after {@code exclusiveStartKey} (null: from the start). */
  ScanPage scan(String region, String table, ObjectNode exclusiveStartKey, int limit, Expression filter);

  /** Items a Scan page matched, and the key to continue after (null at the end of the table). */
  record ScanPage(List<ObjectNode> items, ObjectNode lastEvaluatedKey) {}

  /** An expression with its placeholders (values in DynamoDB JSON). */
  record Expression(String expression, Map<String, String> names, Map<String, JsonNode> values) {}

  /**
   * PutItem with {@code condition} (null: unconditional). Returns the write capacity units it consumed, as DynamoDB
   * reports them; a failed condition returns {@link PutResult#conditionFailed()} true (it consumed capacity too).
   */
  PutResult put(String region, String table, ObjectNode item, Expression condition);

  /** The outcome of one conditional PutItem. */
  record PutResult(boolean conditionFailed, double consumedUnits) {}

  /**
   * BatchWriteItem of at most 25 unconditional puts into one table. Returns, in request order, the items DynamoDB did
   * not process (throttled: write them again later) and the capacity consumed by the rest.
   */
  BatchResult putAll(String region, String table, List<ObjectNode> items);

  /** What a BatchWriteItem left unprocessed, and the write capacity units it consumed. */
  record BatchResult(List<ObjectNode> unprocessed, double consumedUnits) {}
}
