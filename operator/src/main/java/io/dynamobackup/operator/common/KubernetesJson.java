package io.dynamobackup.operator.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes client's JSON mapping as the operator runs it: fabric8's own settings and modules, plus Jackson's
 * Blackbird module, which reads and writes the model's properties through generated accessors instead of reflection,
 * and {@link UnreadableValues}, which reads an object of the operator's kinds that the API server stored under an older
 * schema instead of failing its informer. Every watch event, status patch, Event and resource copy goes through this
 * mapping, for every object.
 */
public final class KubernetesJson {
  private KubernetesJson() {}

  /** A new mapper configured as the client's (the same output, field for field), with Blackbird. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper = withBlackbird();
    new KubernetesSerialization(mapper, true); // registers the client's modules and settings on the mapper
    return mapper;
  }

  /**
   * The serialization a client of the operator is built with ({@code KubernetesClientBuilder
   * .withKubernetesSerialization}): fabric8's configuration of a mapper that has Blackbird.
   */
  public static KubernetesSerialization serialization() {
    return new KubernetesSerialization(withBlackbird(), true);
  }

  private static ObjectMapper withBlackbird() {
    return new ObjectMapper().registerModule(new BlackbirdModule()).registerModule(new UnreadableValues());
  }
}
