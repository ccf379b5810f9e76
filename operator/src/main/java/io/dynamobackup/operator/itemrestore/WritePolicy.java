package io.dynamobackup.operator.itemrestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ConflictPolicy;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.UnchangedSince;
import io.dynamobackup.operator.aws.ItemService;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * How a restored item is written under the conflict policy: the condition DynamoDB checks at the moment of the write
 * (so an item the application changes meanwhile is judged as it then is), and the same judgement made locally for a
 * dry run. Each write is idempotent: writing the same item again ends in the same table state.
 */
final class WritePolicy {
  private final ConflictPolicy policy;
  private final UnchangedSince since;
  private final ItemService.TableShape target;

  WritePolicy(DynamoItemRestoreSpec spec, ItemService.TableShape target) {
    this.policy = spec.conflictPolicy == null ? ConflictPolicy.SkipExisting : spec.conflictPolicy;
    this.since = spec.unchangedSince;
    this.target = target;
  }

  /** Overwrite needs no condition: items go in BatchWriteItem batches of 25. */
  boolean unconditional() {
    return policy == ConflictPolicy.Overwrite;
  }

  /**
   * The ConditionExpression of a PutItem: SkipExisting writes only where no item exists; OverwriteIfUnchangedSince
   * also where the existing item's attribute is at or before the time (an item without it, or with a value of another
   * type, is left alone).
   */
  ItemService.Expression condition() {
    return switch (policy) {
      case SkipExisting -> new ItemService.Expression("attribute_not_exists(#key)",
          Map.of("#key", target.partitionKey()), null);
      case OverwriteIfUnchangedSince -> new ItemService.Expression("attribute_not_exists(#key) OR #changed <= :since",
          Map.of("#key", target.partitionKey(), "#changed", since.attribute), Map.of(":since", sinceValue()));
      case Overwrite -> null;
    };
  }

  /** What the condition would decide for an item whose current version in the target is {@code existing}. */
  boolean wouldWrite(ObjectNode existing) {
    if (existing == null || policy == ConflictPolicy.Overwrite) {
      return true;
    }
    if (policy == ConflictPolicy.SkipExisting) {
      return false;
    }
    JsonNode value = existing.get(since.attribute);
    JsonNode bound = sinceValue();
    if (value == null || !value.has(bound.fieldNames().next())) {
      return false;
    }
    return bound.has("S") ? value.get("S").asText().compareTo(bound.get("S").asText()) <= 0
        : new BigDecimal(value.get("N").asText()).compareTo(new BigDecimal(bound.get("N").asText())) <= 0;
  }

  /** unchangedSince.time in the attribute's format: an RFC 3339 string in UTC, or epoch seconds or milliseconds. */
  private JsonNode sinceValue() {
    Instant time = OffsetDateTime.parse(since.time).toInstant();
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    UnchangedSince.TimeFormat format = since.format == null ? UnchangedSince.TimeFormat.RFC3339 : since.format;
    switch (format) {
      case EpochSeconds -> value.put("N", Long.toString(time.getEpochSecond()));
      case EpochMillis -> value.put("N", Long.toString(time.toEpochMilli()));
      default -> value.put("S", time.toString());
    }
    return value;
  }

  /** The item's primary key, in DynamoDB JSON. */
  ObjectNode keyOf(ObjectNode item) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    target.keyAttributes().forEach(attribute -> key.set(attribute, item.get(attribute)));
    return key;
  }
}
