package io.dynamobackup.operator.aws;

/**
 * An AWS call failed. Carries the AWS error code (e.g. ResourceNotFoundException) so conditions can name it, and
 * whether retrying later may succeed (throttling, 5xx, network) as opposed to a problem the user must fix.
 */
public class AwsException extends RuntimeException {
  private static final java.util.Set<String> THROTTLING_CODES = java.util.Set.of(
      "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "ThrottlingError",
      "TooManyRequestsException");
  private final String code;
  private final boolean transientFailure;

  public AwsException(String code, String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.transientFailure = transientFailure;
  }

  public String code() {
    return code;
  }

  public boolean isTransient() {
    return transientFailure;
  }

  /** The request was refused for its rate or the table's capacity; it may pass later. */
  public boolean isThrottling() {
    return isThrottling(code);
  }

  /** Whether {@code code} is one of the AWS error codes that mean the call was throttled. */
  public static boolean isThrottling(String code) {
    return THROTTLING_CODES.contains(code);
  }

  /** The caller's IAM policy does not allow the action (the code differs between AWS's protocols). */
  public boolean isAccessDenied() {
    return "AccessDeniedException".equals(code) || "AccessDenied".equals(code);
  }

  public boolean isNotFound() {
    return isNotFound(code);
  }

  /** Whether an AWS error code says the resource does not exist; also for SDK exceptions not wrapped (yet). */
  static boolean isNotFound(String code) {
    // DynamoDB and AWS Backup; Application Auto Scaling's ObjectNotFoundException; CloudWatch's ResourceNotFound
    return "ResourceNotFoundException".equals(code) || "TableNotFoundException".equals(code)
        || "ObjectNotFoundException".equals(code) || "ResourceNotFound".equals(code);
  }
}
