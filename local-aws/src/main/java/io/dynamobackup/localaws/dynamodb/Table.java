package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.Timed;
import io.dynamobackup.localaws.core.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** An in-memory DynamoDB table. Items are immutable ObjectNodes, replaced on every write. */
public final class Table implements Timed {
  public final Scope scope;
  public final String name;
  public final String arn;
  public final String id = UUID.randomUUID().toString();
  public final Instant createdAt;
  public TableDefinition def;
  public String status = "ACTIVE";
  /** When a CREATING table becomes ACTIVE. */
  public Instant activeAt;
  public boolean streamEnabled;
  public String streamViewType;
  public String streamLabel;
  public boolean deletionProtection;
  public final Map<String, String> tags = new LinkedHashMap<>();
  public String ttlAttribute;
  public boolean ttlEnabled;
  public boolean pitrEnabled;
  public Instant pitrEnabledAt;
  /** The PITR recovery period, 1–35 days (35 when not set). */
  public int pitrRecoveryPeriodDays = 35;
  /** The table's resource-based policy (policy null: none). */
  final ResourcePolicyOperations.Attached policy = new ResourcePolicyOperations.Attached();
  /** Resource-based policies of the table's streams, by stream label. */
  final Map<String, ResourcePolicyOperations.Attached> streamPolicies = new LinkedHashMap<>();
  /** STANDARD or STANDARD_INFREQUENT_ACCESS, and when it last changed (null: never). */
  public String tableClass = "STANDARD";
  public Instant tableClassUpdatedAt;
  /** Maximum on-demand request units (OnDemandThroughput); -1 means no maximum. */
  public long maxReadRequestUnits = -1;
  public long maxWriteRequestUnits = -1;
  /** Warm throughput in units per second (a new table is warm for DynamoDB's defaults). */
  public long warmReads = TableFeatures.DEFAULT_WARM_READS;
  public long warmWrites = TableFeatures.DEFAULT_WARM_WRITES;
  /** Contributor Insights mode of the table ("" key) and of its GSIs, while enabled. */
  public final Map<String, String> contributorInsights = new LinkedHashMap<>();
  /** Kinesis Data Streams destinations by stream ARN. */
  public final Map<String, TableFeatures.KinesisDestination> kinesisDestinations = new LinkedHashMap<>();
  /** Global table replicas (version 2019.11.21) by Region. */
  public final Map<String, TableFeatures.Replica> replicas = new LinkedHashMap<>();
  public ObjectNode restoreSummary;
  public Instant lastPayPerRequestAt;
  public boolean deleted;
  /** When DeleteTable removed it (null while it exists). */
  public Instant deletedAt;
  public final TreeMap<ItemKey, ObjectNode> items = new TreeMap<>();
  /** Point-in-time recovery's change history while PITR is enabled, else null. */
  public ItemHistory pitrHistory;
  /** Provisioned write capacity (token buckets) of the table and its GSIs. */
  final WriteCapacity capacity = new WriteCapacity();

  public Table(Scope scope, String name, Instant createdAt, TableDefinition def) {
    this.scope = scope;
    this.name = name;
    this.arn = scope.arn("dynamodb", "table/" + name);
    this.createdAt = createdAt;
    this.def = def;
  }

  public boolean isActive() {
    return !"CREATING".equals(status) && !"DELETING".equals(status);
  }

  /** Stores {@code item} under {@code key}, recording the version for point-in-time recovery. */
  public void put(ItemKey key, ObjectNode item, Instant at) {
    items.put(key, item);
    if (pitrHistory != null) {
      pitrHistory.record(key, item, at, pitrHorizon(at));
    }
  }

  /** Deletes the item of {@code key} (if any), recording the deletion for point-in-time recovery. */
  public void remove(ItemKey key, Instant at) {
    if (items.remove(key) != null && pitrHistory != null) {
      pitrHistory.record(key, null, at, pitrHorizon(at));
    }
  }

  /** Turns point-in-time recovery on (a new history from {@code at}, as AWS resets it) or off (history dropped). */
  public void setPointInTimeRecovery(boolean enabled, Instant at) {
    if (enabled && !pitrEnabled) {
      pitrEnabledAt = at;
      pitrHistory = ItemHistory.startingWith(items, at);
    } else if (!enabled) {
      pitrEnabledAt = null;
      pitrHistory = null;
    }
    pitrEnabled = enabled;
  }

