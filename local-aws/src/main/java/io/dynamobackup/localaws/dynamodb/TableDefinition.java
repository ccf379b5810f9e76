package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a table that a backup captures and a restore re-creates: key schema, attribute
 * definitions, indexes, billing mode, provisioned capacity and encryption.
 */
public final class TableDefinition {
  public ArrayNode keySchema;
  public ArrayNode attributeDefinitions;
  public String hashKey;
  public String rangeKey;
  public List<TableIndex> lsis = new ArrayList<>();
  public List<TableIndex> gsis = new ArrayList<>();
  public String billingMode = "PROVISIONED";
  public long rcu;
  public long wcu;
  /** Null means encryption at rest with an AWS owned key (the default). */
  public Sse sse;

  /** Server-side encryption with a KMS key (AWS managed or customer managed). */
  public record Sse(String kmsKeyArn) {}

  public TableDefinition copy() {
    TableDefinition d = new TableDefinition();
    d.keySchema = keySchema.deepCopy();
    d.attributeDefinitions = attributeDefinitions.deepCopy();
    d.hashKey = hashKey;
    d.rangeKey = rangeKey;
    lsis.forEach(i -> d.lsis.add(i.copy()));
    gsis.forEach(i -> d.gsis.add(i.copy()));
    d.billingMode = billingMode;
    d.rcu = rcu;
    d.wcu = wcu;
    d.sse = sse;
    return d;
  }

  public void setKeySchema(ArrayNode schema) {
    this.keySchema = schema;
    hashKey = null;
    rangeKey = null;
    for (JsonNode k : schema) {
      String type = k.path("KeyType").asText();
      if ("HASH".equals(type)) {
        hashKey = k.path("AttributeName").asText();
      } else if ("RANGE".equals(type)) {
        rangeKey = k.path("AttributeName").asText();
      }
    }
    if (hashKey == null) {
      throw ApiException.validation("1 validation error detected: No Hash Key specified in schema");
    }
  }

  public TableIndex index(String name) {
    for (TableIndex i : lsis) {
      if (i.name.equals(name)) {
        return i;
      }
    }
    for (TableIndex i : gsis) {
      if (i.name.equals(name)) {
        return i;
      }
    }
    return null;
  }

  /** The declared type (S, N, B) of a key attribute, or null when not declared. */
  public String attributeType(String name) {
    for (JsonNode a : attributeDefinitions) {
      if (name.equals(a.path("AttributeName").asText())) {
        return a.path("AttributeType").asText();
      }
    }
    return null;
  }

  /** Checks that every key attribute of the table and its indexes is declared. */
  public void validateKeys() {
    requireDeclared(hashKey);
    requireDeclared(rangeKey);
    for (TableIndex i : lsis) {
      if (!i.hashKey.equals(hashKey)) {
        throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: " + i.name);
      }
      requireDeclared(i.rangeKey);
    }
    for (TableIndex i : gsis) {
      requireDeclared(i.hashKey);
      requireDeclared(i.rangeKey);
    }
  }

  private void requireDeclared(String attr) {
    if (attr != null && attributeType(attr) == null) {
      throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" + attr + "]");
    }
  }
}
