package io.dynamobackup.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Impersonation as the API server's impersonation filter does it ({@code kubectl --as=bob --as-group=team-b}): the
 * headers {@code Impersonate-User}, {@code Impersonate-Group} (repeatable), {@code Impersonate-Uid} and
 * {@code Impersonate-Extra-<key>}; the caller needs the {@code impersonate} verb on each: {@code users},
 * {@code groups} or {@code serviceaccounts} (in the ServiceAccount's namespace) in the core group, {@code uids} and
 * {@code userextras/<key>} in {@code authentication.k8s.io}, by name. The request then runs, and is authorized and
 * audited, as the impersonated user, who is in {@code system:authenticated} (a ServiceAccount also in its
 * ServiceAccount groups). A refusal is Kubernetes' 403: {@code users "bob" is forbidden: User "admin" cannot
 * impersonate resource "users" in API group "" at the cluster scope}.
 */
final class Impersonation {
  static final String USER = "impersonate-user";
  static final String GROUP = "impersonate-group";
  static final String UID = "impersonate-uid";
  static final String EXTRA = "impersonate-extra-";
  private static final String SERVICE_ACCOUNT = "system:serviceaccount:";
  private static final String AUTHENTICATION = "authentication.k8s.io";

  private Impersonation() {
  }

  /**
   * The user {@code caller} acts as: itself without impersonation headers.
   *
   * @param headers the request's {@code impersonate-*} headers, lower-case names, every value
   * @throws ApiException 403 when the caller may not impersonate, 400 for groups, uid or extras without a user
   */
  static UserInfo resolve(UserInfo caller, Map<String, List<String>> headers, Rbac rbac) {
    if (headers.isEmpty()) {
      return caller;
    }
    List<String> users = headers.getOrDefault(USER, List.of());
    if (users.isEmpty() || users.get(0).isEmpty()) {
      throw ApiException.badRequest("requested " + headers.keySet() + " without impersonating a user");
    }
    String name = users.get(0);
    List<String> groups = new ArrayList<>();
    if (name.startsWith(SERVICE_ACCOUNT) && name.split(":").length == 4) {
      String[] parts = name.split(":");
      check(rbac, caller, "", "serviceaccounts", null, parts[2], parts[3]);
      groups.addAll(UserInfo.serviceAccount(parts[2], parts[3]).groups());
    } else {
      check(rbac, caller, "", "users", null, null, name);
    }
    for (String group : headers.getOrDefault(GROUP, List.of())) {
      check(rbac, caller, "", "groups", null, null, group);
      if (!groups.contains(group)) {
        groups.add(group);
      }
    }
    for (String uid : headers.getOrDefault(UID, List.of())) {
      check(rbac, caller, AUTHENTICATION, "uids", null, null, uid);
    }
    headers.forEach((header, values) -> {
      if (header.startsWith(EXTRA)) {
        String key = java.net.URLDecoder.decode(header.substring(EXTRA.length()), java.nio.charset.StandardCharsets.UTF_8);
        values.forEach(value -> check(rbac, caller, AUTHENTICATION, "userextras", key, null, value));
      }
    });
    String implied = name.equals(UserInfo.ANONYMOUS.name()) ? "system:unauthenticated" : "system:authenticated";
    if (!groups.contains(implied)) {
      groups.add(implied);
    }
    return new UserInfo(name, List.copyOf(groups));
  }

  private static void check(Rbac rbac, UserInfo caller, String group, String resource, String subresource,
      String namespace, String name) {
    rbac.authorize(caller, new Rbac.Attributes("impersonate", group, resource, subresource, namespace, name));
  }
}
