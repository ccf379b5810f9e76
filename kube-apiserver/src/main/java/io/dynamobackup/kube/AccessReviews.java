package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What a user may do, asked of the server ({@code authorization.k8s.io/v1}, created and answered, never stored; every
 * user may ask about themselves, as the built-in {@code system:basic-user} role allows): a SelfSubjectAccessReview
 * ({@code kubectl auth can-i delete ddbbackup}) answered with the same {@link Rbac} evaluation as a request, and a
 * SelfSubjectRulesReview ({@code kubectl auth can-i --list}; JOSDK's leader election asks it). Bodies in JSON or, as
 * kubectl's typed client sends them, protobuf. And who the user is: a SelfSubjectReview ({@code authentication.k8s.io},
 * {@code kubectl auth whoami}).
 */
final class AccessReviews {
  static final String GROUP = "authorization.k8s.io";
  static final String AUTHENTICATION = "authentication.k8s.io";
  private static final String WHOAMI_PATH = "/apis/" + AUTHENTICATION + "/v1/selfsubjectreviews";
  static final String ACCESS_REVIEWS = "selfsubjectaccessreviews";
  static final String RULES_REVIEWS = "selfsubjectrulesreviews";
  private static final String PREFIX = "/apis/" + GROUP + "/v1/";
  /** Paths every user may read: discovery, OpenAPI, version and health, as {@code system:discovery} allows. */
  private static final List<String> PUBLIC_PATHS = List.of("/api", "/apis", "/openapi", "/version", "/healthz",
      "/livez", "/readyz");

  private final Rbac rbac;
  private final Bodies bodies;

  AccessReviews(Rbac rbac, Bodies bodies) {
    this.rbac = rbac;
    this.bodies = bodies;
  }

  /** The answer when {@code request} creates a review, else empty. */
  Optional<Response> handle(Request request) {
    if (request.method().equals("POST") && request.path().equals(WHOAMI_PATH)) {
      return Optional.of(Response.json(201, whoAmI(request.user())));
    }
    if (!request.method().equals("POST") || !request.path().startsWith(PREFIX)) {
      return Optional.empty();
    }
    String resource = request.path().substring(PREFIX.length());
    if (!resource.equals(ACCESS_REVIEWS) && !resource.equals(RULES_REVIEWS)) {
      return Optional.empty();
    }
    ObjectNode review = bodies.object(request, null);
    return Optional.of(Response.json(201, resource.equals(RULES_REVIEWS) ? rbac.rulesReview(request.user(), review)
        : accessReview(request.user(), review)));
  }

  private ObjectNode accessReview(UserInfo user, JsonNode review) {
    JsonNode spec = review.path("spec");
    JsonNode resource = spec.path("resourceAttributes");
    JsonNode nonResource = spec.path("nonResourceAttributes");
    boolean allowed;
    if (resource.isObject()) {
      allowed = rbac.allowed(user, new Rbac.Attributes(resource.path("verb").asText(), resource.path("group").asText(),
          resource.path("resource").asText(), blankToNull(resource.path("subresource").asText()),
          blankToNull(resource.path("namespace").asText()), blankToNull(resource.path("name").asText())));
    } else if (nonResource.isObject()) {
      String path = nonResource.path("path").asText();
      allowed = user.admin() || ("get".equals(nonResource.path("verb").asText())
          && PUBLIC_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/")));
    } else {
      throw new ApiException(422, "Invalid", "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec:"
          + " Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    ObjectNode out = Json.object().put("kind", "SelfSubjectAccessReview").put("apiVersion", GROUP + "/v1");
    out.putObject("metadata").putNull("creationTimestamp");
    out.set("spec", spec.deepCopy());
    out.putObject("status").put("allowed", allowed);
    return out;
  }

  /** {@code kubectl auth whoami}: the user the request runs as (after impersonation). */
  private static ObjectNode whoAmI(UserInfo user) {
    ObjectNode out = Json.object().put("kind", "SelfSubjectReview").put("apiVersion", AUTHENTICATION + "/v1");
    out.putObject("metadata").putNull("creationTimestamp");
    ObjectNode info = out.putObject("status").putObject("userInfo").put("username", user.name());
    user.groups().forEach(info.putArray("groups")::add);
    return out;
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
