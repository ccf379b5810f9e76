package io.dynamobackup.operator.itemrestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreStatus.Progress;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.aws.ItemService;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selected items of the scratch table, batch by batch from a recorded {@link Progress}: by key (BatchGetItem of
 * the next keys of spec.items.keys, in their order) or by scan (Scan pages, with the filter, after the last handled
 * key). Each entry carries the progress to record once it is handled, so a copy interrupted at any entry — by
 * throttling or a crash — goes on exactly after the last one handled.
 */
final class Selection {
  /** Keys or scanned items per batch: BatchGetItem's limit (writes go out in chunks of BatchWriteItem's 25). */
  static final int BATCH = 100;

  /** A selected item ({@code item} null: a listed key the scratch table does not hold), and the progress after it. */
  record Entry(ObjectNode item, ObjectNode key, Progress after) {}

  /** The entries of one batch, and the progress once all of them are handled ({@code done}: nothing follows). */
  record Batch(List<Entry> entries, Progress end) {}

  private final ItemService items;
  private final String region;
  private final String table;
  private final ItemSelection spec;
  private final List<String> keyAttributes;

  Selection(ItemService items, String region, String table, ItemSelection spec, List<String> keyAttributes) {
    this.items = items;
    this.region = region;
    this.table = table;
    this.spec = spec;
    this.keyAttributes = keyAttributes;
  }

  /** The next batch after {@code progress}. */
  Batch next(Progress progress) {
    return spec.keys != null ? byKey(progress) : byScan(progress);
  }

  private Batch byKey(Progress progress) {
    int from = progress.nextKeyIndex == null ? 0 : progress.nextKeyIndex;
    int to = Math.min(spec.keys.size(), from + BATCH);
    List<ObjectNode> keys = new ArrayList<>();
    for (int i = from; i < to; i++) {
      keys.add(key(Serialization.jsonMapper().valueToTree(spec.keys.get(i))));
    }
    Map<String, ObjectNode> found = new HashMap<>();
    for (ObjectNode item : items.get(region, table, keys)) {
      found.put(canonical(key(item)), item);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      entries.add(new Entry(found.get(canonical(keys.get(i))), keys.get(i), keyProgress(from + i + 1)));
    }
    return new Batch(entries, keyProgress(to));
  }

  private Progress keyProgress(int next) {
    Progress progress = new Progress();
    progress.nextKeyIndex = next;
    progress.done = next >= spec.keys.size() ? Boolean.TRUE : null;
    return progress;
  }

  private Batch byScan(Progress progress) {
    ObjectNode start = progress.lastEvaluatedKey == null ? null
        : (ObjectNode) Serialization.unmarshal(progress.lastEvaluatedKey, JsonNode.class);
    ItemService.Expression filter = spec.filter == null ? null
        : new ItemService.Expression(spec.filter.expression, spec.filter.names, spec.filter.values);
    ItemService.ScanPage page = items.scan(region, table, start, BATCH, filter);
    List<Entry> entries = new ArrayList<>();
    for (ObjectNode item : page.items()) {
      ObjectNode key = key(item);
      entries.add(new Entry(item, key, scanProgress(key)));
    }
    Progress end = page.lastEvaluatedKey() == null ? new Progress() : scanProgress(page.lastEvaluatedKey());
    if (page.lastEvaluatedKey() == null) {
      end.lastEvaluatedKey = progress.lastEvaluatedKey;
      end.done = Boolean.TRUE;
    }
    return new Batch(entries, end);
  }

  private static Progress scanProgress(ObjectNode key) {
    Progress progress = new Progress();
    progress.lastEvaluatedKey = Serialization.asJson(key);
    return progress;
  }

  /** The primary key of an item of the scratch table (or a listed key), partition key first. */
  ObjectNode key(ObjectNode item) {
    ObjectNode key = Serialization.jsonMapper().createObjectNode();
    keyAttributes.forEach(attribute -> key.set(attribute, item.get(attribute)));
    return key;
  }

  /** A key as text that does not depend on attribute order. */
  private String canonical(ObjectNode key) {
    StringBuilder text = new StringBuilder();
    keyAttributes.forEach(attribute -> text.append(attribute).append('=').append(key.get(attribute)).append(';'));
    return text.toString();
  }
}
