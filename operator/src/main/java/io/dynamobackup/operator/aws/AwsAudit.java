package io.dynamobackup.operator.aws;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's side of the audit trail that CloudTrail keeps on AWS's: every AWS call that changes data or settings
 * (start backup, copy and restore jobs, restore a DynamoDB backup, delete recovery points and tables, every settings
 * write) is reported to one {@link Listener} with the object it was made for. It is observed in one place, an SDK
 * interceptor on every client {@link AwsClients} builds, so a new call cannot escape it; which calls change data is
 * decided by the operation's name (everything but Describe*, List*, Get*, Scan, Query and STS). The reconcile
 * skeleton binds the object a step or a deletion runs for ({@link #on}); each SDK call runs synchronously on that
 * thread.
 */
public final class AwsAudit {
  private static final ThreadLocal<HasMetadata> SUBJECT = new ThreadLocal<>();

  private AwsAudit() {}

  /**
   * One data-changing AWS call.
   *
   * @param service     the SDK's service name, e.g. {@code Backup}, {@code DynamoDb}
   * @param operation   the AWS operation, e.g. {@code StartBackupJob}
   * @param account     the 12-digit account the call was made in, or {@code unknown}
   * @param region      the Region the call was sent to
   * @param resourceArn the ARN of the resource acted on (the table backed up or changed, the recovery point copied,
   *                    restored or deleted, the alarm, the scalable target)
   * @param details     further identifying parameters and results in request order (vault, destination, job id, ...)
   * @param errorCode   the AWS error code when the call failed, else null
   */
  public record Call(String service, String operation, String account, String region, String resourceArn,
      Map<String, String> details, String errorCode) {
    /** DynamoDB item writes: what CloudTrail calls data events, made by the thousand by an item restore. */
    private static final java.util.Set<String> ITEM_WRITES = java.util.Set.of("PutItem", "UpdateItem", "DeleteItem",
        "BatchWriteItem", "TransactWriteItems");

    public boolean succeeded() {
      return errorCode == null;
    }

    /** An item-level write (a data event), as opposed to a call that changes a resource or its settings. */
    public boolean isItemWrite() {
      return ITEM_WRITES.contains(operation);
    }
  }

  /** Receives every data-changing call; {@code subject} is the object it was made for, or null outside a reconcile. */
  @FunctionalInterface
  public interface Listener {
    void record(HasMetadata subject, Call call);

    Listener NONE = (subject, call) -> { };
  }

  /** Runs {@code work} with the AWS calls on this thread made for {@code subject}; restores the previous binding. */
  public static <T> T on(HasMetadata subject, Supplier<T> work) {
    HasMetadata previous = SUBJECT.get();
    SUBJECT.set(subject);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        SUBJECT.remove();
      } else {
        SUBJECT.set(previous);
      }
    }
  }

  static HasMetadata subject() {
    return SUBJECT.get();
  }
}
