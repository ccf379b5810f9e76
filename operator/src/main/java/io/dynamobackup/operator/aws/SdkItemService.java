package io.dynamobackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link ItemService} over the AWS SDK v2 DynamoDbClient. */
public final class SdkItemService extends SdkService implements ItemService {
  /** BatchGetItem's limit of keys per call. */
  private static final int GET_BATCH = 100;
  /** How often keys DynamoDB left unprocessed are asked again before the read counts as throttled. */
  private static final int GET_ATTEMPTS = 3;

  public SdkItemService(AwsClients clients, AwsIdentity identity) {
    super(clients, identity);
  }

  @Override
  public TableShape describe(String region, String table) {
    TableDescription t = AwsCalls.call(() -> clients.dynamoDb(identity, region).describeTable(b -> b.tableName(table)))
        .table();
    Map<String, String> types = new LinkedHashMap<>();
    t.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
    String partition = null;
    String sort = null;
    for (KeySchemaElement key : t.keySchema()) {
      if (key.keyType() == KeyType.HASH) {
        partition = key.attributeName();
      } else {
        sort = key.attributeName();
      }
    }
    boolean onDemand = t.billingModeSummary() != null && t.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    long capacity = 0;
    if (!onDemand) {
      capacity = t.provisionedThroughput() == null ? 0 : t.provisionedThroughput().writeCapacityUnits();
      for (var index : t.globalSecondaryIndexes()) {
        Long units = index.provisionedThroughput() == null ? null : index.provisionedThroughput().writeCapacityUnits();
        if (units != null && units > 0) {
          capacity = Math.min(capacity, units);
        }
      }
    }
    return new TableShape(t.tableArn(), partition, types.get(partition), sort, sort == null ? null : types.get(sort),
        onDemand, capacity);
  }

  @Override
  public List<ObjectNode> get(String region, String table, List<ObjectNode> keys) {
    DynamoDbClient dynamoDb = clients.dynamoDb(identity, region);
    List<ObjectNode> found = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += GET_BATCH) {
      List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(keys.size(), from + GET_BATCH)).stream()
          .map(DynamoJson::item).toList();
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        if (attempt > GET_ATTEMPTS) {
          throw new AwsException("ProvisionedThroughputExceededException", "BatchGetItem left " + pending.size()
              + " keys of table " + table + " unprocessed " + GET_ATTEMPTS + " times", true, null);
        }
        List<Map<String, AttributeValue>> ask = pending;
        var response = AwsCalls.call(() -> dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table,
            KeysAndAttributes.builder().keys(ask).consistentRead(true).build()))));
        response.responses().getOrDefault(table, List.of()).forEach(item -> found.add(DynamoJson.json(item)));
        KeysAndAttributes left = response.unprocessedKeys().get(table);
        pending = left == null ? List.of() : left.keys();
      }
    }
    return found;
  }

  @Override
  public ScanPage scan(String region, String table, ObjectNode exclusiveStartKey, int limit, Expression filter) {
    var response = AwsCalls.call(() -> clients.dynamoDb(identity, region).scan(b -> {
      b.tableName(table).limit(limit).consistentRead(true);
      if (exclusiveStartKey != null) {
        b.exclusiveStartKey(DynamoJson.item(exclusiveStartKey));
      }
      if (filter != null) {
        b.filterExpression(filter.expression());
        if (filter.names() != null && !filter.names().isEmpty()) {
          b.expressionAttributeNames(filter.names());
        }
        if (filter.values() != null && !filter.values().isEmpty()) {
          b.expressionAttributeValues(values(filter.values()));
        }
      }
    }));
    return new ScanPage(response.items().stream().map(DynamoJson::json).toList(),
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? DynamoJson.json(response.lastEvaluatedKey()) : null);
  }

  @Override
  public PutResult put(String region, String table, ObjectNode item, Expression condition) {
    try {
      var response = AwsCalls.call(() -> clients.dynamoDb(identity, region).putItem(b -> {
        b.tableName(table).item(DynamoJson.item(item)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (condition != null) {
          b.conditionExpression(condition.expression());
          if (condition.names() != null && !condition.names().isEmpty()) {
            b.expressionAttributeNames(condition.names());
          }
          if (condition.values() != null && !condition.values().isEmpty()) {
            b.expressionAttributeValues(values(condition.values()));
          }
        }
      }));
      return new PutResult(false, units(response.consumedCapacity(), item));
    } catch (AwsException e) {
      if (e.code().equals("ConditionalCheckFailedException")) {
        // Also a failed condition consumes capacity; DynamoDB does not report how much: at least the item's size.
        return new PutResult(true, ItemSize.writeUnits(item));
      }
      throw e;
    }
  }

  @Override
  public BatchResult putAll(String region, String table, List<ObjectNode> items) {
    List<WriteRequest> requests = items.stream()
        .map(item -> WriteRequest.builder().putRequest(p -> p.item(DynamoJson.item(item))).build()).toList();
    var response = AwsCalls.call(() -> clients.dynamoDb(identity, region).batchWriteItem(b -> b
        .requestItems(Map.of(table, requests)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
    List<ObjectNode> unprocessed = response.unprocessedItems().getOrDefault(table, List.of()).stream()
        .map(request -> DynamoJson.json(request.putRequest().item())).toList();
    double consumed = response.consumedCapacity().stream().mapToDouble(c -> c.capacityUnits() == null ? 0
        : c.capacityUnits()).sum();
    return new BatchResult(unprocessed, consumed);
  }

  private static double units(ConsumedCapacity consumed, JsonNode item) {
    return consumed != null && consumed.capacityUnits() != null ? consumed.capacityUnits() : ItemSize.writeUnits(item);
  }

  private static Map<String, AttributeValue> values(Map<String, JsonNode> values) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    values.forEach((name, value) -> out.put(name, DynamoJson.value(value, name)));
    return out;
  }
}
