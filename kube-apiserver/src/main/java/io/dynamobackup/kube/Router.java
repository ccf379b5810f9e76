package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request: discovery, OpenAPI and health documents (readable by every user, as the built-in
 * {@code system:discovery} role allows), {@link AccessReviews} (every user may ask what they may do), then resource
 * requests, authorized with {@link Rbac} and handed to {@link Reads} or {@link Writes}, all as the user the request
 * {@link Impersonation impersonates}, if any. Every error becomes a {@code Status} response.
 */
final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private final ApiResources resources;
  private final OpenApiV3 openApi;
  private final Rbac rbac;
  private final AccessReviews reviews;
  private final Reads reads;
  private final Writes writes;
  private final AuditLog audit;
  private final java.time.Clock clock;
  private volatile String serverAddress = "127.0.0.1";

  Router(ApiResources resources, Rbac rbac, Reads reads, Writes writes, AuditLog audit, java.time.Clock clock) {
    this.audit = audit;
    this.clock = clock;
    this.resources = resources;
    this.openApi = new OpenApiV3(resources);
    this.rbac = rbac;
    this.reviews = new AccessReviews(rbac, new Bodies());
    this.reads = reads;
    this.writes = writes;
  }

  void serverAddress(String address) {
    this.serverAddress = address;
  }

  Response handle(Request received) {
    Rbac.Attributes[] attributes = new Rbac.Attributes[1];
    Response response;
    Request request = received;
    try {
      request = received.as(Impersonation.resolve(received.user(), received.impersonate(), rbac));
      response = route(request, attributes);
    } catch (ApiException e) {
      response = Response.status(e);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.method(), request.path(), e);
      response = Response.status(new ApiException(500, "InternalError", "kube-apiserver: " + e));
    }
    Rbac.Attributes a = attributes[0];
    if (a != null) {
      audit.record(new AuditLog.Event(clock.instant(), request.user().name(), a.verb(), a.group(),
          a.resourceWithSubresource(), a.namespace(), a.name(), response.code));
    }
    return response;
  }

  private Response route(Request request, Rbac.Attributes[] attributes) {
    String path = request.path();
    Optional<Response> review = reviews.handle(request);
    if (review.isPresent()) {
      return review.get();
    }
    if (request.method().equals("GET")) {
      Optional<JsonNode> meta = metaDocument(path);
      if (meta.isPresent()) {
        return Response.json(200, meta.get());
      }
      if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
        return Response.text(200, "ok");
      }
    }
    ResourcePath rp = ResourcePath.parse(path).orElseThrow(ApiException::noSuchPath);
    ResourceType type = resources.find(rp.group(), rp.version(), rp.plural()).orElseThrow(ApiException::noSuchPath);
    if (rp.subresource() != null && !(rp.subresource().equals("status") && type.statusSubresource())) {
      throw ApiException.noSuchPath();
    }
    if (type.namespaced() && rp.namespace() == null && rp.name() != null) {
      throw ApiException.noSuchPath();
    }
    boolean watch = "true".equals(request.query().get("watch"));
    String verb = switch (request.method()) {
      case "GET" -> watch ? "watch" : rp.name() == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> rp.name() == null ? "deletecollection" : "delete";
      default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method");
    };
    String name = rp.name() != null ? rp.name() : watch ? fieldSelectorName(request) : null;
    attributes[0] = new Rbac.Attributes(verb, type.group(), type.plural(), rp.subresource(),
        type.namespaced() ? rp.namespace() : null, name);
    rbac.authorize(request.user(), attributes[0]);
    return switch (verb) {
      case "watch" -> reads.watch(request, rp, type);
      case "list", "get" -> reads.get(request, rp, type);
      case "create" -> writes.create(request, rp, type);
      case "update" -> writes.update(request, rp, type);
      case "patch" -> writes.patch(request, rp, type);
      default -> writes.delete(request, rp, type, reads);
    };
  }

  /** A watch of one object ({@code fieldSelector=metadata.name=x}) is authorized for that name, as in Kubernetes. */
  private static String fieldSelectorName(Request request) {
    String selector = request.query().getOrDefault("fieldSelector", "");
    return selector.startsWith("metadata.name=") && !selector.contains(",")
        ? selector.substring("metadata.name=".length()) : null;
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
      return Optional.of(openApi.document(path.substring("/openapi/v3/".length()))
          .orElseThrow(ApiException::noSuchPath));
    }
    String[] s = path.substring(1).split("/");
    if (s[0].equals("apis") && s.length == 2) {
      return Optional.of(resources.group(s[1]).orElseThrow(ApiException::noSuchPath));
    }
    if ((s[0].equals("apis") && s.length == 3) || (s[0].equals("api") && s.length == 2)) {
      return Optional.of(resources.resourceList(s.length == 3 ? s[1] : "", s[s.length - 1])
          .orElseThrow(ApiException::noSuchPath));
    }
    return Optional.empty();
  }

  static Map<String, String> query(String query) {
    Map<String, String> params = new HashMap<>();
    for (String pair : (query == null ? "" : query).split("&")) {
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
}
