package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Standard Kubernetes conditions; lastTransitionTime only moves when the status really changes. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public static void set(List<Condition> conditions, String type, String status, String reason, String message,
      Long generation, Instant now) {
    Condition condition = find(conditions, type).orElseGet(() -> {
      Condition created = new Condition();
      created.setType(type);
      conditions.add(created);
      return created;
    });
    if (!status.equals(condition.getStatus())) {
      condition.setLastTransitionTime(now.toString());
    }
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(generation);
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private Conditions() {}
}
