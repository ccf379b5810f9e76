package io.dynamobackup.localaws.rules;

/**
 * Why a request breaks a rule; each service turns it into its own error code (an invalid parameter, or access denied
 * when the caller lacks a permission AWS would check, such as iam:PassRole or a KMS grant).
 */
public record Problem(boolean denied, String message) {
  public static Problem invalid(String message) {
    return new Problem(false, message);
  }

  public static Problem denied(String message) {
    return new Problem(true, message);
  }
}
