package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One served resource: a built-in kind or one version of a stored CustomResourceDefinition. */
public record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
    List<String> shortNames, List<String> categories, boolean statusSubresource, JsonNode schema,
    JsonNode printerColumns) {

  static ResourceType builtin(String group, String version, String plural, String kind, boolean namespaced,
      String... shortNames) {
    return new ResourceType(group, version, plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced,
        List.of(shortNames), List.of(), false, null, null);
  }

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** e.g. {@code dynamobackups.dynamobackup.io}, or {@code configmaps} for the core group. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean custom() {
    return schema != null;
  }

  /** The path of a collection ({@code namespace} null for cluster-scoped or all namespaces). */
  public String collectionPath(String namespace) {
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return prefix + (namespaced && namespace != null ? "/namespaces/" + namespace : "") + "/" + plural;
  }
}
