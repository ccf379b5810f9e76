package io.dynamobackup.operator.aws;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which namespace the AWS calls on this thread are made for, so {@link AwsClients} picks that namespace's credentials
 * (its tenant's assumed role, or the operator's own identity). Reconcilers bind the namespace of the object for the
 * whole reconcile or cleanup: every AWS call the operator makes runs synchronously inside one, deep in helpers built
 * once per reconciler, so binding it here keeps the AWS service interfaces and those helpers unchanged. Calls made
 * outside any binding use the operator's own identity.
 */
public final class AwsIdentity {
  private static final ThreadLocal<String> NAMESPACE = new ThreadLocal<>();

  private AwsIdentity() {}

  /** Runs {@code work} with AWS calls made for {@code namespace}; restores the previous binding afterwards. */
  public static <T> T forNamespace(String namespace, Supplier<T> work) {
    String previous = NAMESPACE.get();
    NAMESPACE.set(namespace);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        NAMESPACE.remove();
      } else {
        NAMESPACE.set(previous);
      }
    }
  }

  static Optional<String> namespace() {
    return Optional.ofNullable(NAMESPACE.get());
  }
}
