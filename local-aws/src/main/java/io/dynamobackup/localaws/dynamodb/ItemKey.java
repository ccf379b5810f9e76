package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;

/** The primary key of an item; ordered like DynamoDB orders keys. */
public record ItemKey(JsonNode hash, JsonNode range) implements Comparable<ItemKey> {
  @Override
  public int compareTo(ItemKey o) {
    int c = AttributeValues.compare(hash, o.hash);
    if (c != 0) {
      return c;
    }
    if (range == null || o.range == null) {
      return range == null ? (o.range == null ? 0 : -1) : 1;
    }
    return AttributeValues.compare(range, o.range);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemKey k && compareTo(k) == 0;
  }

  @Override
  public int hashCode() {
    return hash.toString().hashCode();
  }
}
