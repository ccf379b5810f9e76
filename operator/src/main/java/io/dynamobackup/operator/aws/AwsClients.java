package io.dynamobackup.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * AWS SDK clients, one per service and Region, built once and shared. The SDK does not retry: the operator retries
 * through JOSDK rescheduling with back-off, so no reconcile thread sleeps and every attempt shows in status.
 */
public final class AwsClients implements AutoCloseable {
  private final Optional<URI> endpoint;
  private final AwsCredentialsProvider credentials;
  private final MeterRegistry registry;
  private final SdkHttpClient http = ApacheHttpClient.builder().maxConnections(32).build();
  private final Map<String, BackupClient> backup = new ConcurrentHashMap<>();
  private final Map<String, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
  private final Map<String, ApplicationAutoScalingClient> autoScaling = new ConcurrentHashMap<>();
  private final Map<String, CloudWatchClient> cloudWatch = new ConcurrentHashMap<>();

  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.registry = registry;
  }

  public BackupClient backup(String region) {
    return backup.computeIfAbsent(region, r -> configure(BackupClient.builder(), r).build());
  }

  public DynamoDbClient dynamoDb(String region) {
    return dynamoDb.computeIfAbsent(region, r -> configure(DynamoDbClient.builder(), r).build());
  }

  public ApplicationAutoScalingClient autoScaling(String region) {
    return autoScaling.computeIfAbsent(region, r -> configure(ApplicationAutoScalingClient.builder(), r).build());
  }

  public CloudWatchClient cloudWatch(String region) {
    return cloudWatch.computeIfAbsent(region, r -> configure(CloudWatchClient.builder(), r).build());
  }

  private <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>
      & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder, String region) {
    builder.region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .addExecutionInterceptor(new CallCounter(registry)));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  /** Counts every AWS call by service, operation and outcome: the cost of a backup, and sustained throttling. */
  private record CallCounter(MeterRegistry registry) implements ExecutionInterceptor {
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      count(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
      boolean throttled = context.exception() instanceof AwsServiceException e && e.isThrottlingException();
      count(attributes, throttled ? "throttled" : "error");
    }

    private void count(ExecutionAttributes attributes, String outcome) {
      Counter.builder("dynamobackup_aws_calls")
          .description("AWS API calls made by the operator")
          .tag("service", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
          .tag("operation", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
          .tag("outcome", outcome)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void close() {
    backup.values().forEach(BackupClient::close);
    dynamoDb.values().forEach(DynamoDbClient::close);
    autoScaling.values().forEach(ApplicationAutoScalingClient::close);
    cloudWatch.values().forEach(CloudWatchClient::close);
    http.close();
  }
}
