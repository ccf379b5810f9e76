package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.aws.AwsServices;
import io.dynamobackup.operator.limits.ApiFamily;
import io.dynamobackup.operator.limits.StartQueue;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TenancyGuard;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one reconcile of one object works with, instead of long parameter lists: the object, the time the
 * reconcile started, the AWS services of the object's namespace (its tenant's assumed role or the operator's own
 * identity, so a call for another identity cannot happen by accident), the cluster (JOSDK's context and caches), the
 * event recorder and the poll schedule.
 */
public final class ReconcileContext<R extends HasMetadata> {
  private final String kind;
  private final R resource;
  private final Context<R> josdk;
  private final Instant now;
  private final AwsServices aws;
  private final ReconcileDependencies dependencies;

  ReconcileContext(String kind, R resource, Context<R> josdk, Instant now, ReconcileDependencies dependencies) {
    this.kind = kind;
    this.resource = resource;
    this.josdk = josdk;
    this.now = now;
    this.dependencies = dependencies;
    this.aws = dependencies.aws().apply(dependencies.identityFor(resource.getMetadata().getNamespace()));
  }

  public R resource() {
    return resource;
  }

  public Instant now() {
    return now;
  }

  public AwsServices aws() {
    return aws;
  }

  public RetrySchedule schedule() {
    return dependencies.schedule();
  }

  /**
   * When to look again at something that has failed, or been blocked, for {@code failingFor} without a JOSDK retry
   * (the object is not held back, or it is being deleted): as long again, within [errorRetry.initialInterval,
   * errorRetry.maxInterval], with {@link JitteredRetry}'s equal jitter, so objects blocked together do not re-check in
   * lock step and none polls at a fixed rate.
   */
  public java.time.Duration backOff(java.time.Duration failingFor) {
    return dependencies.retry().jitter(dependencies.schedule().errorRetryAfter(failingFor));
  }

  public ReconcileDependencies dependencies() {
    return dependencies;
  }

  public KubernetesClient client() {
    return josdk.getClient();
  }

  /** The secondary resources of the object that JOSDK's informers cache (children, referenced objects). */
  public <T> Set<T> secondary(Class<T> type) {
    return josdk.getSecondaryResources(type);
  }

  /**
   * Puts an object this reconcile just created into the informer's cache (JOSDK's temporary cache), so that
   * {@link #secondary} sees it at once: in the rest of this reconcile and in the next ones, before the watch event
   * arrives. Without it, a reconcile between two watch events judges half of what was created.
   */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> void created(Class<T> type, T object) {
    var source = josdk.eventSourceRetriever().getEventSourceFor(type);
    if (source instanceof InformerEventSource<?, ?> informer) {
      ((InformerEventSource<T, R>) informer).handleRecentResourceCreate(ResourceID.fromResource(object), object);
    } else if (source instanceof SharedCacheSource<?, ?> shared) {
      ((SharedCacheSource<T, R>) shared).created(object);
    }
  }

  /**
   * Cached objects of {@code type} under {@code key} of the informer index {@code index}: no API call. A type this
   * controller has no informer of is read from the cache another controller shares ({@link SharedCaches}), as copies.
   */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> indexed(Class<T> type, String index, String key) {
    Optional<IndexerResourceCache<T>> shared = shared(type);
    if (shared.isPresent()) {
      return shared.get().byIndex(index, key).stream().map(this::copy).toList();
    }
    var source = josdk.eventSourceRetriever().getEventSourceFor(type);
    return ((IndexerResourceCache<T>) source).byIndex(index, key);
  }

  /** The cached object of {@code type} named {@code name} in this object's namespace: no API call. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> cached(Class<T> type, String name) {
    ResourceID id = new ResourceID(name, resource.getMetadata().getNamespace());
    Optional<IndexerResourceCache<T>> shared = shared(type);
    if (shared.isPresent()) {
      return shared.get().get(id).map(this::copy);
    }
    var source = josdk.eventSourceRetriever().getEventSourceFor(type);
    return ((Cache<T>) source).get(id);
  }

  /** Another controller's cache of {@code type}, when this controller has no informer of its own for it. */
  private <T extends HasMetadata> Optional<IndexerResourceCache<T>> shared(Class<T> type) {
    // A SharedCacheSource of the type follows the same shared cache: its index and getters are the shared cache's.
    boolean ownInformer = josdk.eventSourceRetriever().getEventSourcesFor(type).stream()
        .anyMatch(source -> !(source instanceof SharedCacheSource<?, ?>));
    return type != resource.getClass() && !ownInformer ? dependencies.caches().of(type) : Optional.empty();
  }

  /** A deep copy: the shared cache's objects are its controller's, never changed by a reader. */
  private <T extends HasMetadata> T copy(T object) {
    return josdk.getControllerConfiguration().getConfigurationService().getResourceCloner().clone(object);
  }

  /** Every cached object of this kind. */
  public List<R> primaries() {
    return josdk.getPrimaryCache().list().toList();
  }

  /** Cached primary objects (this kind) under {@code key} of the index {@code index}. */
  public List<R> indexedPrimaries(String index, String key) {
    return josdk.getPrimaryCache().byIndex(index, key);
  }

  /**
   * Asks for the permit to start an AWS job of {@code family} in {@code region} for this object, whose work belongs to
   * schedule slot {@code slot}: granted, or how long to wait in the operator's queue (slot order).
   */
  public StartQueue.Admission admit(ApiFamily family, String region, Instant slot, StartQueue.Capacity capacity) {
    AwsIdentity identity = dependencies.identityFor(resource.getMetadata().getNamespace());
    return dependencies.limits().admit(family, identity.quotaAccount(), region, resource.getMetadata().getUid(), slot,
        capacity);
  }

  public void normal(String reason, String message) {
    dependencies.events().normal(resource, reason, message);
  }

  public void warning(String reason, String message) {
    dependencies.events().warning(resource, reason, message);
  }

  /**
   * Whether the tenancy policy denies what {@code check} checked; if so, the object stalls with reason NotPermitted
   * (naming every denied field) and the denial is counted. Callers make no AWS call for a denied object.
   */
  public boolean denied(TenancyGuard.Check check, Readiness readiness) {
    if (!check.denied()) {
      return false;
    }
    dependencies.metrics().tenancyDenied(resource.getMetadata().getNamespace(), kind, check.denials());
    readiness.stalled(TenancyGuard.REASON, check.message());
    return true;
  }
}
