package io.dynamobackup.localaws.core;

/**
 * An AWS error to return to the caller. The protocol layer renders it in the shape of the
 * service (DynamoDB JSON 1.0 {@code __type} or Backup REST-JSON {@code x-amzn-ErrorType}).
 */
public class ApiException extends RuntimeException {
  private final String code;
  private final int status;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  // ---- common errors (codes shared by both services or generic) ----

  public static ApiException throttling(String message) {
    return new ApiException(400, "ThrottlingException", message);
  }

  public static ApiException accessDenied(String message) {
    return new ApiException(403, "AccessDeniedException", message);
  }

  // ---- AWS Backup errors ----

  public static ApiException notFound(String message) {
    return new ApiException(404, "ResourceNotFoundException", message);
  }

  public static ApiException invalidParameter(String message) {
    return new ApiException(400, "InvalidParameterValueException", message);
  }

  public static ApiException missingParameter(String name) {
    return new ApiException(400, "MissingParameterValueException", "Missing required parameter: " + name);
  }

  public static ApiException invalidRequest(String message) {
    return new ApiException(400, "InvalidRequestException", message);
  }

  public static ApiException invalidResourceState(String message) {
    return new ApiException(400, "InvalidResourceStateException", message);
  }

  public static ApiException alreadyExists(String message) {
    return new ApiException(400, "AlreadyExistsException", message);
  }

  public static ApiException limitExceeded(String message) {
    return new ApiException(400, "LimitExceededException", message);
  }

  // ---- DynamoDB errors ----

  public static ApiException ddbNotFound(String message) {
    return new ApiException(400, "ResourceNotFoundException", message);
  }

  public static ApiException ddbInUse(String message) {
    return new ApiException(400, "ResourceInUseException", message);
  }

  public static ApiException validation(String message) {
    return new ApiException(400, "ValidationException", message);
  }
}
