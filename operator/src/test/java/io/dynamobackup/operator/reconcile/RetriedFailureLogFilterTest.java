package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetriedFailureLogFilterTest {
  private static final String EVENT_PROCESSOR = "io.javaoperatorsdk.operator.processing.event.EventProcessor";
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void setUp() {
    RetriedFailureLogFilter filter = new RetriedFailureLogFilter();
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    lines.setContext(context);
    lines.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(lines);
  }

  @Test
  void josdksStackTraceOfAThrottlingRetryIsDropped() {
    var throttled = new OperatorException(new RetriedFailure(
        new Failure("ThrottlingException", "Rate exceeded", true), false));
    context.getLogger(EVENT_PROCESSOR).warn("Uncaught error during event processing {} - but another reconciliation"
        + " will be attempted", "ExecutionScope{...}", throttled);
    context.getLogger(EVENT_PROCESSOR).error("Uncaught error {}", "scope", throttled);

    assertThat(lines.list).isEmpty();
  }

  @Test
  void anythingElseJosdkReportsStillLogs() {
    context.getLogger(EVENT_PROCESSOR).warn("Uncaught error during event processing {}", "scope",
        new OperatorException(new IllegalStateException("status patch refused")));
    context.getLogger(EVENT_PROCESSOR).info("Resource Creator/Update Conflict");
    context.getLogger("io.dynamobackup.operator.reconcile.KindReconciler").warn("failed", new RetriedFailure(
        new Failure("ThrottlingException", "Rate exceeded", true), false));

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "Uncaught error during event processing scope", "Resource Creator/Update Conflict", "failed");
  }
}
