package io.dynamobackup.operator.reconcile;

/**
 * Hands a failure the skeleton has already recorded (status, event, metrics) to JOSDK, whose retry waits the next
 * jittered back-off step. No stack trace: JOSDK logs it on every attempt, and throttling is not a bug.
 */
final class RetriedFailure extends RuntimeException {
  private final transient Failure failure;
  private final boolean statusChanged;

  RetriedFailure(Failure failure, boolean statusChanged) {
    super(failure.reason() + ": " + failure.message(), null, false, false);
    this.failure = failure;
    this.statusChanged = statusChanged;
  }

  Failure failure() {
    return failure;
  }

  boolean statusChanged() {
    return statusChanged;
  }
}
