package io.dynamobackup.operator.aws;

/**
 * An AWS call failed. Carries the AWS error code (e.g. ResourceNotFoundException) so conditions can name it, and
 * whether retrying later may succeed (throttling, 5xx, network) as opposed to a problem the user must fix.
 */
public class AwsException extends RuntimeException {
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

  public boolean isNotFound() {
    return code.equals("ResourceNotFoundException") || code.equals("TableNotFoundException");
  }
}
