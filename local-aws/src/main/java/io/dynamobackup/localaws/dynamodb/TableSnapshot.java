package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A full, immutable copy of a table at one instant: its definition (keys, indexes, billing,
 * capacity, encryption), its items, and its tags (only used when a restore asks to copy them).
 */
public record TableSnapshot(
    Scope scope,
    String tableName,
    String tableArn,
    String tableId,
    TableDefinition definition,
    List<ObjectNode> items,
    long sizeBytes,
    Map<String, String> tags,
    Instant takenAt) {

  public int itemCount() {
    return items.size();
  }
}
