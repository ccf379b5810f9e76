package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.Collection;

/** ProjectionExpression (top-level attributes) and index projections. */
final class Projection {
  private Projection() {}

  static ObjectNode project(ObjectNode item, String projectionExpression, JsonNode names) {
    if (projectionExpression == null || projectionExpression.isBlank()) {
      return item.deepCopy();
    }
    ObjectNode out = item.objectNode();
    for (String part : projectionExpression.split(",")) {
      String p = part.trim();
      String top = p.split("[.\\[]", 2)[0];
      if (top.startsWith("#")) {
        JsonNode n = names == null ? null : names.get(top);
        if (n == null) {
          throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions or an expression attribute name used in expression is not defined; attribute name: " + top);
        }
        top = n.asText();
      }
      if (item.has(top)) {
        out.set(top, item.get(top).deepCopy());
      }
    }
    return out;
  }

  /** The attributes of {@code item} that an index projects. */
  static ObjectNode indexProjection(ObjectNode item, TableDefinition def, TableIndex index) {
    String type = index.projectionType();
    if ("ALL".equals(type)) {
      return item;
    }
    ObjectNode out = item.objectNode();
    copy(item, out, def.hashKey);
    copy(item, out, def.rangeKey);
    copy(item, out, index.hashKey);
    copy(item, out, index.rangeKey);
    if ("INCLUDE".equals(type)) {
      JsonNode nonKey = index.projection.path("NonKeyAttributes");
      nonKey.forEach(n -> copy(item, out, n.asText()));
    }
    return out;
  }

  static void copy(ObjectNode from, ObjectNode to, String attr) {
    if (attr != null && from.has(attr)) {
      to.set(attr, from.get(attr));
    }
  }

  static void keep(ObjectNode item, Collection<String> attrs, ObjectNode to) {
    attrs.forEach(a -> copy(item, to, a));
  }
}
