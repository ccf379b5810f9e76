package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.kube.AuditLog;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator cost on the Kubernetes side between two moments: its API requests by verb and resource (from the
 * API server's uncapped counters), the watch events it was sent and their bytes, and its reconciles and received
 * events by controller (JOSDK's counters in the operator's /metrics).
 */
record KubeCounts(Map<String, Long> requests, Map<String, Long> watchEvents, Map<String, Long> watchBytes,
    Map<String, Long> reconciles, Map<String, Long> events) {
  private static final Pattern JOSDK = Pattern.compile(
      "^operator_sdk_(reconciliations_started|events_received)_total\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern CONTROLLER = Pattern.compile("controller_name=\"([^\"]*)\"");
  private static final Pattern KIND = Pattern.compile("kind=\"([^\"]*)\"");
  private static final Pattern ACTION = Pattern.compile("action=\"([^\"]*)\"");

  static KubeCounts take(ApiServer api, String user, OperatorProcess operator) throws Exception {
    Map<String, Long> requests = new TreeMap<>();
    Map<String, Long> events = new TreeMap<>();
    api.audit().counts().forEach((k, v) -> {
      if (k.user().equals(user)) {
        (k.verb().equals(AuditLog.WATCH_EVENT) ? events : requests).merge(k.verb() + " " + k.resource(), v,
            Long::sum);
      }
    });
    Map<String, Long> bytes = new TreeMap<>();
    api.audit().watchEventBytes().forEach((k, v) -> {
      if (k.user().equals(user)) {
        bytes.merge(k.verb() + " " + k.resource(), v, Long::sum);
      }
    });
    Map<String, Long> reconciles = new TreeMap<>();
    Matcher m = JOSDK.matcher(operator.metrics());
    while (m.find()) {
      Matcher c = CONTROLLER.matcher(m.group(2));
      Matcher kind = KIND.matcher(m.group(2));
      Matcher action = ACTION.matcher(m.group(2));
      String controller = c.find() ? c.group(1) : kind.find() ? kind.group(1) : m.group(2);
      controller += action.find() ? " " + action.group(1) : "";
      reconciles.merge(m.group(1) + " " + controller, (long) Double.parseDouble(m.group(3)), Long::sum);
    }
    return new KubeCounts(requests, events, bytes, reconciles, Map.of());
  }

  /** The same, with the Kubernetes Events of {@code namespace} by involved kind and reason (each counted count times). */
  KubeCounts withEvents(KubernetesClient client, String namespace) {
    Map<String, Long> byReason = new TreeMap<>();
    client.v1().events().inNamespace(namespace).list().getItems().forEach(e -> byReason.merge(
        e.getInvolvedObject().getKind() + " " + e.getReason(), (long) (e.getCount() == null ? 1 : e.getCount()),
        Long::sum));
    return new KubeCounts(requests, watchEvents, watchBytes, reconciles, byReason);
  }

  /** This snapshot less an earlier one. */
  KubeCounts since(KubeCounts before) {
    return new KubeCounts(minus(requests, before.requests), minus(watchEvents, before.watchEvents),
        minus(watchBytes, before.watchBytes), minus(reconciles, before.reconciles), events);
  }

  long totalRequests() {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }

  long totalWatchEvents() {
    return watchEvents.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One line per counter, each divided by {@code per}. */
  void print(String what, long per) {
    System.out.printf("Kubernetes requests per %s: %.2f%n", what, totalRequests() / (double) per);
    requests.forEach((k, v) -> System.out.printf("  %-40s %8.2f%n", k, v / (double) per));
    System.out.printf("watch events received per %s: %.2f%n", what, totalWatchEvents() / (double) per);
    watchEvents.forEach((k, v) -> System.out.printf("  %-40s %8.2f  (%.0f bytes each)%n", k, v / (double) per,
        watchBytes.getOrDefault(k, 0L) / (double) Math.max(1, v)));
    System.out.printf("reconciles and received events per %s, by controller:%n", what);
    reconciles.forEach((k, v) -> System.out.printf("  %-60s %8.2f%n", k, v / (double) per));
    if (!events.isEmpty()) {
      System.out.printf("Kubernetes Events per %s, by involved kind and reason (all of the run):%n", what);
      events.forEach((k, v) -> System.out.printf("  %-40s %8.2f%n", k, v / (double) per));
    }
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> diff = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d != 0) {
        diff.put(k, d);
      }
    });
    return diff;
  }
}
