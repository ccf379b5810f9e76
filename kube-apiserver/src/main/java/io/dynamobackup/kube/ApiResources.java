package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The served resource types and the discovery documents built from them: the built-in kinds kubectl and the operator
 * use, plus every version of every stored CustomResourceDefinition (short names, categories, status subresource).
 */
public final class ApiResources {
  private static final String RBAC = "rbac.authorization.k8s.io";
  static final ResourceType NAMESPACES = ResourceType.builtin("", "v1", "namespaces", "Namespace", false, "ns");
  static final ResourceType CRDS = ResourceType.builtin("apiextensions.k8s.io", "v1", "customresourcedefinitions",
      "CustomResourceDefinition", false, "crd", "crds");
  static final ResourceType ROLES = ResourceType.builtin(RBAC, "v1", "roles", "Role", true);
  static final ResourceType ROLE_BINDINGS = ResourceType.builtin(RBAC, "v1", "rolebindings", "RoleBinding", true);
  static final ResourceType CLUSTER_ROLES = ResourceType.builtin(RBAC, "v1", "clusterroles", "ClusterRole", false);
  static final ResourceType CLUSTER_ROLE_BINDINGS = ResourceType.builtin(RBAC, "v1", "clusterrolebindings",
      "ClusterRoleBinding", false);
  static final List<ResourceType> BUILTIN = List.of(
      NAMESPACES,
      ResourceType.builtin("", "v1", "configmaps", "ConfigMap", true, "cm"),
      ResourceType.builtin("", "v1", "events", "Event", true, "ev"),
      ResourceType.builtin("", "v1", "secrets", "Secret", true),
      ResourceType.builtin("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
      CRDS,
      ResourceType.builtin("coordination.k8s.io", "v1", "leases", "Lease", true),
      ROLES, ROLE_BINDINGS, CLUSTER_ROLES, CLUSTER_ROLE_BINDINGS);
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  private final ObjectStore store;
  private final java.util.concurrent.atomic.AtomicLong crdChanges = new java.util.concurrent.atomic.AtomicLong();
  private volatile Cached cache = new Cached(-1, List.of());

  private record Cached(long crdChanges, List<ResourceType> types) {
  }

  ApiResources(ObjectStore store) {
    this.store = store;
    store.onChange(change -> {
      if (change.resource().equals(CRDS)) {
        crdChanges.incrementAndGet();
      }
    });
  }

  /** Every served type: the built-in kinds, then every served version of every stored CRD. */
  public List<ResourceType> all() {
    Cached cached = cache;
    long changes = crdChanges.get();
    if (cached.crdChanges() != changes) {
      cached = new Cached(changes, build());
      cache = cached;
    }
    return cached.types();
  }

  private List<ResourceType> build() {
    List<ResourceType> all = new ArrayList<>(BUILTIN);
    for (JsonNode crd : store.list(CRDS, null, java.util.Map.of()).items()) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        all.add(new ResourceType(spec.path("group").asText(), version.path("name").asText(),
            names.path("plural").asText(), names.path("singular").asText(names.path("kind").asText().toLowerCase()),
            names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
            strings(names.path("categories")), version.path("subresources").has("status"),
            version.path("schema").path("openAPIV3Schema"), version.path("additionalPrinterColumns")));
      }
    }
    return List.copyOf(all);
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)
        && t.plural().equals(plural)).findFirst();
  }

  public Optional<ResourceType> findKind(String apiVersion, String kind) {
    return all().stream().filter(t -> t.groupVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
  }

  /** group name to its versions, core group ("") included, in a stable order. */
  Map<String, Set<String>> groups() {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : all()) {
      groups.computeIfAbsent(type.group(), g -> new LinkedHashSet<>()).add(type.version());
    }
    groups.computeIfAbsent(AccessReviews.GROUP, g -> new LinkedHashSet<>()).add("v1");
    groups.computeIfAbsent(AccessReviews.AUTHENTICATION, g -> new LinkedHashSet<>()).add("v1");
    return groups;
  }

  /** {@code GET /api}. */
  ObjectNode coreVersions(String serverAddress) {
    ObjectNode doc = Json.object().put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    doc.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return doc;
  }

  /** {@code GET /apis}. */
  ObjectNode groupList() {
    ObjectNode doc = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    groups().forEach((group, versions) -> {
      if (!group.isEmpty()) {
        groups.add(group(group, versions));
      }
    });
    return doc;
  }

  /** {@code GET /apis/{group}}, empty when unknown. */
  Optional<ObjectNode> group(String name) {
    Set<String> versions = groups().get(name);
    return versions == null || name.isEmpty() ? Optional.empty()
        : Optional.of(group(name, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
  }

  private static ObjectNode group(String name, Set<String> versions) {
    ObjectNode group = Json.object().put("name", name);
    ArrayNode array = group.putArray("versions");
    versions.forEach(v -> array.addObject().put("groupVersion", name + "/" + v).put("version", v));
    String preferred = versions.iterator().next();
    group.putObject("preferredVersion").put("groupVersion", name + "/" + preferred).put("version", preferred);
    return group;
  }

  /** {@code GET /api/v1} or {@code GET /apis/{group}/{version}}, empty when unknown. */
  Optional<ObjectNode> resourceList(String group, String version) {
    List<ResourceType> types = all().stream().filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
    if (group.equals(AccessReviews.GROUP) && version.equals("v1")) {
      return Optional.of(reviewResources(group, List.of("SelfSubjectAccessReview", "SelfSubjectRulesReview")));
    }
    if (group.equals(AccessReviews.AUTHENTICATION) && version.equals("v1")) {
      return Optional.of(reviewResources(group, List.of("SelfSubjectReview")));
    }
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", types.get(0).groupVersion());
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject().put("name", type.plural()).put("singularName", type.singular())
          .put("namespaced", type.namespaced()).put("kind", type.kind());
      VERBS.forEach(resource.putArray("verbs")::add);
      if (!type.shortNames().isEmpty()) {
        type.shortNames().forEach(resource.putArray("shortNames")::add);
      }
      if (!type.categories().isEmpty()) {
        type.categories().forEach(resource.putArray("categories")::add);
      }
      if (type.statusSubresource()) {
        ObjectNode status = resources.addObject().put("name", type.plural() + "/status").put("singularName", "")
            .put("namespaced", type.namespaced()).put("kind", type.kind());
        List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
      }
    }
    return Optional.of(doc);
  }

  /** The {@link AccessReviews}: created only, answered at once. */
  private static ObjectNode reviewResources(String group, List<String> kinds) {
    ObjectNode doc = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", group + "/v1");
    ArrayNode resources = doc.putArray("resources");
    for (String kind : kinds) {
      resources.addObject().put("name", kind.toLowerCase(java.util.Locale.ROOT) + "s").put("singularName", "")
          .put("namespaced", false).put("kind", kind).putArray("verbs").add("create");
    }
    return doc;
  }

  static ObjectNode version() {
    return Json.object().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-dynamobackup-sandbox")
        .put("gitCommit", "sandbox").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
        .put("goVersion", "java").put("compiler", "sandbox").put("platform", "java/jvm");
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }
}
