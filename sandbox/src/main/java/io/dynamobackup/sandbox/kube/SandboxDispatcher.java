package io.dynamobackup.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox API server's request handling: what kubectl and the operator need on top of the fabric8 CRUD store
 * ({@link ClusterStore}) - discovery, OpenAPI v3, Table printing, Status errors, server-side validation and defaulting,
 * label/field selectors, strategic-merge and server-side-apply patches, garbage collection. Stored objects are read and
 * written only through the store.
 */
public final class SandboxDispatcher extends Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxDispatcher.class);
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final ClusterStore store;
  private final ApiResources resources;
  private final Tables tables;
  private final OpenApiV3 openApi;
  private final Patches patches = new Patches();
  private final GarbageCollector garbageCollector;
  private volatile String serverAddress = "127.0.0.1";

  public SandboxDispatcher(ClusterStore store, Clock clock) {
    this.store = store;
    this.resources = new ApiResources(store::crds);
    this.tables = new Tables(clock);
    this.openApi = new OpenApiV3(resources);
    this.garbageCollector = new GarbageCollector(store, resources);
  }

  public ApiResources resources() {
    return resources;
  }

  void serverAddress(String address) {
    this.serverAddress = address;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return route(request);
    } catch (ApiException e) {
      return status(e);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
      return status(new ApiException(500, "InternalError", "sandbox API server: " + e));
    }
  }

  @Override
  public void shutdown() {
    garbageCollector.close();
  }

  private MockResponse route(RecordedRequest request) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, String> query = query(q < 0 ? "" : full.substring(q + 1));
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      Optional<JsonNode> meta = metaDocument(path);
      if (meta.isPresent()) {
        return json(200, meta.get());
      }
      if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
      }
    }
    ResourcePath rp = ResourcePath.parse(path).orElseThrow(SandboxDispatcher::noSuchPath);
    ResourceType type = resources.find(rp.group(), rp.version(), rp.plural()).orElseThrow(SandboxDispatcher::noSuchPath);
    if (rp.subresource() != null && !(rp.subresource().equals("status") && type.statusSubresource())) {
      throw noSuchPath();
    }
    if (type.namespaced() && rp.namespace() == null && rp.name() != null) {
      throw noSuchPath();
    }
    return switch (method) {
      case GET -> "true".equals(query.get("watch")) ? watch(rp, type, query) : get(request, rp, type, query);
      case POST -> create(request, rp, type, query);
      case PUT -> update(request, rp, type, query);
      case PATCH -> patch(request, rp, type, query);
      case DELETE -> delete(rp, type, query);
      default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method");
    };
  }

  private Optional<JsonNode> metaDocument(String path) {
    switch (path) {
      case "/version":
        return Optional.of(ApiResources.version());
      case "/api":
        return Optional.of(resources.coreVersions(serverAddress));
      case "/apis":
        return Optional.of(resources.groupList());
      case "/openapi/v3":
        return Optional.of(openApi.index());
      default:
        break;
    }
    if (path.startsWith("/openapi/v3/")) {
      return Optional.of(openApi.document(path.substring("/openapi/v3/".length())).orElseThrow(SandboxDispatcher::noSuchPath));
    }
    String[] s = path.substring(1).split("/");
    if (s[0].equals("apis") && s.length == 2) {
      return Optional.of(resources.group(s[1]).orElseThrow(SandboxDispatcher::noSuchPath));
    }
    if ((s[0].equals("apis") && s.length == 3) || (s[0].equals("api") && s.length == 2)) {
      return Optional.of(resources.resourceList(s.length == 3 ? s[1] : "", s[s.length - 1])
          .orElseThrow(SandboxDispatcher::noSuchPath));
    }
    return Optional.empty();
  }

  // ---- reads

  private MockResponse get(RecordedRequest request, ResourcePath rp, ResourceType type, Map<String, String> query) {
    boolean table = Tables.wanted(request.getHeader("Accept"));
    boolean includeObject = "Object".equals(query.get("includeObject"));
    if (rp.name() != null) {
      JsonNode object = current(rp, type).orElseThrow(() -> ApiException.notFound(type, rp.name()));
      return table ? json(200, tables.table(type, List.of(object),
          object.path("metadata").path("resourceVersion").asText(), includeObject)) : json(200, object);
    }
    JsonNode list = Json.parse(store.handleGet(type.collectionPath(rp.namespace())).getBody().readUtf8());
    String resourceVersion = list.path("metadata").path("resourceVersion").asText("0");
    List<JsonNode> items = matching(list, query);
    if (table) {
      return json(200, tables.table(type, items, resourceVersion, includeObject));
    }
    ObjectNode result = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
    result.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode array = result.putArray("items");
    items.forEach(array::add);
    return json(200, result);
  }

  private List<JsonNode> matching(JsonNode list, Map<String, String> query) {
    Predicate<JsonNode> filter = Selectors.labels(query.get("labelSelector"))
        .and(Selectors.fields(query.get("fieldSelector")));
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(item -> {
      if (filter.test(item)) {
        items.add(item);
      }
    });
    items.sort(Comparator.comparing((JsonNode o) -> o.path("metadata").path("namespace").asText())
        .thenComparing(o -> o.path("metadata").path("name").asText()));
    return items;
  }

  private Optional<JsonNode> current(ResourcePath rp, ResourceType type) {
    MockResponse response = store.handleGet(objectPath(rp, type, false));
    return response.code() == 404 ? Optional.empty() : Optional.of(Json.parse(response.getBody().readUtf8()));
  }

  private MockResponse watch(ResourcePath rp, ResourceType type, Map<String, String> query) {
    Predicate<JsonNode> filter = Selectors.labels(query.get("labelSelector"))
        .and(Selectors.fields(query.get("fieldSelector")));
    String path = rp.name() == null ? type.collectionPath(rp.namespace()) : objectPath(rp, type, false);
    WebSocketListener events = store.handleGet(path + "?watch=true").getWebSocketListener();
    List<String> replay = new ArrayList<>();
    long since = parseLong(query.get("resourceVersion"));
    if (since > 0) {
      for (JsonNode gone : store.deletedSince(since)) {
        JsonNode metadata = gone.path("metadata");
        if (gone.path("apiVersion").asText().equals(type.groupVersion()) && gone.path("kind").asText().equals(type.kind())
            && (rp.namespace() == null || rp.namespace().equals(metadata.path("namespace").asText()))
            && (rp.name() == null || rp.name().equals(metadata.path("name").asText())) && filter.test(gone)) {
          ObjectNode event = Json.object().put("type", "DELETED");
          event.set("object", gone);
          replay.add(Json.write(event));
        }
      }
    }
    return new MockResponse().setResponseCode(200).withWebSocketUpgrade(new WatchListener(events, filter, replay));
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // ---- writes

  private MockResponse create(RecordedRequest request, ResourcePath rp, ResourceType type, Map<String, String> query) {
    if (rp.name() != null) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }
    JsonNode body = Json.parse(request.getBody().readUtf8());
    if (!(body instanceof ObjectNode object)) {
      throw new ApiException(400, "BadRequest", "the request body must be a JSON object");
    }
    checkKind(type, object);
    ObjectNode metadata = object.has("metadata") && object.get("metadata").isObject()
        ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
    if (type.namespaced()) {
      requireNamespace(rp.namespace());
    }
    List<String> warnings = new ArrayList<>();
    validate(type, metadata.path("name").asText(), object, false, false, query, warnings);
    if (query.containsKey("dryRun")) {
      return withWarnings(json(201, object), warnings);
    }
    MockResponse response = store.handleCreate(forward(HttpMethod.POST, type.collectionPath(rp.namespace()), JSON, object));
    if (response.code() == 409) {
      throw new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + metadata.path("name").asText()
          + "\" already exists", Json.object().put("name", metadata.path("name").asText()).put("group", type.group())
          .put("kind", type.plural()));
    }
    return withWarnings(normalize(response), warnings);
  }

  private MockResponse update(RecordedRequest request, ResourcePath rp, ResourceType type, Map<String, String> query) {
    if (rp.name() == null) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }
    JsonNode body = Json.parse(request.getBody().readUtf8());
    if (!(body instanceof ObjectNode object)) {
      throw new ApiException(400, "BadRequest", "the request body must be a JSON object");
    }
    checkKind(type, object);
    List<String> warnings = new ArrayList<>();
    validate(type, rp.name(), object, false, rp.subresource() != null, query, warnings);
    if (query.containsKey("dryRun")) {
      return withWarnings(json(200, object), warnings);
    }
    MockResponse response = store.handleUpdate(forward(HttpMethod.PUT, objectPath(rp, type, true), JSON, object));
    if (response.code() == 404) {
      throw ApiException.notFound(type, rp.name());
    }
    return withWarnings(normalize(response), warnings);
  }

  private MockResponse patch(RecordedRequest request, ResourcePath rp, ResourceType type, Map<String, String> query) {
    if (rp.name() == null) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("")
        .split(";")[0].trim().toLowerCase(Locale.ROOT);
    String body = request.getBody().readUtf8();
    List<String> warnings = new ArrayList<>();
    boolean status = rp.subresource() != null;
    JsonNode patch;
    switch (contentType) {
      case "application/json-patch+json" -> {
        return patchStore(rp, type, contentType, Json.parse(body), warnings);
      }
      case MERGE_PATCH -> patch = Json.parse(body);
      case "application/strategic-merge-patch+json" -> {
        if (type.custom()) {
          throw unsupportedPatch(contentType);
        }
        patch = Patches.strategicToMerge(Json.parse(body));
      }
      case "application/apply-patch+yaml", "application/apply-patch+json" -> {
        String manager = query.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
          throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value:"
              + " is required for apply patch");
        }
        JsonNode applied = Json.parseYaml(body);
        Optional<JsonNode> current = current(rp, type);
        if (current.isEmpty()) {
          if (status) {
            throw ApiException.notFound(type, rp.name());
          }
          ObjectNode object = (ObjectNode) applied;
          checkKind(type, object);
          if (type.namespaced()) {
            requireNamespace(rp.namespace());
          }
          validate(type, rp.name(), object, false, false, query, warnings);
          MockResponse created = store.handleCreate(forward(HttpMethod.POST, type.collectionPath(rp.namespace()), JSON,
              object));
          if (created.code() != 201) {
            return normalize(created);
          }
          JsonNode createdObject = Json.parse(created.getBody().readUtf8());
          patches.applyToMerge(createdObject.path("metadata").path("uid").asText(), null, manager, applied);
          return withWarnings(json(201, createdObject), warnings);
        }
        patch = patches.applyToMerge(current.get().path("metadata").path("uid").asText(), rp.subresource(), manager,
            applied);
      }
      default -> throw unsupportedPatch(contentType);
    }
    if (!(patch instanceof ObjectNode)) {
      throw new ApiException(400, "BadRequest", "the patch must be a JSON object");
    }
    validate(type, rp.name(), (ObjectNode) patch, true, status, query, warnings);
    return patchStore(rp, type, MERGE_PATCH, patch, warnings);
  }

  private MockResponse patchStore(ResourcePath rp, ResourceType type, String contentType, JsonNode patch,
      List<String> warnings) {
    MockResponse response = store.handlePatch(forward(HttpMethod.PATCH, objectPath(rp, type, true), contentType, patch));
    if (response.code() == 404) {
      throw ApiException.notFound(type, rp.name());
    }
    return withWarnings(normalize(response), warnings);
  }

  private MockResponse delete(ResourcePath rp, ResourceType type, Map<String, String> query) {
    if (rp.name() == null) {
      JsonNode list = Json.parse(store.handleGet(type.collectionPath(rp.namespace())).getBody().readUtf8());
      ObjectNode result = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
      result.putObject("metadata");
      ArrayNode items = result.putArray("items");
      for (JsonNode item : matching(list, query)) {
        String namespace = item.path("metadata").path("namespace").asText(null);
        store.handleDelete(type.collectionPath(namespace) + "/" + item.path("metadata").path("name").asText());
        items.add(item);
      }
      return json(200, result);
    }
    Optional<JsonNode> before = current(rp, type);
    if (before.isEmpty()) {
      throw ApiException.notFound(type, rp.name());
    }
    if (query.containsKey("dryRun")) {
      return json(200, before.get());
    }
    store.handleDelete(objectPath(rp, type, false));
    Optional<JsonNode> after = current(rp, type);
    if (after.isEmpty()) {
      patches.forget(before.get().path("metadata").path("uid").asText());
      return json(200, before.get());
    }
    return json(200, after.get());
  }

  // ---- validation

  private void validate(ResourceType type, String name, ObjectNode object, boolean partial, boolean statusWrite,
      Map<String, String> query, List<String> warnings) {
    if (!type.custom()) {
      return;
    }
    JsonNode status = null;
    if (!statusWrite && type.statusSubresource()) {
      status = object.remove("status"); // ignored by the server on the main resource
    }
    SchemaValidator.Result result = SchemaValidator.validate(object, type.schema(), partial);
    if (status != null) {
      object.set("status", status);
    }
    if (!result.unknownFields().isEmpty()) {
      String directive = query.getOrDefault("fieldValidation", "Warn");
      String message = SchemaValidator.unknownFieldsMessage(result.unknownFields());
      if (directive.equals("Strict")) {
        throw new ApiException(400, "BadRequest", type.kind() + " in version \"" + type.version()
            + "\" cannot be handled as a " + type.kind() + ": strict decoding error: " + message);
      } else if (!directive.equals("Ignore")) {
        result.unknownFields().forEach(f -> warnings.add("unknown field \"" + f + "\""));
      }
    }
    if (!result.errors().isEmpty()) {
      throw ApiException.invalid(type, name, result.errors());
    }
  }

  private static void checkKind(ResourceType type, ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (!apiVersion.equals(type.groupVersion()) || !kind.equals(type.kind())) {
      throw new ApiException(400, "BadRequest", "the API version in the data (" + apiVersion + ") and kind (" + kind
          + ") do not match the request (" + type.groupVersion() + ", " + type.kind() + ")");
    }
  }

  private void requireNamespace(String namespace) {
    if (store.handleGet("/api/v1/namespaces/" + namespace).code() == 404) {
      throw new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found",
          Json.object().put("name", namespace).put("kind", "namespaces"));
    }
  }

  // ---- helpers

  private static String objectPath(ResourcePath rp, ResourceType type, boolean withSubresource) {
    return type.collectionPath(rp.namespace()) + "/" + rp.name()
        + (withSubresource && rp.subresource() != null ? "/" + rp.subresource() : "");
  }

  private static RecordedRequest forward(HttpMethod method, String path, String contentType, JsonNode body) {
    return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", contentType).build(),
        new Buffer(Json.write(body).getBytes(StandardCharsets.UTF_8)));
  }

  /** The store answers 202 to writes and may omit the content type; the API server answers 200/201 with JSON. */
  private static MockResponse normalize(MockResponse response) {
    int code = response.code() == 202 ? 200 : response.code();
    return response.setResponseCode(code).setHeader("Content-Type", JSON);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(Json.write(body));
  }

  private static MockResponse withWarnings(MockResponse response, List<String> warnings) {
    warnings.forEach(w -> response.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
    return response;
  }

  private static MockResponse status(ApiException e) {
    return json(e.code, e.toStatus());
  }

  private static ApiException noSuchPath() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  private static ApiException unsupportedPatch(String contentType) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted"
        + " media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        + " (got " + contentType + ")");
  }

  static Map<String, String> query(String query) {
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  /**
   * Wraps the CRUD watch: first replays deletions since the requested resourceVersion, then passes on only the events
   * whose object matches the selectors (a changed object that stops matching is sent as DELETED).
   */
  private static final class WatchListener extends WebSocketListener {
    private final WebSocketListener delegate;
    private final Predicate<JsonNode> filter;
    private final List<String> replay;
    private volatile WebSocket wrapped;

    WatchListener(WebSocketListener delegate, Predicate<JsonNode> filter, List<String> replay) {
      this.delegate = delegate;
      this.filter = filter;
      this.replay = replay;
    }

    private WebSocket wrap(WebSocket socket) {
      if (wrapped == null) {
        wrapped = new WebSocket() {
          @Override
          public RecordedRequest request() {
            return socket.request();
          }

          @Override
          public boolean send(String text) {
            JsonNode event = Json.parse(text);
            if (filter.test(event.path("object"))) {
              return socket.send(text);
            }
            if ("MODIFIED".equals(event.path("type").asText())) {
              ((ObjectNode) event).put("type", "DELETED");
              return socket.send(Json.write(event));
            }
            return true;
          }

          @Override
          public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
          }

          @Override
          public boolean close(int code, String reason) {
            return socket.close(code, reason);
          }
        };
      }
      return wrapped;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, io.fabric8.mockwebserver.http.Response response) {
      delegate.onBeforeAccept(wrap(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, io.fabric8.mockwebserver.http.Response response) {
      replay.forEach(webSocket::send);
      delegate.onOpen(wrap(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(wrap(webSocket), text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      delegate.onClosing(wrap(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      delegate.onClosed(wrap(webSocket), code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, io.fabric8.mockwebserver.http.Response response) {
      delegate.onFailure(wrap(webSocket), error, response);
    }
  }
}
