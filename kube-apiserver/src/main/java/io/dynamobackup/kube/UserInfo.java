package io.dynamobackup.kube;

import java.util.List;

/** An authenticated user: its name and groups, as the API server's authenticators produce them. */
public record UserInfo(String name, List<String> groups) {
  public static final String MASTERS = "system:masters";
  static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of("system:unauthenticated"));

  /** A cluster administrator (group {@code system:masters}: every request is allowed, as in Kubernetes). */
  public static UserInfo admin(String name) {
    return new UserInfo(name, List.of(MASTERS, "system:authenticated"));
  }

  /** The user of a ServiceAccount's token: {@code system:serviceaccount:<namespace>:<name>}. */
  public static UserInfo serviceAccount(String namespace, String name) {
    return new UserInfo("system:serviceaccount:" + namespace + ":" + name, List.of("system:serviceaccounts",
        "system:serviceaccounts:" + namespace, "system:authenticated"));
  }

  /**
   * The ServiceAccounts that the RoleBindings and ClusterRoleBindings of a manifest (e.g. a Helm chart's rendered
   * RBAC) bind, as users.
   */
  public static java.util.List<UserInfo> serviceAccountsBoundIn(String yaml) {
    java.util.Set<UserInfo> accounts = new java.util.LinkedHashSet<>();
    for (com.fasterxml.jackson.databind.JsonNode document : Json.parseYamlDocuments(yaml)) {
      if (document.path("kind").asText().endsWith("Binding")) {
        for (com.fasterxml.jackson.databind.JsonNode subject : document.path("subjects")) {
          if ("ServiceAccount".equals(subject.path("kind").asText())) {
            accounts.add(serviceAccount(subject.path("namespace").asText(
                document.path("metadata").path("namespace").asText("default")), subject.path("name").asText()));
          }
        }
      }
    }
    return java.util.List.copyOf(accounts);
  }

  boolean admin() {
    return groups.contains(MASTERS);
  }
}
