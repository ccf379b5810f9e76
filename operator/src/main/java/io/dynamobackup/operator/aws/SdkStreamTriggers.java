package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.StreamTrigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FilterCriteria;

/**
 * Stream triggers: the AWS Lambda event-source mappings that read a table's DynamoDB stream — read (with their UUIDs),
 * created on a stream, updated and deleted.
 */
final class SdkStreamTriggers {
  private SdkStreamTriggers() {}

  /** The mappings on {@code streamArn}, by function ARN (in listing order) → (UUID, trigger). */
  static Map<String, Map.Entry<String, StreamTrigger>> read(LambdaClient lambda, String streamArn) {
    Map<String, Map.Entry<String, StreamTrigger>> triggers = new LinkedHashMap<>();
    String marker = null;
    do {
      String token = marker;
      var page = AwsCalls.call(() -> lambda.listEventSourceMappings(b -> b.eventSourceArn(streamArn).marker(token)));
      for (EventSourceMappingConfiguration mapping : page.eventSourceMappings()) {
        if (!"Deleting".equals(mapping.state())) {
          triggers.put(mapping.functionArn(), Map.entry(mapping.uuid(), trigger(mapping)));
        }
      }
      marker = page.nextMarker();
    } while (marker != null);
    return triggers;
  }

  private static StreamTrigger trigger(EventSourceMappingConfiguration m) {
    StreamTrigger t = new StreamTrigger();
    t.functionArn = m.functionArn();
    // Creating and Enabling end Enabled; Updating keeps the state asked for, which the list does not say.
    t.enabled = !("Disabled".equals(m.state()) || "Disabling".equals(m.state()));
    t.startingPosition = m.startingPosition() == null ? null
        : StreamTrigger.StartingPosition.valueOf(m.startingPositionAsString());
    t.batchSize = m.batchSize();
    t.maximumBatchingWindowInSeconds = m.maximumBatchingWindowInSeconds();
    if (m.filterCriteria() != null && m.filterCriteria().hasFilters() && !m.filterCriteria().filters().isEmpty()) {
      t.filterPatterns = m.filterCriteria().filters().stream().map(f -> f.pattern()).toList();
    }
    if (m.destinationConfig() != null && m.destinationConfig().onFailure() != null) {
      t.onFailureDestination = m.destinationConfig().onFailure().destination();
    }
    t.maximumRecordAgeInSeconds = m.maximumRecordAgeInSeconds();
    t.bisectBatchOnFunctionError = m.bisectBatchOnFunctionError();
    t.maximumRetryAttempts = m.maximumRetryAttempts();
    t.parallelizationFactor = m.parallelizationFactor();
    t.tumblingWindowInSeconds = m.tumblingWindowInSeconds();
    t.functionResponseTypes = m.hasFunctionResponseTypes() && !m.functionResponseTypesAsStrings().isEmpty()
        ? new ArrayList<>(m.functionResponseTypesAsStrings()) : null;
    return t;
  }

  static void create(LambdaClient lambda, String streamArn, StreamTrigger t) {
    AwsCalls.run(() -> lambda.createEventSourceMapping(b -> b.eventSourceArn(streamArn).functionName(t.functionArn)
        .enabled(t.enabled == null || t.enabled)
        .startingPosition(t.startingPosition == null ? "LATEST" : t.startingPosition.name())
        .batchSize(t.batchSize).maximumBatchingWindowInSeconds(t.maximumBatchingWindowInSeconds)
        .filterCriteria(filters(t)).destinationConfig(d -> d.onFailure(f -> f.destination(t.onFailureDestination)))
        .maximumRecordAgeInSeconds(t.maximumRecordAgeInSeconds).bisectBatchOnFunctionError(t.bisectBatchOnFunctionError)
        .maximumRetryAttempts(t.maximumRetryAttempts).parallelizationFactor(t.parallelizationFactor)
        .tumblingWindowInSeconds(t.tumblingWindowInSeconds).functionResponseTypesWithStrings(t.functionResponseTypes)));
  }

  /** Everything but the starting position, which only a new mapping has. */
  static void update(LambdaClient lambda, String uuid, StreamTrigger t) {
    AwsCalls.run(() -> lambda.updateEventSourceMapping(b -> b.uuid(uuid).functionName(t.functionArn)
        .enabled(t.enabled == null || t.enabled).batchSize(t.batchSize)
        .maximumBatchingWindowInSeconds(t.maximumBatchingWindowInSeconds).filterCriteria(filters(t))
        .destinationConfig(d -> d.onFailure(f -> f.destination(t.onFailureDestination)))
        .maximumRecordAgeInSeconds(t.maximumRecordAgeInSeconds).bisectBatchOnFunctionError(t.bisectBatchOnFunctionError)
        .maximumRetryAttempts(t.maximumRetryAttempts).parallelizationFactor(t.parallelizationFactor)
        .tumblingWindowInSeconds(t.tumblingWindowInSeconds)
        .functionResponseTypesWithStrings(t.functionResponseTypes == null ? List.of() : t.functionResponseTypes)));
  }

  private static FilterCriteria filters(StreamTrigger t) {
    return FilterCriteria.builder().filters(t.filterPatterns == null ? List.of()
        : t.filterPatterns.stream().map(p -> software.amazon.awssdk.services.lambda.model.Filter.builder().pattern(p)
            .build()).toList()).build();
  }

  static void delete(LambdaClient lambda, String uuid) {
    AwsCalls.run(() -> lambda.deleteEventSourceMapping(b -> b.uuid(uuid)));
  }
}
