package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Consumer;

/**
 * The informer caches' store: the objects without {@code metadata.managedFields}. The API server records, per field
 * manager, every field it set — for a status the operator applies, about as large as the status itself — and the
 * operator never reads it (its writes are server-side applies that must not send it). Dropping it on the way into the
 * cache keeps 10,000 objects well inside a 256 MiB heap, as controller-runtime's TransformStripManagedFields does.
 */
public final class LeanItemStore<R extends HasMetadata> extends BasicItemStore<R> {
  /** Informers list in pages of this many objects, so the first sync never holds one huge response. */
  public static final long LIST_LIMIT = 500;
  private final Consumer<R> trim;

  public LeanItemStore() {
    this(object -> {});
  }

  /** {@code trim} also drops what this cache's readers never use (they read it from the API server when needed). */
  public LeanItemStore(Consumer<R> trim) {
    super(Cache::metaNamespaceKeyFunc);
    this.trim = trim;
  }

  @Override
  public R put(String key, R object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    trim.accept(object);
    return super.put(key, object);
  }
}
