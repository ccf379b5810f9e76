package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An object's {@code Ready} condition together with the kstatus conditions {@code Reconciling} and {@code Stalled},
 * set as one so they never contradict. Reconciling and Stalled are abnormal-true, as kstatus defines them: present
 * (status True) only while they hold, absent otherwise.
 * <ul>
 *   <li>{@link #ready}: done — Ready=True, neither Reconciling nor Stalled;</li>
 *   <li>{@link #progressing}: the operator works towards the spec (a running job, a transient AWS error it retries with
 *   back-off, a wait that ends by itself) — Ready=False, Reconciling=True;</li>
 *   <li>{@link #stalled}: the operator cannot make progress until someone acts (an invalid spec, a denial by the
 *   tenancy policy, an AWS error such as AccessDenied, a failed job) — Ready=False, Stalled=True.</li>
 * </ul>
 * Health checks (the Argo CD scripts, kstatus, Flux) read Stalled instead of guessing from reason names.
 */
public final class Readiness {
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private final List<Condition> conditions;
  private final Long generation;
  private final Instant now;

  public Readiness(List<Condition> conditions, Long generation, Instant now) {
    this.conditions = conditions;
    this.generation = generation;
    this.now = now;
  }

  public void ready(String reason, String message) {
    set(Conditions.READY, Conditions.TRUE, reason, message);
    conditions.removeIf(c -> RECONCILING.equals(c.getType()) || STALLED.equals(c.getType()));
  }

  public void progressing(String reason, String message) {
    set(Conditions.READY, Conditions.FALSE, reason, message);
    set(RECONCILING, Conditions.TRUE, reason, message);
    conditions.removeIf(c -> STALLED.equals(c.getType()));
  }

  public void stalled(String reason, String message) {
    set(Conditions.READY, Conditions.FALSE, reason, message);
    set(STALLED, Conditions.TRUE, reason, message);
    conditions.removeIf(c -> RECONCILING.equals(c.getType()));
  }

  /** The conditions these are part of. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** Sets any condition with this status's generation and time; lastTransitionTime moves only with its status. */
  public void set(String type, String status, String reason, String message) {
    Conditions.set(conditions, type, status, reason, message, generation, now);
  }

  public Optional<Condition> readyCondition() {
    return Conditions.find(conditions, Conditions.READY);
  }

  public boolean isStalled() {
    return Conditions.isTrue(conditions, STALLED);
  }

}
