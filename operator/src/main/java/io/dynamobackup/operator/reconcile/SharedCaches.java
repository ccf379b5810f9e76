package io.dynamobackup.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Primary caches a controller shares with the others, so that a kind another controller only reads, or follows, is
 * watched once: every watch event is parsed by every informer that receives it, and at fleet scale a DynamoBackup
 * changes a few times per backup. A controller shares its cache when JOSDK prepares its event sources, and registers
 * the {@linkplain #share relay} this returns; readers (registered after it, before the informers start) add their
 * indexers then, read copies ({@link ReconcileContext#indexed}) or follow its changes ({@link SharedCacheSource}),
 * never change the cached objects themselves.
 */
public final class SharedCaches {
  private final Map<Class<?>, IndexerResourceCache<?>> caches = new ConcurrentHashMap<>();
  private final Map<Class<?>, List<ResourceEventAware<?>>> listeners = new ConcurrentHashMap<>();

  /**
   * Offers {@code type}'s primary cache to the controllers registered after this one. The sharing controller registers
   * the event source returned: JOSDK tells it every change of the controller's primaries (also status-only ones its
   * own filters drop), which it passes on to the readers that {@linkplain #listen listen}.
   */
  public <T extends HasMetadata> EventSource<Void, T> share(Class<T> type, IndexerResourceCache<T> cache) {
    caches.put(type, cache);
    return new Relay<>(type, listeners(type));
  }

  /** The shared cache of {@code type}, if its controller shares it. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<IndexerResourceCache<T>> of(Class<T> type) {
    return Optional.ofNullable((IndexerResourceCache<T>) caches.get(type));
  }

  /** Tells {@code listener} of every change of a shared {@code type} object, on the sharing informer's thread. */
  public <T extends HasMetadata> void listen(Class<T> type, ResourceEventAware<T> listener) {
    listeners(type).add(listener);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T extends HasMetadata> List<ResourceEventAware<T>> listeners(Class<T> type) {
    return (List) listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
  }

  /** The sharing controller's event source: it triggers nothing there, and passes each change on to the readers. */
  private static final class Relay<T extends HasMetadata> extends AbstractEventSource<Void, T>
      implements ResourceEventAware<T> {
    private final List<ResourceEventAware<T>> listeners;

    Relay(Class<T> type, List<ResourceEventAware<T>> listeners) {
      super(Void.class, "shared-" + type.getSimpleName());
      this.listeners = listeners;
    }

    @Override
    public void onResourceCreated(T resource) {
      listeners.forEach(l -> l.onResourceCreated(resource));
    }

    @Override
    public void onResourceUpdated(T newResource, T oldResource) {
      listeners.forEach(l -> l.onResourceUpdated(newResource, oldResource));
    }

    @Override
    public void onResourceDeleted(T resource) {
      listeners.forEach(l -> l.onResourceDeleted(resource));
    }

    @Override
    public Set<Void> getSecondaryResources(T primary) {
      return Set.of();
    }
  }
}
