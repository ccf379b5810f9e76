package io.dynamobackup.operator.common;

import io.dynamobackup.operator.aws.AwsAudit;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Where the audit trail of AWS calls ({@link AwsAudit}) is written: a data-changing call that succeeded is one Normal
 * event on the object it was made for (reason: the AWS operation) — except item writes (PutItem, BatchWriteItem, ...),
 * which a DynamoItemRestore makes by the thousand and summarizes in its own events — and every data-changing call,
 * also a failed one and every item write, is
 * one log line on the logger {@value #LOGGER} with the fields namespace, kind, name, uid, account, region, service,
 * operation, resourceArn, outcome (success or the AWS error code) and the call's details — JSON fields with
 * {@code logFormat: json}, so a log pipeline can keep them next to CloudTrail.
 */
public final class AuditTrail implements AwsAudit.Listener {
  /** The logger of the audit lines, to route or retain them apart from the rest of the log. */
  public static final String LOGGER = "dynamobackup.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private final EventRecorder events;

  public AuditTrail(EventRecorder events) {
    this.events = events;
  }

  @Override
  public void record(HasMetadata subject, AwsAudit.Call call) {
    String details = call.details().isEmpty() ? "" : call.details().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    String message = "AWS " + call.operation() + " in " + call.account() + "/" + call.region() + " on "
        + call.resourceArn() + details;
    if (call.succeeded() && subject != null && !call.isItemWrite()) {
      events.normal(subject, call.operation(), message);
    }
    var metadata = subject == null ? null : subject.getMetadata();
    // A failed condition is the expected answer of a conditional write (an item restore skipping an existing item), and
    // a delete that finds nothing that of a repeated, idempotent delete (a retry after a crash or a Region outage).
    boolean alreadyGone = call.operation().startsWith("Delete") && "ResourceNotFoundException".equals(call.errorCode());
    boolean expected = call.succeeded() || alreadyGone || "ConditionalCheckFailedException".equals(call.errorCode());
    LoggingEventBuilder line = (expected ? LOG.atInfo() : LOG.atWarn())
        .addKeyValue("namespace", metadata == null ? null : metadata.getNamespace())
        .addKeyValue("kind", subject == null ? null : subject.getKind())
        .addKeyValue("name", metadata == null ? null : metadata.getName())
        .addKeyValue("uid", metadata == null ? null : metadata.getUid())
        .addKeyValue("account", call.account())
        .addKeyValue("region", call.region())
        .addKeyValue("service", call.service())
        .addKeyValue("operation", call.operation())
        .addKeyValue("resourceArn", call.resourceArn())
        .addKeyValue("outcome", call.succeeded() ? "success" : call.errorCode());
    call.details().forEach(line::addKeyValue);
    line.log("audit {} {}/{}: {}{}", subject == null ? "-" : subject.getKind(),
        metadata == null ? "-" : metadata.getNamespace(), metadata == null ? "-" : metadata.getName(), message,
        call.succeeded() ? "" : alreadyGone ? " found nothing to delete: " + call.errorCode()
            : " failed: " + call.errorCode());
  }
}
