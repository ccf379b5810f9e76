package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.aws.AwsException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a failed step means for the object: the reason its conditions carry (the AWS error code for AWS errors), the
 * message, and whether it is retried with back-off ({@code retried}) or stalls until someone acts.
 */
public record Failure(String reason, String message, boolean retried) {
  static final String KUBERNETES_API_ERROR = "KubernetesApiError";
  static final String RECONCILE_ERROR = "ReconcileError";
  private static final Pattern ROLE_ARN = Pattern.compile(ApiPatterns.IAM_ROLE_ARN);

  /**
   * AWS errors keep their code and AWS's own judgement (throttling, 5xx, network: retried; AccessDenied, missing
   * vault: stalled). Kubernetes API errors (conflicts, timeouts) and anything unexpected are retried: they are not the
   * user's to fix, and back-off keeps them from becoming a hot loop.
   */
  public static Failure of(Exception e) {
    return of(e, Map.of());
  }

  /**
   * As {@link #of(Exception)}, with an AWS error that names a value of the spec starting with that field, as the
   * operator's own checks word theirs, e.g. {@code spec.backupVault: Backup vault prod-vualt does not exist…}; the
   * reason stays AWS's error code. {@code fields}: spec field → the value AWS would name (a vault's name or ARN, a
   * role's ARN), in order of preference. An access denial is about the caller's permissions, not the spec, unless it
   * names a role (iam:PassRole): it is attributed to role fields only.
   */
  public static Failure of(Exception e, Map<String, String> fields) {
    if (e instanceof AwsException aws) {
      String field = field(aws, fields);
      String message = aws.getMessage();
      return new Failure(aws.code(), field == null ? message : field + ": " + message, aws.isTransient());
    }
    if (e instanceof KubernetesClientException kubernetes) {
      return new Failure(KUBERNETES_API_ERROR, "Kubernetes API: " + kubernetes.getMessage(), true);
    }
    return new Failure(RECONCILE_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
  }

  /** The first field whose value AWS's message names as a whole word (a vault prod matches no prod-vault). */
  private static String field(AwsException aws, Map<String, String> fields) {
    String message = aws.getMessage();
    if (message == null || message.startsWith("spec.")) {
      return null;
    }
    for (var entry : fields.entrySet()) {
      String value = entry.getValue();
      if (value == null || value.isEmpty() || (aws.isAccessDenied() && !ROLE_ARN.matcher(value).matches())) {
        continue;
      }
      for (int at = message.indexOf(value); at >= 0; at = message.indexOf(value, at + 1)) {
        if (!nameCharAt(message, at - 1) && !nameCharAt(message, at + value.length())) {
          return entry.getKey();
        }
      }
    }
    return null;
  }

  private static boolean nameCharAt(String text, int index) {
    if (index < 0 || index >= text.length()) {
      return false;
    }
    char c = text.charAt(index);
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }

  /** The message as conditions show it: a retried failure says so. */
  public String conditionMessage() {
    return message + (retried ? " (retrying with back-off)" : "");
  }
}
