package io.dynamobackup.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 CRUD dispatcher as the object store, with two changes: timestamps the server sets
 * ({@code creationTimestamp}, {@code deletionTimestamp}) come from the sandbox clock, the same clock the operator uses;
 * and every write notifies listeners (garbage collection).
 */
public final class ClusterStore extends KubernetesCrudDispatcher {
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final java.util.ArrayDeque<JsonNode> deleted = new java.util.ArrayDeque<>();

  public ClusterStore(Clock clock) {
    super(List.of());
    this.clock = clock;
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    if (newState != null) {
      String previous = oldAttributes == null ? null : map.get(oldAttributes);
      String stamped = stamp(previous, newState);
      if (!stamped.equals(newState)) {
        newState = stamped;
        resource = resource == null ? null : Serialization.unmarshal(stamped, GenericKubernetesResource.class);
      }
    }
    String existing = newState == null && oldAttributes != null ? map.get(oldAttributes) : null;
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (existing != null) {
      ObjectNode gone = (ObjectNode) Json.parse(existing);
      ((ObjectNode) gone.path("metadata")).put("resourceVersion", String.valueOf(requestResourceVersion()));
      synchronized (deleted) {
        deleted.addLast(gone);
        while (deleted.size() > 1000) {
          deleted.removeFirst();
        }
      }
    }
    listeners.forEach(Runnable::run);
  }

  /**
   * Objects deleted after {@code resourceVersion}, for watches that start from a resourceVersion: the CRUD watch
   * replays only the objects that still exist, so a deletion between a client's list and its watch would be lost
   * (kubectl delete --wait would then wait forever).
   */
  public List<JsonNode> deletedSince(long resourceVersion) {
    synchronized (deleted) {
      return deleted.stream().filter(o -> o.path("metadata").path("resourceVersion").asLong() > resourceVersion)
          .toList();
    }
  }

  private String stamp(String previous, String state) {
    JsonNode node = Json.parse(state);
    if (!(node.path("metadata") instanceof ObjectNode metadata)) {
      return state;
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    boolean changed = false;
    if (previous == null) {
      metadata.put("creationTimestamp", now);
      changed = true;
    } else if (metadata.hasNonNull("deletionTimestamp")
        && !Json.parse(previous).path("metadata").hasNonNull("deletionTimestamp")) {
      metadata.put("deletionTimestamp", now);
      changed = true;
    }
    return changed ? Json.write(node) : state;
  }

  /**
   * RFC 7386 merge patch. The inherited implementation uses Jackson's {@code readerForUpdating}, which appends to
   * arrays instead of replacing them: every status patch would grow {@code status.conditions}.
   */
  @Override
  public JsonNode merge(JsonNode baseResource, String updatedResource) {
    return Json.mergePatch(baseResource, Json.parse(updatedResource));
  }

  /** Same result as the inherited JSON-diff based version, without its quadratic array diff. */
  @Override
  public void touchResourceVersion(JsonNode currentResource, JsonNode updatedResource) {
    if (!currentResource.equals(updatedResource)) {
      ((ObjectNode) updatedResource.get("metadata")).put("resourceVersion", String.valueOf(requestResourceVersion()));
    }
  }

  /** The generation moves when anything but metadata and status changes, as in the real API server. */
  @Override
  public void touchGeneration(JsonNode currentResource, JsonNode updatedResource) {
    ObjectNode before = ((ObjectNode) currentResource).deepCopy();
    ObjectNode after = ((ObjectNode) updatedResource).deepCopy();
    before.remove(java.util.List.of("metadata", "status"));
    after.remove(java.util.List.of("metadata", "status"));
    if (!before.equals(after)) {
      ((ObjectNode) updatedResource.get("metadata")).put("generation",
          currentResource.path("metadata").path("generation").asLong(0) + 1);
    }
  }

  /** A consistent copy of every stored object. */
  public List<JsonNode> objects() {
    List<String> values;
    synchronized (map) {
      values = new ArrayList<>(map.values());
    }
    List<JsonNode> objects = new ArrayList<>(values.size());
    values.forEach(v -> objects.add(Json.parse(v)));
    return objects;
  }

  public List<JsonNode> crds() {
    List<String> values;
    synchronized (map) {
      values = map.values().stream().filter(v -> v.contains("CustomResourceDefinition")).toList();
    }
    return values.stream().map(Json::parse).filter(o -> "CustomResourceDefinition".equals(o.path("kind").asText())
        && o.path("apiVersion").asText().startsWith("apiextensions.k8s.io/")).toList();
  }
}
