package io.dynamobackup.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * AWS SDK clients, one per service, Region and identity, built once and shared. The identity is the operator's own
 * unless the namespace bound by {@link AwsIdentity} belongs to a tenant with {@code assumeRole}: then the clients sign
 * with that role's temporary credentials, from one {@link StsAssumeRoleCredentialsProvider} per (role, ExternalId,
 * namespace) that assumes the role once with the operator's own credentials and refreshes the credentials itself
 * before they expire (session name {@code dynamo-backup-operator-<namespace>}, visible in the tenant's CloudTrail).
 * The SDK does not retry: the operator retries through JOSDK rescheduling with back-off, so no reconcile thread sleeps
 * and every attempt shows in status; a failed AssumeRole (AccessDenied) fails the AWS call that needed it.
 */
public final class AwsClients implements AutoCloseable {
  private static final String OWN = "";
  private static final String SESSION_PREFIX = "dynamo-backup-operator-";
  private final Optional<URI> endpoint;
  private final AwsCredentialsProvider credentials;
  private final MeterRegistry registry;
  private final Function<String, Optional<AssumeRole>> roles;
  private final String stsRegion;
  private final SdkHttpClient http = ApacheHttpClient.builder().maxConnections(32).build();
  private final Map<ClientKey, BackupClient> backup = new ConcurrentHashMap<>();
  private final Map<ClientKey, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
  private final Map<ClientKey, ApplicationAutoScalingClient> autoScaling = new ConcurrentHashMap<>();
  private final Map<ClientKey, CloudWatchClient> cloudWatch = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final Map<String, StsAssumeRoleCredentialsProvider> assumed = new ConcurrentHashMap<>();

  /** A client's Region and identity: {@code ""} for the operator's own, else the assumed role's provider key. */
  private record ClientKey(String region, String identity) {}

  /** The role to assume for a namespace: its ARN and the ExternalId its trust policy requires (may be null). */
  public record AssumeRole(String roleArn, String externalId) {}

  /** Single-tenant: every call with the operator's own credentials. */
  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry) {
    this(endpoint, credentials, registry, namespace -> Optional.empty(), null);
  }

  /**
   * @param roles     the role to assume for a namespace (empty: the operator's own credentials)
   * @param stsRegion the Region of the STS endpoint for roles in the {@code aws} partition; null: the SDK's default
   *                  Region chain ({@code AWS_REGION}, profile), else us-east-1
   */
  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry,
      Function<String, Optional<AssumeRole>> roles, String stsRegion) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.registry = registry;
    this.roles = roles;
    this.stsRegion = stsRegion != null ? stsRegion : defaultRegion();
  }

  public BackupClient backup(String region) {
    ClientKey key = key(region);
    return backup.computeIfAbsent(key, k -> configure(BackupClient.builder(), k).build());
  }

  public DynamoDbClient dynamoDb(String region) {
    ClientKey key = key(region);
    return dynamoDb.computeIfAbsent(key, k -> configure(DynamoDbClient.builder(), k).build());
  }

  public ApplicationAutoScalingClient autoScaling(String region) {
    ClientKey key = key(region);
    return autoScaling.computeIfAbsent(key, k -> configure(ApplicationAutoScalingClient.builder(), k).build());
  }

  public CloudWatchClient cloudWatch(String region) {
    ClientKey key = key(region);
    return cloudWatch.computeIfAbsent(key, k -> configure(CloudWatchClient.builder(), k).build());
  }

  /** The client key for the namespace bound to this thread: its tenant's role, or the operator's own identity. */
  private ClientKey key(String region) {
    Optional<String> namespace = AwsIdentity.namespace();
    Optional<AssumeRole> role = namespace.flatMap(roles);
    if (role.isEmpty()) {
      return new ClientKey(region, OWN);
    }
    String identity = role.get().roleArn() + "|" + role.get().externalId() + "|" + namespace.get();
    assumed.computeIfAbsent(identity, k -> provider(role.get(), namespace.get()));
    return new ClientKey(region, identity);
  }

  private StsAssumeRoleCredentialsProvider provider(AssumeRole role, String namespace) {
    String partition = role.roleArn().split(":", 3)[1];
    String region = switch (partition) {
      case "aws-cn" -> "cn-north-1";
      case "aws-us-gov" -> "us-gov-west-1";
      default -> stsRegion;
    };
    StsClient client = sts.computeIfAbsent(region, r -> configure(StsClient.builder(), new ClientKey(r, OWN)).build());
    String session = sessionName(namespace);
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(client)
        .refreshRequest(b -> b.roleArn(role.roleArn()).externalId(role.externalId()).roleSessionName(session))
        .build();
  }

  /** {@code dynamo-backup-operator-<namespace>}, cut to STS's 64 characters. */
  static String sessionName(String namespace) {
    String name = SESSION_PREFIX + namespace;
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private static String defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (RuntimeException e) {
      return "us-east-1";
    }
  }

  private <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>
      & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder, ClientKey key) {
    builder.region(Region.of(key.region()))
        .credentialsProvider(key.identity().equals(OWN) ? credentials : assumed.get(key.identity()))
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
    assumed.values().forEach(StsAssumeRoleCredentialsProvider::close);
    sts.values().forEach(StsClient::close);
    http.close();
  }
}
