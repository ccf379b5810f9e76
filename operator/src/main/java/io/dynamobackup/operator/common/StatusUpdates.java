package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;

/**
 * Patches status only when a reconcile changed it: 10,000 idle objects must not cost 10,000 writes on every
 * restart, resync or periodic check.
 */
public final class StatusUpdates {
  private StatusUpdates() {}

  /** The status as it was before the reconcile touched it, to compare with afterwards. */
  public static String snapshot(CustomResource<?, ?> resource) {
    return Serialization.asJson(resource.getStatus());
  }

  /** Patch if the status differs from {@code before}; look again after {@code wait} unless it is null. */
  public static <R extends CustomResource<?, ?>> UpdateControl<R> patchIfChanged(R resource, String before,
      Duration wait) {
    UpdateControl<R> control = snapshot(resource).equals(before) ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(resource);
    return wait == null ? control : control.rescheduleAfter(wait);
  }
}
