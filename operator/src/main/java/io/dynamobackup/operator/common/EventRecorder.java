package io.dynamobackup.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events (core/v1) for every kind, and aggregates repeats as Kubernetes' own recorder does: the same
 * object, type, reason and message again updates {@code count} and {@code lastTimestamp} of the Event already written
 * instead of adding one. The Event's name is derived from those fields, so a restarted operator continues the count.
 *
 * <p>Like client-go's recorder it never reads an Event: the chart grants only {@code create} and {@code patch} on
 * events. The count of a recent Event is kept in a bounded LRU cache and a repeat patches it by name; a repeat the
 * cache does not know (after a restart) is a create that answers 409, then a patch whose answer carries the count.
 * A failure to write an Event never fails a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "dynamo-backup-operator";
  /** As many recent Events as client-go's correlator keeps; older repeats are counted on after a create answers 409. */
  private static final int RECENT = 4096;

  private record Key(String namespace, String uid, String name, String type, String reason, String message) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<Key, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
      return size() > RECENT;
    }
  };

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    var metadata = object.getMetadata();
    Key key = new Key(metadata.getNamespace(), metadata.getUid(), metadata.getName(), type, reason, message);
    String name = eventName(key);
    String now = clock.instant().toString();
    try {
      Integer seen;
      synchronized (counts) {
        seen = counts.get(key);
      }
      int count = seen != null && repeat(key.namespace(), name, seen + 1, now) ? seen + 1 : create(object, key, name, now);
      synchronized (counts) {
        counts.put(key, count);
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, metadata.getNamespace(), metadata.getName(),
          e.getMessage());
    }
  }

  /** Creates the Event, or, when one of that name exists (a repeat not in the cache), counts on. Returns the count. */
  private int create(HasMetadata object, Key key, String name, String now) {
    try {
      // A raw POST: the answer (the Event as written) is not needed, so it is not parsed into an object.
      client.raw("/api/v1/namespaces/" + key.namespace() + "/events", "POST", event(object, key, name, now));
      return 1;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The count comes from a patch's answer: the operator's RBAC allows create and patch on Events, not get.
      Event existing = client.v1().events().inNamespace(key.namespace()).resource(addressOf(key.namespace(), name))
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"lastTimestamp\":\"" + now + "\"}");
      int count = (existing.getCount() == null ? 0 : existing.getCount()) + 1;
      repeat(key.namespace(), name, count, now);
      return count;
    }
  }

  /** Sets count and lastTimestamp of an existing Event; false when it is gone (Events expire). */
  private boolean repeat(String namespace, String name, int count, String now) {
    try {
      client.v1().events().inNamespace(namespace).resource(addressOf(namespace, name))
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Names the Event a patch is sent to. fabric8's {@code withName(name).patch(context, String)} first GETs the object
   * it patches; a patch on {@code resource(item)} takes name and namespace from the item and sends only the PATCH.
   */
  private static Event addressOf(String namespace, String name) {
    return new EventBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build();
  }

  private Event event(HasMetadata object, Key key, String name, String now) {
    var metadata = object.getMetadata();
    return new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(key.namespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(metadata.getName())
            .withNamespace(metadata.getNamespace())
            .withUid(metadata.getUid())
            .withResourceVersion(metadata.getResourceVersion())
            .build())
        .withType(key.type())
        .withReason(key.reason())
        .withMessage(key.message())
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource(COMPONENT, null)
        .withReportingComponent(COMPONENT)
        .build();
  }

  /** {@code <object>.<hash of the aggregation key>}: the same repeat always has the same name (at most 253 chars). */
  private static String eventName(Key key) {
    String prefix = key.name().length() > 200 ? key.name().substring(0, 200) : key.name();
    return prefix + "." + ShortHash.of(String.join("\u0000", String.valueOf(key.uid()), key.type(), key.reason(),
        String.valueOf(key.message())), 8);
  }
}
