package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Get, list and watch: typed {@code ...List} responses sorted by namespace and name, in pages when asked for
 * ({@link Pages}), {@code Table} output when asked for, label and field selectors (label equalities through the
 * store's index), and watches that start at a resourceVersion (replaying the store's history) or with synthetic ADDED
 * events, and that turn an object which stops or starts matching the selectors into DELETED or ADDED, as the API
 * server does.
 */
final class Reads {
  private final ObjectStore store;
  private final Tables tables;
  private final AuditLog audit;

  Reads(ObjectStore store, Tables tables, AuditLog audit) {
    this.store = store;
    this.tables = tables;
    this.audit = audit;
  }

  Response get(Request request, ResourcePath path, ResourceType type) {
    boolean table = Tables.wanted(request.header("accept"));
    boolean includeObject = "Object".equals(request.query().get("includeObject"));
    if (path.name() != null) {
      JsonNode object = store.get(type, path.namespace(), path.name())
          .orElseThrow(() -> ApiException.notFound(type, path.name()));
      return Response.json(200, table ? tables.table(type, List.of(object),
          object.path("metadata").path("resourceVersion").asText(), includeObject) : object);
    }
    Pages.Page page = Pages.page(request, matching(request, path, type));
    if (table) {
      ObjectNode result = tables.table(type, page.items(), Long.toString(page.resourceVersion()), includeObject);
      page.describe((ObjectNode) result.get("metadata"));
      return Response.json(200, result);
    }
    ObjectNode result = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
    page.describe(result.putObject("metadata"));
    ArrayNode array = result.putArray("items");
    page.items().forEach(array::add);
    return Response.json(200, result);
  }

  /** The objects of a collection request that match its selectors. */
  ObjectStore.Listing matching(Request request, ResourcePath path, ResourceType type) {
    String labels = request.query().get("labelSelector");
    Predicate<JsonNode> filter = filter(request);
    ObjectStore.Listing all = store.list(type, path.namespace(), Selectors.labelEqualities(labels));
    return new ObjectStore.Listing(all.items().stream().filter(filter).toList(), all.resourceVersion());
  }

  private static Predicate<JsonNode> filter(Request request) {
    return Selectors.labels(request.query().get("labelSelector"))
        .and(Selectors.fields(request.query().get("fieldSelector")));
  }

  Response watch(Request request, ResourcePath path, ResourceType type) {
    Predicate<JsonNode> filter = filter(request);
    String rv = request.query().getOrDefault("resourceVersion", "");
    Long since = rv.isEmpty() || rv.equals("0") ? null : parseVersion(rv);
    String user = request.user().name();
    String resource = type.plural();
    return Response.watch(counted -> {
      Response.Sink sink = new Response.Sink() {
        @Override
        public void send(String event) {
          audit.watchEventSent(user, resource, event.length());
          counted.send(event);
        }

        @Override
        public void close() {
          counted.close();
        }
      };
      Consumer<ObjectStore.Change> listener = change -> {
        if (!change.resource().qualifiedPlural().equals(type.qualifiedPlural()) || !inScope(path, change.object())) {
          return;
        }
        boolean now = !change.type().equals("DELETED") && filter.test(change.object());
        boolean before = change.previous() != null && filter.test(change.previous());
        String event = switch (change.type()) {
          case "ADDED" -> now ? "ADDED" : null;
          case "DELETED" -> before ? "DELETED" : null;
          default -> now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
        };
        if (event != null) {
          sink.send(event(event, change.object()));
        }
      };
      boolean started = store.subscribe(since, () -> {
        for (JsonNode object : store.list(type, path.namespace(), Selectors.labelEqualities(
            request.query().get("labelSelector"))).items()) {
          if (inScope(path, object) && filter.test(object)) {
            sink.send(event("ADDED", object));
          }
        }
      }, listener);
      if (!started) {
        ApiException gone = ApiException.gone("too old resource version: " + since + " (" + store.resourceVersion()
            + ")");
        sink.send(event("ERROR", gone.toStatus()));
        sink.close();
        return () -> { };
      }
      return () -> store.unsubscribe(listener);
    });
  }

  private static boolean inScope(ResourcePath path, JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return (path.namespace() == null || path.namespace().equals(metadata.path("namespace").asText()))
        && (path.name() == null || path.name().equals(metadata.path("name").asText()));
  }

  private static String event(String type, JsonNode object) {
    ObjectNode event = Json.object().put("type", type);
    event.set("object", object);
    return Json.write(event);
  }

  private static Long parseVersion(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resourceVersion: " + value);
    }
  }
}
