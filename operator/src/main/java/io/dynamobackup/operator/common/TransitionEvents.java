package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Emits one event per transition of an object — its phase or the reason of its Ready condition — so users see the
 * story in `kubectl describe` without an event per reconcile. Warning for every reason not listed as normal; none for
 * a quiet reason, a step that lasts a moment and that the next event tells anyway (a write of intent before an AWS
 * call, whose audit event follows).
 */
public final class TransitionEvents {
  private final HasMetadata object;
  private final Supplier<List<Condition>> conditions;
  private final Supplier<Object> phase;
  private final Set<String> normalReasons;
  private final Set<String> quietReasons;
  private final EventRecorder events;
  private final Object phaseBefore;
  private final String reasonBefore;

  public TransitionEvents(HasMetadata object, Supplier<List<Condition>> conditions, Supplier<Object> phase,
      Set<String> normalReasons, Set<String> quietReasons, EventRecorder events) {
    this.object = object;
    this.conditions = conditions;
    this.phase = phase;
    this.normalReasons = normalReasons;
    this.quietReasons = quietReasons;
    this.events = events;
    this.phaseBefore = phase.get();
    this.reasonBefore = readyReason();
  }

  public Object phaseBefore() {
    return phaseBefore;
  }

  public void report() {
    String reason = readyReason();
    if (reason == null || quietReasons.contains(reason)
        || Objects.equals(reason, reasonBefore) && Objects.equals(phase.get(), phaseBefore)) {
      return;
    }
    String message = Conditions.find(conditions.get(), Conditions.READY).map(Condition::getMessage).orElse("");
    if (normalReasons.contains(reason)) {
      events.normal(object, reason, message);
    } else {
      events.warning(object, reason, message);
    }
  }

  private String readyReason() {
    List<Condition> list = conditions.get();
    return list == null ? null : Conditions.find(list, Conditions.READY).map(Condition::getReason).orElse(null);
  }
}
