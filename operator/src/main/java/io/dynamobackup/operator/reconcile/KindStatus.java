package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.common.Readiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The base of each kind's intent-named status mutators: what the skeleton needs of a status (its conditions, its
 * readiness, its phase) and the one way to set a kind-specific condition, stamped with the generation the status
 * describes and the reconcile's time.
 */
public abstract class KindStatus {
  private final Readiness readiness;
  protected final Instant now;

  /** {@code generation}: the spec generation the status describes from now on (its observedGeneration). */
  protected KindStatus(List<Condition> conditions, Long generation, Instant now) {
    this.readiness = new Readiness(conditions, generation, now);
    this.now = now;
  }

  /** The resource's status, created when missing, with observedGeneration set to the resource's generation. */
  protected static <T> T initialized(CustomResource<?, T> resource, Supplier<T> empty,
      BiConsumer<T, Long> observedGeneration) {
    if (resource.getStatus() == null) {
      resource.setStatus(empty.get());
    }
    observedGeneration.accept(resource.getStatus(), resource.getMetadata().getGeneration());
    return resource.getStatus();
  }

  public final List<Condition> conditions() {
    return readiness.conditions();
  }

  public final Readiness readiness() {
    return readiness;
  }

  /** The phase, for kinds that have one; null otherwise. */
  public abstract Object phase();

  /**
   * The spec is invalid or not permitted, so no step runs: besides Ready and Stalled, which the skeleton sets, what
   * else the kind's status says about it (a plan schedules nothing).
   */
  public void notReconciled(String reason) {}

  /** Sets a kind-specific condition; its lastTransitionTime moves only when its status does. */
  protected final void set(String type, String status, String reason, String message) {
    readiness.set(type, status, reason, message);
  }
}
