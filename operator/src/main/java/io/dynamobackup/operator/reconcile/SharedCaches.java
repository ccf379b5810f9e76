package io.dynamobackup.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Primary caches a controller shares with the others, so that a kind another controller only reads is watched once:
 * every watch event is parsed by every informer that receives it, and at fleet scale a DynamoBackup changes a few times
 * per backup. A controller shares its cache when JOSDK prepares its event sources; readers add their indexers then
 * (registered after it, before the informers start) and read copies ({@link ReconcileContext#indexed}), never the
 * cached objects themselves.
 */
public final class SharedCaches {
  private final Map<Class<?>, IndexerResourceCache<?>> caches = new ConcurrentHashMap<>();

  /** Offers {@code type}'s primary cache to the controllers registered after this one. */
  public <T extends HasMetadata> void share(Class<T> type, IndexerResourceCache<T> cache) {
    caches.put(type, cache);
  }

  /** The shared cache of {@code type}, if its controller shares it. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<IndexerResourceCache<T>> of(Class<T> type) {
    return Optional.ofNullable((IndexerResourceCache<T>) caches.get(type));
  }
}
