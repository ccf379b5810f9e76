package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

  /** A copy whose GSIs keep their throughput settings (for validating an UpdateTable on it). */
  public TableDefinition copyWithSettings() {
    TableDefinition d = copy();
    d.gsis.clear();
    gsis.forEach(i -> d.gsis.add(i.copyWithSettings()));
    return d;
  }

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

  /** The key attributes of the table and of its indexes. */
  public Set<String> keyAttributes() {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(hashKey);
    for (TableIndex i : lsis) {
      keys.add(i.rangeKey);
    }
    for (TableIndex i : gsis) {
      keys.add(i.hashKey);
      keys.add(i.rangeKey);
    }
    keys.add(rangeKey);
    keys.remove(null);
    return keys;
  }

  /** Drops attribute definitions no key uses any more (DynamoDB does so when an index is deleted or not restored). */
  public void pruneAttributeDefinitions() {
    Set<String> keys = keyAttributes();
    for (int i = attributeDefinitions.size() - 1; i >= 0; i--) {
      if (!keys.contains(attributeDefinitions.get(i).path("AttributeName").asText())) {
        attributeDefinitions.remove(i);
      }
    }
  }

  /**
   * Checks the key schemas of the table and its indexes, that every key attribute is declared, the local indexes'
   * shared hash key, and the index rules ({@link TableRules#indexes}).
   */
  public void validate() {
    TableRules.keySchema(keySchema, "");
    for (TableIndex i : lsis) {
      TableRules.keySchema(i.keySchema, " for index " + i.name);
    }
    for (TableIndex i : gsis) {
      TableRules.keySchema(i.keySchema, " for index " + i.name);
    }
    TableRules.indexes(this);
    requireDeclared(hashKey);
    requireDeclared(rangeKey);
    for (TableIndex i : lsis) {
      if (i.rangeKey == null) {
        throw ApiException.validation("One or more parameter values were invalid: Index KeySchema of local secondary"
            + " index " + i.name + " must have a range key");
      }
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
