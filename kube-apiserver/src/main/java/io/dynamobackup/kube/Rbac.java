package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * RBAC authorization as the API server's RBAC authorizer does it, from the Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings in the store: a request is allowed when a binding whose subject is the user (by name, group or
 * ServiceAccount) grants a rule matching its verb, API group, resource (or {@code resource/subresource}) and name.
 * Members of {@code system:masters} may do anything. A denial is {@code 403 Forbidden} with Kubernetes' message.
 */
final class Rbac {
  /** What a request does, as RBAC sees it. {@code namespace} and {@code name} may be null. */
  record Attributes(String verb, String group, String resource, String subresource, String namespace, String name) {
    String resourceWithSubresource() {
      return subresource == null ? resource : resource + "/" + subresource;
    }
  }

  private final ObjectStore store;

  Rbac(ObjectStore store) {
    this.store = store;
  }

  /** @throws ApiException 403 Forbidden when no rule allows it */
  void authorize(UserInfo user, Attributes request) {
    if (!allowed(user, request)) {
      throw forbidden(user, request);
    }
  }

  boolean allowed(UserInfo user, Attributes request) {
    if (user.admin()) {
      return true;
    }
    for (JsonNode binding : store.list(ApiResources.CLUSTER_ROLE_BINDINGS, null, Map.of()).items()) {
      if (bound(binding, user, null) && grants(role(binding, null), request)) {
        return true;
      }
    }
    if (request.namespace() != null) {
      for (JsonNode binding : store.list(ApiResources.ROLE_BINDINGS, request.namespace(), Map.of()).items()) {
        if (bound(binding, user, request.namespace()) && grants(role(binding, request.namespace()), request)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The SelfSubjectRulesReview answer: {@code review} with its status listing the resource rules of every
   * ClusterRoleBinding and RoleBinding (of {@code spec.namespace}) that binds the user, as the API server's rule
   * resolver lists them; an administrator may do anything.
   */
  com.fasterxml.jackson.databind.node.ObjectNode rulesReview(UserInfo user, JsonNode review) {
    String namespace = review.path("spec").path("namespace").asText(null);
    com.fasterxml.jackson.databind.node.ObjectNode out = Json.object();
    out.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    out.putObject("metadata").put("creationTimestamp", (String) null);
    out.putObject("spec").put("namespace", namespace);
    com.fasterxml.jackson.databind.node.ObjectNode status = out.putObject("status");
    com.fasterxml.jackson.databind.node.ArrayNode rules = status.putArray("resourceRules");
    status.putArray("nonResourceRules");
    status.put("incomplete", false);
    if (user.admin()) {
      com.fasterxml.jackson.databind.node.ObjectNode all = rules.addObject();
      all.putArray("verbs").add("*");
      all.putArray("apiGroups").add("*");
      all.putArray("resources").add("*");
      return out;
    }
    java.util.List<JsonNode> bindings = new java.util.ArrayList<>();
    store.list(ApiResources.CLUSTER_ROLE_BINDINGS, null, Map.of()).items().forEach(b -> {
      if (bound(b, user, null)) {
        bindings.add(role(b, null));
      }
    });
    if (namespace != null && !namespace.isEmpty()) {
      store.list(ApiResources.ROLE_BINDINGS, namespace, Map.of()).items().forEach(b -> {
        if (bound(b, user, namespace)) {
          bindings.add(role(b, namespace));
        }
      });
    }
    for (JsonNode role : bindings) {
      if (role != null) {
        role.path("rules").forEach(rule -> rules.add(rule.deepCopy()));
      }
    }
    return out;
  }

  private JsonNode role(JsonNode binding, String namespace) {
    JsonNode ref = binding.path("roleRef");
    String name = ref.path("name").asText();
    return "Role".equals(ref.path("kind").asText())
        ? store.get(ApiResources.ROLES, namespace, name).map(JsonNode.class::cast).orElse(null)
        : store.get(ApiResources.CLUSTER_ROLES, null, name).map(JsonNode.class::cast).orElse(null);
  }

  private static boolean bound(JsonNode binding, UserInfo user, String bindingNamespace) {
    for (JsonNode subject : binding.path("subjects")) {
      String name = subject.path("name").asText();
      boolean match = switch (subject.path("kind").asText()) {
        case "User" -> user.name().equals(name);
        case "Group" -> user.groups().contains(name);
        case "ServiceAccount" -> user.name().equals("system:serviceaccount:"
            + subject.path("namespace").asText(bindingNamespace == null ? "" : bindingNamespace) + ":" + name);
        default -> false;
      };
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static boolean grants(JsonNode role, Attributes request) {
    if (role == null) {
      return false;
    }
    for (JsonNode rule : role.path("rules")) {
      if (matches(rule.path("verbs"), request.verb()) && matches(rule.path("apiGroups"), request.group())
          && resourceMatches(rule.path("resources"), request)
          && (rule.path("resourceNames").isEmpty() || (request.name() != null
              && matches(rule.path("resourceNames"), request.name())))) {
        return true;
      }
    }
    return false;
  }

  private static boolean resourceMatches(JsonNode resources, Attributes request) {
    String wanted = request.resourceWithSubresource();
    for (JsonNode resource : resources) {
      String r = resource.asText();
      if (r.equals("*") || r.equals(wanted) || (request.subresource() != null && r.equals("*/" + request.subresource()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(JsonNode values, String wanted) {
    for (JsonNode value : values) {
      if (value.asText().equals("*") || value.asText().equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  static ApiException forbidden(UserInfo user, Attributes request) {
    String qualified = request.group().isEmpty() ? request.resource() : request.resource() + "." + request.group();
    String message = qualified + (request.name() == null ? "" : " \"" + request.name() + "\"") + " is forbidden: User \""
        + user.name() + "\" cannot " + request.verb() + " resource \"" + request.resourceWithSubresource()
        + "\" in API group \"" + request.group() + "\""
        + (request.namespace() == null ? " at the cluster scope" : " in the namespace \"" + request.namespace() + "\"");
    com.fasterxml.jackson.databind.node.ObjectNode details = Json.object();
    if (request.name() != null) {
      details.put("name", request.name());
    }
    details.put("group", request.group()).put("kind", request.resource());
    return new ApiException(403, "Forbidden", message, details);
  }
}
