package io.dynamobackup.operator.reconcile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops JOSDK's "Uncaught error during event processing" lines, with their stack trace, for a failure the skeleton
 * has already recorded and hands to JOSDK only for its back-off ({@link RetriedFailure}): status, a Warning event,
 * metrics and one log line of {@link KindReconciler} say it already, and throttling at fleet scale would otherwise
 * print a dozen stack-trace lines per retry. Everything else JOSDK logs, a failure outside our code too, passes.
 */
public final class RetriedFailureLogFilter extends TurboFilter {
  private static final String JOSDK = "io.javaoperatorsdk";

  /** Adds the filter to the logging context of this JVM, whatever configuration file was loaded; idempotent. */
  public static void install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(RetriedFailureLogFilter.class::isInstance)) {
      RetriedFailureLogFilter filter = new RetriedFailureLogFilter();
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !logger.getName().startsWith(JOSDK) || level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    if (retried(t)) {
      return FilterReply.DENY;
    }
    if (params != null) { // SLF4J passes a trailing throwable among the arguments
      for (Object param : params) {
        if (param instanceof Throwable thrown && retried(thrown)) {
          return FilterReply.DENY;
        }
      }
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean retried(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof RetriedFailure) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }
}
