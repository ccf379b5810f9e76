package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.common.Readiness;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the skeleton needs of a kind's status: its conditions, its readiness and its phase (null without one). */
public interface KindStatus {
  List<Condition> conditions();

  Readiness readiness();

  Object phase();

  /**
   * The spec is invalid or not permitted, so no step runs: besides Ready and Stalled, which the skeleton sets, what
   * else the kind's status says about it (a plan schedules nothing).
   */
  default void notReconciled(String reason) {}
}
