package io.dynamobackup.operator.testing;

import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.localaws.ManualClock;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.common.OperatorConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The operator as users run it, in-process: the project's Kubernetes API server (schema, CEL, RBAC and server-side
 * apply enforced), local-aws on a manual clock, and OperatorMain with the production client settings (server-side
 * apply on) and the Helm chart's RBAC, with short real-time poll intervals. Tests move the clock; the operator sees
 * AWS time pass.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String ACCOUNT = "111122223333";
  public static final String ROLE = "arn:aws:iam::111122223333:role/dynamo-backup";
  public static final String NAMESPACE = "default";

  /** An on-demand backup of {@code table} in {@code region} into the vault prod-vault, with {@link #ROLE}. */
  public static DynamoBackup backup(String name, String table, String region) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named(table, region);
    spec.backupVault = "prod-vault";
    spec.iamRoleArn = ROLE;
    backup.setSpec(spec);
    return backup;
  }

  public final ManualClock clock;
  public final LocalAws aws;
  public final KubernetesApi kubernetes;
  /** Whether this harness started {@link #aws} (and closes it), or shares another harness's. */
  private final boolean ownsAws;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, Object> clients = new java.util.concurrent.ConcurrentHashMap<>();
  private OperatorMain.Running operator;
  private KubernetesClient operatorClient;
  private Map<String, String> extraEnvironment = Map.of();

  public OperatorHarness() {
    this(UnaryOperator.identity());
  }

  /** With the chart's RBAC (helm/rendered/operator-rbac.yaml) as {@code editRbac} changes it. */
  public OperatorHarness(UnaryOperator<String> editRbac) {
    this(new ManualClock(Instant.parse("2026-11-20T10:00:00Z")), null, editRbac, UnaryOperator.identity());
  }

  private OperatorHarness(ManualClock clock, LocalAws aws, UnaryOperator<String> editRbac,
      UnaryOperator<LocalAwsOptions.Builder> awsOptions) {
    this.clock = clock;
    this.ownsAws = aws == null;
    this.aws = aws != null ? aws : LocalAws.start(awsOptions.apply(LocalAwsOptions.builder().clock(clock)).build());
    kubernetes = new KubernetesApi(clock, editRbac);
  }

  /**
   * Another cluster on this harness's AWS and clock: a new, empty API server whose operator is not started yet, as
   * after the cluster was lost and rebuilt (stop this harness's operator first). Closing it leaves the AWS running.
   */
  public OperatorHarness newClusterOnSameAws() {
    return new OperatorHarness(clock, aws, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /** With local-aws's options as {@code awsOptions} changes them, e.g. longer backup jobs. */
  public static OperatorHarness withLocalAws(UnaryOperator<LocalAwsOptions.Builder> awsOptions) {
    return new OperatorHarness(new ManualClock(Instant.parse("2026-11-20T10:00:00Z")), null, UnaryOperator.identity(),
        awsOptions);
  }

  public KubernetesClient client() {
    return kubernetes.client();
  }

  /** Starts the operator with further DYNAMOBACKUP_* variables, e.g. a tenancy policy; kept for restarts. */
  public OperatorHarness startOperator(Map<String, String> environment) {
    extraEnvironment = Map.copyOf(environment);
    return startOperator();
  }

  public OperatorHarness startOperator() {
    OperatorConfig config = config(extraEnvironment);
    try {
      // Its own client, as a separate process would have; closed with the operator.
      operatorClient = kubernetes.operatorClient();
      operator = OperatorMain.start(config, operatorClient, clock, true, credentials(), false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Starts another operator on the same API server and AWS (e.g. a second shard), with these further DYNAMOBACKUP_*
   * variables and its own client; stopped with the harness.
   */
  public OperatorMain.Running startAnotherOperator(Map<String, String> environment) {
    try {
      KubernetesClient client = kubernetes.operatorClient();
      OperatorMain.Running another = OperatorMain.start(config(environment), client, clock, true, credentials(),
          false);
      closeables.add(0, client);
      closeables.add(0, another);
      return another;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private OperatorConfig config(Map<String, String> extra) {
    Map<String, String> environment = new java.util.HashMap<>(Map.of(
        "DYNAMOBACKUP_METRICS_PORT", "0",
        "DYNAMOBACKUP_AWS_ENDPOINT", aws.endpoint().toString(),
        "DYNAMOBACKUP_POLL_INITIAL_INTERVAL", "PT0.2S",
        "DYNAMOBACKUP_POLL_MAX_INTERVAL", "PT0.5S",
        "DYNAMOBACKUP_ERROR_RETRY_INITIAL_INTERVAL", "PT0.2S",
        "DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", "PT1S",
        "DYNAMOBACKUP_POLL_RESTORE_INITIAL_INTERVAL", "PT0.2S",
        "DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", "PT0.5S"));
    environment.putAll(extra);
    return OperatorConfig.load(environment, Optional.empty());
  }

  /** Stops the operator, as a crash or a rolling update would, and starts a new one on the same API server and AWS. */
  public OperatorHarness restartOperator() {
    stopOperator();
    return startOperator();
  }

  /** Restarts the operator with other DYNAMOBACKUP_* variables (kept for later restarts). */
  public OperatorHarness restartOperator(Map<String, String> environment) {
    stopOperator();
    return startOperator(environment);
  }

  /** Stops the operator, as a crash, an outage or a lost cluster would; {@link #startOperator()} starts it again. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operatorClient.close();
      operator = null;
    }
  }

  public OperatorMain.Running operator() {
    return operator;
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCOUNT, "secret"));
  }

  public DynamoDbClient dynamoDb(String region) {
    return dynamoDb(ACCOUNT, region);
  }

  /** A client for another account (local-aws takes a 12-digit access key id as the account); one per account and Region. */
  public DynamoDbClient dynamoDb(String account, String region) {
    return (DynamoDbClient) clients.computeIfAbsent("dynamodb|" + account + "|" + region, k -> newDynamoDb(account, region));
  }

  private DynamoDbClient newDynamoDb(String account, String region) {
    DynamoDbClient client = DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "secret"))).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    closeables.add(client);
    return client;
  }

  public ApplicationAutoScalingClient autoScaling(String region) {
    return (ApplicationAutoScalingClient) clients.computeIfAbsent("autoscaling|" + region, k -> newAutoScaling(region));
  }

  private ApplicationAutoScalingClient newAutoScaling(String region) {
    ApplicationAutoScalingClient client = ApplicationAutoScalingClient.builder().endpointOverride(aws.endpoint())
        .region(Region.of(region)).credentialsProvider(credentials())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    closeables.add(client);
    return client;
  }

  public CloudWatchClient cloudWatch(String region) {
    return (CloudWatchClient) clients.computeIfAbsent("cloudwatch|" + region, k -> newCloudWatch(region));
  }

  private CloudWatchClient newCloudWatch(String region) {
    CloudWatchClient client = CloudWatchClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(credentials()).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    closeables.add(client);
    return client;
  }

  public BackupClient backup(String region) {
    return backup(ACCOUNT, region);
  }

  public BackupClient backup(String account, String region) {
    BackupClient client = BackupClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "secret"))).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    closeables.add(client);
    return client;
  }

  /** A provisioned table with hash key pk and range key sk, {@code items} items, ACTIVE when this returns. */
  public String createTable(String region, String name, int items) {
    return createTable(ACCOUNT, region, name, items);
  }

  public String createTable(String account, String region, String name, int items) {
    DynamoDbClient dynamoDb = dynamoDb(account, region);
    dynamoDb.createTable(b -> b.tableName(name)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
    advanceUntil(() -> dynamoDb.describeTable(b -> b.tableName(name)).table().tableStatusAsString(), "ACTIVE"::equals);
    for (int i = 0; i < items; i++) {
      int n = i;
      dynamoDb.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("p" + (n % 7)),
          "sk", AttributeValue.fromN(Integer.toString(n)), "data", AttributeValue.fromS("item-" + n))));
    }
    return dynamoDb.describeTable(b -> b.tableName(name)).table().tableArn();
  }

  public void createVault(String region, String name) {
    createVault(ACCOUNT, region, name);
  }

  public void createVault(String account, String region, String name) {
    backup(account, region).createBackupVault(b -> b.backupVaultName(name));
  }

  /** Moves the clock a minute at a time (real time lets the operator poll) until the value satisfies the test. */
  public <T> T advanceUntil(Supplier<T> value, Predicate<T> done) {
    AtomicReference<T> result = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      T current = value.get();
      if (done.test(current)) {
        result.set(current);
        return true;
      }
      clock.advance(Duration.ofSeconds(30));
      return false;
    });
    return result.get();
  }

  /** The operator writes status concurrently: an edit based on a stale resourceVersion is retried, as kubectl does. */
  public void retryOnConflict(Runnable edit) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k
        && k.getCode() == 409).until(() -> {
          edit.run();
          return true;
        });
  }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
    return get(type, NAMESPACE, name);
  }

  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return client().resources(type).inNamespace(namespace).withName(name).get();
  }

  public <T extends HasMetadata> T create(T resource) {
    return create(NAMESPACE, resource);
  }

  /** Creates {@code resource} in {@code namespace}, creating the namespace first if needed. */
  public <T extends HasMetadata> T create(String namespace, T resource) {
    if (client().namespaces().withName(namespace).get() == null) {
      client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    resource.getMetadata().setNamespace(namespace);
    return client().resource(resource).create();
  }

  public List<Event> events(String objectName) {
    return events(NAMESPACE, objectName);
  }

  public List<Event> events(String namespace, String objectName) {
    return client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> objectName.equals(e.getInvolvedObject().getName())).toList();
  }

  @Override
  public void close() throws Exception {
    stopOperator();
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    kubernetes.close();
    if (ownsAws) {
      aws.close();
    }
  }
}
