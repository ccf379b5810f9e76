package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background garbage collection, as kube-controller-manager does it: an object whose every ownerReference points to
 * an object that no longer exists is deleted (finalizers respected), and so is every object of a deleted or terminating
 * namespace; a terminating namespace left empty is then finalized ({@link Namespaces}).
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private final ObjectStore store;
  private final ApiResources resources;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kube-apiserver-gc");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();

  GarbageCollector(ObjectStore store, ApiResources resources) {
    this.store = store;
    this.resources = resources;
    // only a deletion, or an object created with owners (which may be gone already), can leave garbage
    store.onChange(change -> {
      if (change.type().equals("DELETED")
          || (change.type().equals("ADDED") && change.object().path("metadata").has("ownerReferences"))
          || (Namespaces.isNamespace(change.object()) && change.object().path("metadata").has("deletionTimestamp"))) {
        requestSweep();
      }
    });
  }

  void requestSweep() {
    if (pending.compareAndSet(false, true)) {
      executor.schedule(this::sweep, 100, TimeUnit.MILLISECONDS);
    }
  }

  void sweep() {
    pending.set(false);
    try {
      List<JsonNode> objects = store.all();
      Set<String> uids = new HashSet<>();
      Set<String> namespaces = new HashSet<>();
      for (JsonNode o : objects) {
        uids.add(o.path("metadata").path("uid").asText());
        if ("Namespace".equals(o.path("kind").asText()) && !o.path("metadata").has("deletionTimestamp")) {
          namespaces.add(o.path("metadata").path("name").asText());
        }
      }
      for (JsonNode o : objects) {
        JsonNode metadata = o.path("metadata");
        if (metadata.hasNonNull("deletionTimestamp")) {
          continue;
        }
        JsonNode owners = metadata.path("ownerReferences");
        boolean allOwnersGone = owners.size() > 0;
        for (JsonNode owner : owners) {
          allOwnersGone &= !uids.contains(owner.path("uid").asText());
        }
        boolean orphaned = allOwnersGone;
        String namespace = metadata.path("namespace").asText("");
        boolean namespaceGone = !namespace.isEmpty() && !namespaces.contains(namespace);
        if (orphaned || namespaceGone) {
          resources.findKind(o.path("apiVersion").asText(), o.path("kind").asText()).ifPresent(type -> {
            LOG.info("garbage collecting {} {}/{} ({})", type.kind(), namespace, metadata.path("name").asText(),
                orphaned ? "its owners are gone" : "its namespace is gone");
            try {
              store.delete(type, namespace.isEmpty() ? null : namespace, metadata.path("name").asText());
            } catch (ApiException gone) {
              // deleted meanwhile
            }
          });
        }
      }
      Namespaces.finalizeEmpty(store);
    } catch (RuntimeException e) {
      LOG.warn("garbage collection failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
