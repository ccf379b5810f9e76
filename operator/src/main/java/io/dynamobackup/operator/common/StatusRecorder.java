package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Every status write of the operator. A reconcile patches status only when it changed: 10,000 idle objects must not
 * cost 10,000 writes on every restart, resync or periodic check.
 */
public final class StatusRecorder<R extends CustomResource<?, ?>> {
  private final R resource;
  private final String before;

  private StatusRecorder(R resource) {
    this.resource = resource;
    this.before = Serialization.asJson(resource.getStatus());
  }

  /** Remembers the status as it is before the reconcile touches it. */
  public static <R extends CustomResource<?, ?>> StatusRecorder<R> of(R resource) {
    return new StatusRecorder<>(resource);
  }

  public boolean changed() {
    return !Serialization.asJson(resource.getStatus()).equals(before);
  }

  /** Patch if the status changed; look again after {@code wait} unless it is null. */
  public UpdateControl<R> update(Duration wait) {
    UpdateControl<R> control = changed() ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
    return wait == null ? control : control.rescheduleAfter(wait);
  }

  /** After a failure JOSDK retries: patch if the status changed. */
  public ErrorStatusUpdateControl<R> updateAfterError() {
    return changed() ? ErrorStatusUpdateControl.patchStatus(resource) : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Changes the status of the object's latest version on the API server, outside a reconcile's own patch: while a
   * deletion waits, the cached object may be stale.
   */
  @SuppressWarnings("unchecked")
  public static <R extends CustomResource<?, ?>> void patchLatest(KubernetesClient client, R resource,
      Consumer<R> change) {
    client.resources((Class<R>) resource.getClass()).inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName()).editStatus(latest -> {
          change.accept(latest);
          return latest;
        });
  }
}
