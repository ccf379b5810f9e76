package io.dynamobackup.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call by service, operation and outcome: the cost of a backup, and sustained throttling. Each
 * counter is registered once and kept here, so a call costs a map lookup, not a registry lookup of its tags.
 */
final class CallCounter implements ExecutionInterceptor {
  private enum Outcome { SUCCESS, THROTTLED, ERROR }

  private final MeterRegistry registry;
  /** By service, then operation: the counters of its outcomes, in {@link Outcome} order. */
  private final Map<String, Map<String, Counter[]>> counters = new ConcurrentHashMap<>();

  CallCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes, Outcome.SUCCESS);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    boolean throttled = context.exception() instanceof AwsServiceException e && e.isThrottlingException();
    count(attributes, throttled ? Outcome.THROTTLED : Outcome.ERROR);
  }

  private void count(ExecutionAttributes attributes, Outcome outcome) {
    String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    String operation = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    Counter[] outcomes = counters.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(operation, o -> new Counter[Outcome.values().length]);
    Counter counter = outcomes[outcome.ordinal()];
    if (counter == null) {
      // Registered on first use only (no zero series for outcomes never seen); a race registers the same counter.
      counter = Counter.builder("dynamobackup_aws_calls")
          .description("AWS API calls made by the operator")
          .tag("service", service)
          .tag("operation", operation)
          .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
      outcomes[outcome.ordinal()] = counter;
    }
    counter.increment();
  }
}
