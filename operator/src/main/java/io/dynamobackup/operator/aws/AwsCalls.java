package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.limits.ApiLimits;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Runs SDK calls and turns their failures into {@link AwsException}, so no SDK type leaves this package. */
final class AwsCalls {
  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiLimits.RateLimitExceeded e) {
      throw limited(e);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
          ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
      String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
          ? e.awsErrorDetails().errorMessage() : e.getMessage();
      boolean transientFailure = e.isThrottlingException() || e.statusCode() >= 500
          || code.equals("LimitExceededException") || code.equals("ResourceInUseException");
      throw new AwsException(code, message, transientFailure, e);
    } catch (SdkClientException e) {
      // Credentials are resolved inside the call: a failed sts:AssumeRole of the tenant's role may arrive wrapped.
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof ApiLimits.RateLimitExceeded limited) {
          throw limited(limited);
        }
        if (cause instanceof AwsServiceException service) {
          return call(() -> {
            throw service;
          });
        }
      }
      throw new AwsException("ClientError", e.getMessage(), true, e);
    }
  }

  /** The client-side limit held a call back: retried with back-off, like AWS's own throttling. */
  private static AwsException limited(ApiLimits.RateLimitExceeded e) {
    return new AwsException(ApiLimits.RateLimitExceeded.CODE, e.getMessage(), true, e);
  }

  static void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }

  private AwsCalls() {}
}