  /** The oldest instant a restore may still ask for, given the recovery period. */
  public Instant pitrHorizon(Instant now) {
    return now.minus(java.time.Duration.ofDays(pitrRecoveryPeriodDays));
  }

  /** Extracts and validates the primary key from a Key or an Item. */
  public ItemKey key(JsonNode keyOrItem, boolean exactKey) {
    if (keyOrItem == null || !keyOrItem.isObject()) {
      throw ApiException.validation("The provided key element does not match the schema");
    }
    JsonNode h = keyOrItem.get(def.hashKey);
    JsonNode r = def.rangeKey == null ? null : keyOrItem.get(def.rangeKey);
    if (h == null || (def.rangeKey != null && r == null)) {
      throw ApiException.validation(exactKey
          ? "The provided key element does not match the schema"
          : "One or more parameter values were invalid: Missing the key " + (h == null ? def.hashKey : def.rangeKey) + " in the item");
    }
    checkType(def.hashKey, h);
    if (r != null) {
      checkType(def.rangeKey, r);
    }
    if (exactKey && keyOrItem.size() != (def.rangeKey == null ? 1 : 2)) {
      throw ApiException.validation("The provided key element does not match the schema");
    }
    return new ItemKey(h, r);
  }

  /** Validates the key attributes of a full item (table and index keys). */
  public void validateItem(ObjectNode item) {
    key(item, false);
    for (TableIndex i : def.lsis) {
      if (i.rangeKey != null && item.has(i.rangeKey)) {
        checkType(i.rangeKey, item.get(i.rangeKey));
      }
    }
    for (TableIndex i : def.gsis) {
      if (item.has(i.hashKey)) {
        checkType(i.hashKey, item.get(i.hashKey));
      }
      if (i.rangeKey != null && item.has(i.rangeKey)) {
        checkType(i.rangeKey, item.get(i.rangeKey));
      }
    }
  }

  private void checkType(String attr, JsonNode value) {
    String declared = def.attributeType(attr);
    String actual = AttributeValues.type(value);
    if (declared != null && !declared.equals(actual)) {
      throw ApiException.validation("One or more parameter values were invalid: Type mismatch for key " + attr
          + " expected: " + declared + " actual: " + actual);
    }
    if (declared != null && "S".equals(actual) && value.get("S").asText().isEmpty()) {
      throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: " + attr);
    }
    if (declared != null && "B".equals(actual) && AttributeValues.bytes(value.get("B").asText()).length == 0) {
      throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: " + attr);
    }
    if (declared != null && "N".equals(actual)) {
      AttributeValues.checkNumber(value.get("N").asText());
    }
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
    long size = "S".equals(actual) ? value.get("S").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        : "B".equals(actual) ? AttributeValues.bytes(value.get("B").asText()).length : 0;
    if (attr.equals(def.hashKey) && size > 2048) {
      throw ApiException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the"
          + " maximum size limit of2048 bytes");
    }
    if (attr.equals(def.rangeKey) && size > 1024) {
      throw ApiException.validation("One or more parameter values were invalid: Aggregated size of all range keys has"
          + " exceeded the size limit of 1024 bytes");
    }
  }

  public long sizeBytes() {
    long s = 0;
    for (ObjectNode item : items.values()) {
      s += AttributeValues.itemSize(item);
    }
    return s;
  }

  /** Items that belong to an index (those having all its key attributes), unsorted. */
  public List<ObjectNode> indexItems(TableIndex index) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode item : items.values()) {
      if (item.has(index.hashKey) && (index.rangeKey == null || item.has(index.rangeKey))) {
        out.add(item);
      }
    }
    return out;
  }

  public TableSnapshot snapshot(Instant at) {
    return new TableSnapshot(scope, name, arn, id, def.copy(), new ArrayList<>(items.values()),
        sizeBytes(), new LinkedHashMap<>(tags), at);
  }

  @Override
  public Instant nextEvent(World world) {
    return "CREATING".equals(status) && activeAt != null && !deleted ? activeAt : null;
  }

  @Override
  public void fire(Instant at, World world) {
    status = "ACTIVE";
    if (restoreSummary != null) {
      restoreSummary.put("RestoreInProgress", false);
    }
  }

  @Override
  public boolean done() {
    return deleted || !"CREATING".equals(status);
  }
}
