package io.dynamobackup.operator.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.dynamobackup.operator.api.v1alpha1.StoredResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.Cloner;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The deep copy JOSDK makes of a resource before every reconcile (the informer's cached object stays untouched) and
 * before every status patch. JOSDK's default goes through the Kubernetes client's serialization as JSON text (write a
 * String, parse it again); this one streams the same Jackson tokens through a {@link TokenBuffer}, with a mapper
 * configured exactly as the client's ({@link KubernetesJson}), so the copy is the same — every
 * field, unknown ones included — without producing and parsing text. What could not be read of the object
 * ({@link StoredResource#unreadable()}) is not part of its JSON, so it is carried over to the copy here.
 */
public final class ResourceCloner implements Cloner {
  private final ObjectMapper mapper = KubernetesJson.mapper();

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R resource) {
    if (resource == null) {
      return null;
    }
    try (TokenBuffer tokens = new TokenBuffer(mapper, false)) {
      mapper.writeValue(tokens, resource);
      try (JsonParser parser = tokens.asParser(mapper)) {
        R copy = (R) mapper.readValue(parser, resource.getClass());
        if (resource instanceof StoredResource<?, ?> stored && !stored.readable()) {
          ((StoredResource<?, ?>) copy).unreadable(stored.unreadable());
        }
        return copy;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource.getKind() + " " + resource.getMetadata().getName(), e);
    }
  }
}
