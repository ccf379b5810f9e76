package io.dynamobackup.kube;

import java.util.Arrays;
import java.util.Optional;

/** A resource request path: {@code /api/v1/...} or {@code /apis/{group}/{version}/...}. */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

  static Optional<ResourcePath> parse(String path) {
    String[] s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    int i;
    String group;
    if (s.length >= 3 && s[0].equals("api")) {
      group = "";
      i = 1;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      group = s[1];
      i = 2;
    } else {
      return Optional.empty();
    }
    String version = s[i];
    String[] rest = Arrays.copyOfRange(s, i + 1, s.length);
    String namespace = null;
    if (rest.length >= 3 && rest[0].equals("namespaces") && !(rest.length == 3 && rest[2].equals("status"))) {
      namespace = rest[1];
      rest = Arrays.copyOfRange(rest, 2, rest.length);
    }
    if (rest.length == 0 || rest.length > 3) {
      return Optional.empty();
    }
    return Optional.of(new ResourcePath(group, version, namespace, rest[0], rest.length > 1 ? rest[1] : null,
        rest.length > 2 ? rest[2] : null));
  }
}
