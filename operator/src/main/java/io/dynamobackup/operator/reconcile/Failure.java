package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.aws.AwsException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What a failed step means for the object: the reason its conditions carry (the AWS error code for AWS errors), the
 * message, and whether it is retried with back-off ({@code retried}) or stalls until someone acts.
 */
public record Failure(String reason, String message, boolean retried) {
  static final String KUBERNETES_API_ERROR = "KubernetesApiError";
  static final String RECONCILE_ERROR = "ReconcileError";

  /**
   * AWS errors keep their code and AWS's own judgement (throttling, 5xx, network: retried; AccessDenied, missing
   * vault: stalled). Kubernetes API errors (conflicts, timeouts) and anything unexpected are retried: they are not the
   * user's to fix, and back-off keeps them from becoming a hot loop.
   */
  public static Failure of(Exception e) {
    if (e instanceof AwsException aws) {
      return new Failure(aws.code(), aws.getMessage(), aws.isTransient());
    }
    if (e instanceof KubernetesClientException kubernetes) {
      return new Failure(KUBERNETES_API_ERROR, "Kubernetes API: " + kubernetes.getMessage(), true);
    }
    return new Failure(RECONCILE_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
  }

  /** The message as conditions show it: a retried failure says so. */
  public String conditionMessage() {
    return message + (retried ? " (retrying with back-off)" : "");
  }
}
