package io.dynamobackup.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A controller's secondary resources of type {@code T}, read from and triggered by the cache another controller shares
 * ({@link SharedCaches}) instead of an informer of its own: the same objects, watched and parsed once. It does what
 * JOSDK's informer event source does for its controller — {@link #getSecondaryResources} of a primary (found through
 * {@code mapper}, as an index of the shared cache), an event for each primary a change maps to (after this source's
 * add, update and delete filters), a just-created object seen at once ({@link #created}) — and it starts only once the
 * shared cache has synced, so a first reconcile never judges an empty cache. The objects are the shared cache's own:
 * readers never change them (JOSDK hands out an informer's cached secondaries the same way).
 */
public final class SharedCacheSource<T extends HasMetadata, P extends HasMetadata> extends AbstractEventSource<T, P> {
  private static final Duration SYNC_POLL = Duration.ofMillis(50);
  private final IndexerResourceCache<T> cache;
  private final SecondaryToPrimaryMapper<T> mapper;
  private final String index;
  private final Duration syncTimeout;
  // Created by a reconcile of this controller, not yet in the shared cache: until its watch event arrives.
  private final Map<ResourceID, T> created = new ConcurrentHashMap<>();

  private SharedCacheSource(Class<T> type, Class<P> primary, IndexerResourceCache<T> cache,
      SecondaryToPrimaryMapper<T> mapper, Duration syncTimeout) {
    super(type, "shared-" + type.getSimpleName() + "-of-" + primary.getSimpleName());
    this.cache = cache;
    this.mapper = mapper;
    this.index = name();
    this.syncTimeout = syncTimeout;
    cache.addIndexer(index, object -> mapper.toPrimaryResourceIDs(object).stream().map(SharedCacheSource::key).toList());
  }

  /**
   * A source of {@code type} objects related to {@code primary} objects by {@code mapper}, over the cache {@code caches}
   * shares, if any (otherwise the controller needs an informer of its own). Call it while JOSDK prepares the event
   * sources of the reading controller, registered after the sharing one.
   *
   * @param syncTimeout how long {@link #start} waits for the shared cache's first sync before it fails the start
   */
  public static <T extends HasMetadata, P extends HasMetadata> Optional<SharedCacheSource<T, P>> over(
      SharedCaches caches, Class<T> type, Class<P> primary, SecondaryToPrimaryMapper<T> mapper, Duration syncTimeout) {
    return caches.of(type).map(cache -> {
      var source = new SharedCacheSource<>(type, primary, cache, mapper, syncTimeout);
      caches.listen(type, source.changes());
      return source;
    });
  }

  @Override
  public Set<T> getSecondaryResources(P primary) {
    ResourceID primaryId = ResourceID.fromResource(primary);
    List<T> cached = cache.byIndex(index, key(primaryId));
    if (created.isEmpty()) {
      return new HashSet<>(cached);
    }
    Set<T> all = new HashSet<>(cached);
    Set<ResourceID> ids = new HashSet<>();
    cached.forEach(object -> ids.add(ResourceID.fromResource(object)));
    created.forEach((id, object) -> {
      if (!ids.contains(id) && mapper.toPrimaryResourceIDs(object).contains(primaryId)) {
        all.add(object);
      }
    });
    return all;
  }

  /** An object a reconcile just created: its primaries see it before the shared cache has it. */
  public void created(T object) {
    ResourceID id = ResourceID.fromResource(object);
    if (cache.get(id).isEmpty()) {
      created.put(id, object);
    }
  }

  /**
   * What the shared cache's changes do here. Not this source itself: JOSDK tells every event source of a controller
   * that is {@link ResourceEventAware} of the changes of that controller's own primaries.
   */
  ResourceEventAware<T> changes() {
    return new ResourceEventAware<>() {
      @Override
      public void onResourceCreated(T resource) {
        created.remove(ResourceID.fromResource(resource));
        if (onAddFilter == null || onAddFilter.accept(resource)) {
          trigger(resource);
        }
      }

      @Override
      public void onResourceUpdated(T newResource, T oldResource) {
        created.remove(ResourceID.fromResource(newResource));
        if (onUpdateFilter == null || onUpdateFilter.accept(newResource, oldResource)) {
          trigger(newResource);
        }
      }

      @Override
      public void onResourceDeleted(T resource) {
        created.remove(ResourceID.fromResource(resource));
        if (onDeleteFilter == null || onDeleteFilter.accept(resource, false)) {
          trigger(resource);
        }
      }
    };
  }

  private void trigger(T resource) {
    EventHandler handler = getEventHandler();
    if (handler != null) {
      mapper.toPrimaryResourceIDs(resource).forEach(id -> handler.handleEvent(new Event(id)));
    }
  }

  /** Waits for the shared cache's first sync (its controller starts in parallel), at most the sync timeout. */
  @Override
  public void start() throws OperatorException {
    if (cache instanceof ManagedInformerEventSource<?, ?, ?> informer) {
      long deadline = System.nanoTime() + syncTimeout.toNanos();
      while (!synced(informer)) {
        if (System.nanoTime() > deadline) {
          throw new OperatorException("the shared cache of " + resourceType().getSimpleName()
              + " did not sync within " + syncTimeout);
        }
        try {
          Thread.sleep(SYNC_POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OperatorException("interrupted while waiting for the shared cache of "
              + resourceType().getSimpleName(), e);
        }
      }
    }
    super.start();
  }

  private static boolean synced(ManagedInformerEventSource<?, ?, ?> informer) {
    var informers = informer.informerHealthIndicators().values();
    return !informers.isEmpty() && informers.stream().allMatch(InformerHealthIndicator::hasSynced);
  }

  private static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
