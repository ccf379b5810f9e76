package io.dynamobackup.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import io.dynamobackup.operator.limits.ApiLimits;

/**
 * AWS SDK clients, one per service, Region and {@link AwsIdentity}, built once and shared. The operator's own identity
 * signs with the credentials given here; an assumed role signs with that role's temporary credentials, from one
 * {@link StsAssumeRoleCredentialsProvider} per identity that assumes the role with the operator's own credentials and
 * refreshes them itself before they expire (session name {@code dynamo-backup-operator-<namespace>}, visible in the
 * tenant's CloudTrail). Every accessor takes the identity: there is no default to fall back on by accident.
 * The SDK does not retry: the operator retries through JOSDK with jittered back-off, so no reconcile thread sleeps
 * and every attempt shows in status; a failed AssumeRole (AccessDenied) fails the AWS call that needed it.
 */
public final class AwsClients implements AutoCloseable {
  private static final String SESSION_PREFIX = "dynamo-backup-operator-";
  private final Optional<URI> endpoint;
  private final AwsCredentialsProvider credentials;
  private final MeterRegistry registry;
  private final String stsRegion;
  private final AwsAudit.Listener audit;
  private final ApiLimits limits;
  /**
   * One connection pool for every client. No {@code Expect: 100-continue}: the operator's request bodies are small JSON
   * documents, so waiting for the server's interim answer before sending one only costs a round trip and its parsing.
   */
  private final SdkHttpClient http = ApacheHttpClient.builder().maxConnections(32).expectContinueEnabled(false).build();
  private final Map<ClientKey, BackupClient> backup = new ConcurrentHashMap<>();
  private final Map<ClientKey, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
  private final Map<ClientKey, ApplicationAutoScalingClient> autoScaling = new ConcurrentHashMap<>();
  private final Map<ClientKey, CloudWatchClient> cloudWatch = new ConcurrentHashMap<>();
  private final Map<ClientKey, LambdaClient> lambda = new ConcurrentHashMap<>();
  private final Map<ClientKey, ResourceGroupsTaggingApiClient> tagging = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final Map<AwsIdentity, StsAssumeRoleCredentialsProvider> assumed = new ConcurrentHashMap<>();
  /** Per identity, the account its responses named: what one service learned, another's audit uses. */
  private final Map<AwsIdentity, AtomicReference<String>> accounts = new ConcurrentHashMap<>();
  private final AlarmListing alarmListing;

  /** A client's Region and identity. */
  private record ClientKey(String region, AwsIdentity identity) {}

  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry) {
    this(endpoint, credentials, registry, null, AwsAudit.Listener.NONE, ApiLimits.defaults());
  }

  /**
   * @param credentials the operator's own credentials
   * @param stsRegion   the Region of the STS endpoint for roles in the {@code aws} partition; null: the SDK's default
   *                    Region chain ({@code AWS_REGION}, profile), else us-east-1
   * @param audit       receives every data-changing call of every client (see {@link AwsAudit})
   * @param limits      the client-side rate limits every call of every client observes
   */
  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry,
      String stsRegion, AwsAudit.Listener audit, ApiLimits limits) {
    this(endpoint, credentials, registry, stsRegion, audit, limits, Clock.systemUTC());
  }

  /** As above; {@code clock} is the operator's, which dates the shared alarm listing. */
  public AwsClients(Optional<URI> endpoint, AwsCredentialsProvider credentials, MeterRegistry registry,
      String stsRegion, AwsAudit.Listener audit, ApiLimits limits, Clock clock) {
    this.alarmListing = new AlarmListing(clock);
    this.audit = audit;
    this.limits = limits;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.registry = registry;
    this.stsRegion = stsRegion != null ? stsRegion : defaultRegion();
  }

  public BackupClient backup(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return backup.computeIfAbsent(key, k -> configure(BackupClient.builder(), k).build());
  }

  public DynamoDbClient dynamoDb(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return dynamoDb.computeIfAbsent(key, k -> configure(DynamoDbClient.builder(), k).build());
  }

  public ApplicationAutoScalingClient autoScaling(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return autoScaling.computeIfAbsent(key, k -> configure(ApplicationAutoScalingClient.builder(), k).build());
  }

  public CloudWatchClient cloudWatch(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return cloudWatch.computeIfAbsent(key, k -> configure(CloudWatchClient.builder(), k).build());
  }

  public LambdaClient lambda(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return lambda.computeIfAbsent(key, k -> configure(LambdaClient.builder(), k).build());
  }

  /** The Resource Groups Tagging API: tables by tag, in one paginated call. */
  public ResourceGroupsTaggingApiClient tagging(AwsIdentity identity, String region) {
    ClientKey key = key(identity, region);
    return tagging.computeIfAbsent(key, k -> configure(ResourceGroupsTaggingApiClient.builder(), k).build());
  }

  /**
   * Every metric alarm of the identity's account in {@code region} (DescribeAlarms, all pages), from one listing shared
   * by the reads of a few seconds ({@link AlarmListing}).
   */
  List<MetricAlarm> metricAlarms(AwsIdentity identity, String region) {
    return alarmListing.get(key(identity, region), () -> SdkAlarms.list(cloudWatch(identity, region)));
  }

  /** The identity changed alarms in {@code region}: the next read lists them again. */
  void alarmsChanged(AwsIdentity identity, String region) {
    alarmListing.invalidate(key(identity, region));
  }

  private ClientKey key(AwsIdentity identity, String region) {
    if (!identity.isOperator()) {
      assumed.computeIfAbsent(identity, this::provider);
    }
    return new ClientKey(region, identity);
  }

  private StsAssumeRoleCredentialsProvider provider(AwsIdentity role) {
    String partition = role.roleArn().split(":", 3)[1];
    String region = switch (partition) {
      case "aws-cn" -> "cn-north-1";
      case "aws-us-gov" -> "us-gov-west-1";
      default -> stsRegion;
    };
    StsClient client = sts.computeIfAbsent(region,
        r -> configure(StsClient.builder(), new ClientKey(r, AwsIdentity.operator())).build());
    String session = sessionName(role.namespace());
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
    AwsCredentialsProvider provider = key.identity().isOperator() ? credentials : assumed.get(key.identity());
    // An assumed role's calls land in the role's account.
    String account = key.identity().isOperator() ? null : Arn.parse(key.identity().roleArn()).account();
    builder.region(Region.of(key.region()))
        .credentialsProvider(provider)
        .httpClient(http)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .addExecutionInterceptor(new RateLimitInterceptor(limits, key.identity().quotaAccount()))
            .addExecutionInterceptor(new CallCounter(registry))
            .addExecutionInterceptor(new AuditInterceptor(audit, provider, account,
                accounts.computeIfAbsent(key.identity(), i -> new AtomicReference<>()))));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    backup.values().forEach(BackupClient::close);
    dynamoDb.values().forEach(DynamoDbClient::close);
    autoScaling.values().forEach(ApplicationAutoScalingClient::close);
    cloudWatch.values().forEach(CloudWatchClient::close);
    lambda.values().forEach(LambdaClient::close);
    tagging.values().forEach(ResourceGroupsTaggingApiClient::close);
    assumed.values().forEach(StsAssumeRoleCredentialsProvider::close);
    sts.values().forEach(StsClient::close);
    http.close();
  }
}
