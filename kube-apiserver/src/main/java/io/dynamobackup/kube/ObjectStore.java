package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The API server's object store: per resource (group and plural), objects sorted by namespace and name, plus an index
 * of label {@code key=value} pairs, so a read or write of one object costs O(log N) and a list with an equality label
 * selector touches only matching objects. One global {@code resourceVersion} counter orders every write; the last
 * {@value #HISTORY} changes are kept so a watch can start from any recent {@code resourceVersion} (older ones get
 * {@code 410 Gone}, as from etcd after compaction). Stored nodes are never mutated: writers replace them, readers get
 * the stored node ({@link #list}) or a copy ({@link #get}). Custom resources are kept as the API server serves them
 * from etcd, pruned and defaulted by their CRD's current schema ({@link SchemaValidator#normalize}): done once when an
 * object is stored, and again when its CRD's schema changes, so that reads cost nothing more.
 */
public final class ObjectStore {
  static final int HISTORY = 20_000;
  private static final char SEPARATOR = '\u0000';

  /** One change: {@code object} after it (for DELETED, the last state), {@code previous} before it (null if ADDED). */
  public record Change(String type, ResourceType resource, JsonNode object, JsonNode previous, long resourceVersion) {
  }

  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, NavigableMap<String, JsonNode>> objects = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> labelIndex = new HashMap<>();
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private long resourceVersion;

  public ObjectStore(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** Called for every change, in resourceVersion order, while the store is locked: keep it short. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** Called after every change (kept for the benchmarks, which count writes). */
  public void onChange(Runnable listener) {
    listeners.add(change -> listener.run());
  }

  public long resourceVersion() {
    synchronized (lock) {
      return resourceVersion;
    }
  }

  /** A copy of the object, if it exists. */
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    synchronized (lock) {
      JsonNode node = collection(type).get(key(type, namespace, name));
      return node == null ? Optional.empty() : Optional.of(((ObjectNode) node).deepCopy());
    }
  }

  /** Objects and the resourceVersion they were read at. */
  public record Listing(List<JsonNode> items, long resourceVersion) {
  }

  /**
   * The stored objects of {@code type} in {@code namespace} (null: all), sorted by namespace and name, whose labels
   * include every pair of {@code labels} (may be empty). Do not modify them.
   */
  public Listing list(ResourceType type, String namespace, Map<String, String> labels) {
    synchronized (lock) {
      return new Listing(listLocked(type, namespace, labels), resourceVersion);
    }
  }

  private List<JsonNode> listLocked(ResourceType type, String namespace, Map<String, String> labels) {
    {
      NavigableMap<String, JsonNode> all = collection(type);
      NavigableMap<String, JsonNode> scope = namespace == null || !type.namespaced() ? all
          : all.subMap(namespace + SEPARATOR, true, namespace + (char) (SEPARATOR + 1), false);
      if (labels.isEmpty()) {
        return new ArrayList<>(scope.values());
      }
      Set<String> keys = null;
      Map<String, Set<String>> index = labelIndex.getOrDefault(type.qualifiedPlural(), Map.of());
      for (Map.Entry<String, String> label : labels.entrySet()) {
        Set<String> matching = index.getOrDefault(label.getKey() + "=" + label.getValue(), Set.of());
        if (keys == null) {
          keys = new HashSet<>(matching);
        } else {
          keys.retainAll(matching);
        }
      }
      List<JsonNode> result = new ArrayList<>();
      List<String> sorted = new ArrayList<>(keys);
      sorted.sort(null);
      for (String key : sorted) {
        JsonNode node = scope.get(key);
        if (node != null) {
          result.add(node);
        }
      }
      return result;
    }
  }

  /** Every stored object of every type (for garbage collection). Do not modify them. */
  public List<JsonNode> all() {
    synchronized (lock) {
      List<JsonNode> all = new ArrayList<>();
      objects.values().forEach(c -> all.addAll(c.values()));
      return all;
    }
  }

  /**
   * Stores a new object: assigns uid, resourceVersion, generation 1 and creationTimestamp (sandbox clock), or a name
   * from {@code generateName}.
   *
   * @throws ApiException AlreadyExists
   */
  public ObjectNode create(ResourceType type, ObjectNode object) {
    synchronized (lock) {
      ObjectNode metadata = metadata(object);
      if (metadata.path("name").asText("").isEmpty() && metadata.hasNonNull("generateName")) {
        metadata.put("name", metadata.get("generateName").asText() + randomSuffix());
      }
      String name = metadata.path("name").asText("");
      String namespace = type.namespaced() ? metadata.path("namespace").asText(null) : null;
      String key = key(type, namespace, name);
      if (collection(type).containsKey(key)) {
        throw ApiException.alreadyExists(type, name);
      }
      if (!type.namespaced()) {
        metadata.remove("namespace");
      }
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", now());
      metadata.put("generation", 1);
      metadata.remove("deletionTimestamp");
      metadata.put("resourceVersion", Long.toString(++resourceVersion));
      if (type.custom()) {
        SchemaValidator.normalize(type.schema(), object);
      }
      store(type, key, null, object);
      return object.deepCopy();
    }
  }

  /**
   * Replaces an object with {@code change.apply(copy of current)}, atomically. Keeps what clients cannot change
   * (uid, creationTimestamp, deletionTimestamp once set), moves the generation when anything but metadata and status
   * changed, and the resourceVersion when anything changed. An object being deleted whose last finalizer is removed
   * is deleted. A {@code metadata.resourceVersion} in the new object must match the stored one (optimistic
   * concurrency).
   *
   * @throws ApiException NotFound or Conflict
   */
  public ObjectNode update(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change) {
    return update(type, namespace, name, change, false);
  }

  /**
   * {@link #update(ResourceType, String, String, UnaryOperator)}; a write to the status subresource never moves the
   * generation (the status strategy's PrepareForUpdate keeps the stored generation and spec).
   */
  ObjectNode update(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change,
      boolean statusWrite) {
    synchronized (lock) {
      String key = key(type, namespace, name);
      JsonNode current = collection(type).get(key);
      if (current == null) {
        throw ApiException.notFound(type, name);
      }
      ObjectNode next = change.apply(((ObjectNode) current).deepCopy());
      if (type.custom()) {
        SchemaValidator.normalize(type.schema(), next);
      }
      ObjectNode metadata = metadata(next);
      JsonNode currentMetadata = current.path("metadata");
      String expected = metadata.path("resourceVersion").asText("");
      if (!expected.isEmpty() && !expected.equals(currentMetadata.path("resourceVersion").asText())) {
        throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the"
            + " latest version and try again");
      }
      for (String field : List.of("uid", "creationTimestamp", "name", "namespace")) {
        if (currentMetadata.has(field)) {
          metadata.set(field, currentMetadata.get(field));
        }
      }
      if (currentMetadata.has("deletionTimestamp")) {
        metadata.set("deletionTimestamp", currentMetadata.get("deletionTimestamp"));
      } else {
        metadata.remove("deletionTimestamp");
      }
      metadata.set("resourceVersion", currentMetadata.get("resourceVersion"));
      metadata.set("generation", currentMetadata.path("generation").isMissingNode() ? Json.MAPPER.getNodeFactory()
          .numberNode(1) : currentMetadata.get("generation"));
      if (next.equals(current)) {
        return next;
      }
      if (!statusWrite && !withoutMetadataAndStatus(next).equals(withoutMetadataAndStatus(current))) {
        metadata.put("generation", currentMetadata.path("generation").asLong(0) + 1);
      }
      if (metadata.has("deletionTimestamp") && !Namespaces.finalizersPending(next)) {
        remove(type, key, current);
        return next;
      }
      metadata.put("resourceVersion", Long.toString(++resourceVersion));
      store(type, key, current, next);
      return next.deepCopy();
    }
  }

  /**
   * Deletes an object, or, while it has finalizers, marks it with a deletionTimestamp. Returns the last state.
   *
   * @throws ApiException NotFound
   */
  public ObjectNode delete(ResourceType type, String namespace, String name) {
    return delete(type, namespace, name, current -> { });
  }

  /**
   * {@link #delete(ResourceType, String, String)} after {@code precondition} accepted the current object (it throws to
   * refuse), atomically: DeleteOptions' preconditions.
   */
  ObjectNode delete(ResourceType type, String namespace, String name,
      java.util.function.Consumer<JsonNode> precondition) {
    synchronized (lock) {
      String key = key(type, namespace, name);
      JsonNode current = collection(type).get(key);
      if (current == null) {
        throw ApiException.notFound(type, name);
      }
      precondition.accept(current);
      if (!Namespaces.finalizersPending(current)) {
        return remove(type, key, current);
      }
      if (current.path("metadata").has("deletionTimestamp")) {
        return ((ObjectNode) current).deepCopy();
      }
      ObjectNode next = ((ObjectNode) current).deepCopy();
      metadata(next).put("deletionTimestamp", now()).put("resourceVersion", Long.toString(++resourceVersion));
      store(type, key, current, next);
      return next.deepCopy();
    }
  }

  private ObjectNode remove(ResourceType type, String key, JsonNode current) {
    collection(type).remove(key);
    unindex(type, key, current);
    ObjectNode gone = ((ObjectNode) current).deepCopy();
    metadata(gone).put("resourceVersion", Long.toString(++resourceVersion));
    publish(new Change("DELETED", type, gone, current, resourceVersion));
    return gone;
  }

  private void store(ResourceType type, String key, JsonNode previous, JsonNode next) {
    collection(type).put(key, next);
    if (previous != null) {
      unindex(type, key, previous);
    }
    Map<String, Set<String>> index = labelIndex.computeIfAbsent(type.qualifiedPlural(), t -> new HashMap<>());
    next.path("metadata").path("labels").fields().forEachRemaining(label ->
        index.computeIfAbsent(label.getKey() + "=" + label.getValue().asText(), l -> new HashSet<>()).add(key));
    publish(new Change(previous == null ? "ADDED" : "MODIFIED", type, next, previous, resourceVersion));
    if (type.equals(ApiResources.CRDS)) {
      StoredSchemas.changed(previous, next, objects::get);
    }
  }

  private void unindex(ResourceType type, String key, JsonNode object) {
    Map<String, Set<String>> index = labelIndex.get(type.qualifiedPlural());
    if (index == null) {
      return;
    }
    object.path("metadata").path("labels").fields().forEachRemaining(label -> {
      String pair = label.getKey() + "=" + label.getValue().asText();
      Set<String> keys = index.get(pair);
      if (keys != null && keys.remove(key) && keys.isEmpty()) {
        index.remove(pair);
      }
    });
  }

  private void publish(Change change) {
    history.addLast(change);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
    listeners.forEach(l -> l.accept(change));
  }

  /**
   * Runs {@code start} and registers {@code listener} atomically, so the listener sees exactly the changes after what
   * {@code start} saw. {@code since} (when not null) asks for the changes after that resourceVersion first.
   *
   * @return false when {@code since} is older than the kept history (the caller answers 410 Gone)
   */
  boolean subscribe(Long since, Runnable start, Consumer<Change> listener) {
    synchronized (lock) {
      if (since != null) {
        Change oldest = history.peekFirst();
        if (since < resourceVersion && (oldest == null || oldest.resourceVersion() > since + 1)) {
          return false;
        }
        for (Change change : history) {
          if (change.resourceVersion() > since) {
            listener.accept(change);
          }
        }
      } else {
        start.run();
      }
      listeners.add(listener);
      return true;
    }
  }

  void unsubscribe(Consumer<Change> listener) {
    listeners.remove(listener);
  }

  private NavigableMap<String, JsonNode> collection(ResourceType type) {
    return objects.computeIfAbsent(type.qualifiedPlural(), t -> new TreeMap<>());
  }

  private static String key(ResourceType type, String namespace, String name) {
    return (type.namespaced() && namespace != null ? namespace : "") + SEPARATOR + name;
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    return metadata instanceof ObjectNode m ? m : object.putObject("metadata");
  }

  private static JsonNode withoutMetadataAndStatus(JsonNode object) {
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.remove(List.of("metadata", "status"));
    return copy;
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 5; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return suffix.toString();
  }
}
