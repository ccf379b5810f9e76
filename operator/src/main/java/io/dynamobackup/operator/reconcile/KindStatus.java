package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.Readiness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * The base of each kind's intent-named status mutators: what the skeleton needs of a status (its conditions, its
 * readiness, its phase) and the one way to set a kind-specific condition, stamped with the generation the status
 * describes and the reconcile's time.
 */
public abstract class KindStatus {
  private final List<Condition> conditions;
  private final Readiness readiness;
  private final Long generation;
  protected final Instant now;

  /** {@code generation}: the spec generation the status describes from now on (its observedGeneration). */
  protected KindStatus(List<Condition> conditions, Long generation, Instant now) {
    this.conditions = conditions;
    this.generation = generation;
    this.now = now;
    this.readiness = new Readiness(conditions, generation, now);
  }

  public final List<Condition> conditions() {
    return conditions;
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
    Conditions.set(conditions, type, status, reason, message, generation, now);
  }
}
