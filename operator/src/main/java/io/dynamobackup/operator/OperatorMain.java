package io.dynamobackup.operator;

import io.dynamobackup.operator.aws.AwsClients;
import io.dynamobackup.operator.aws.AwsServices;
import io.dynamobackup.operator.aws.CatalogTables;
import io.dynamobackup.operator.backup.DynamoBackupReconciler;
import io.dynamobackup.operator.common.AuditTrail;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.KubernetesJson;
import io.dynamobackup.operator.common.ManagementServer;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.ResourceCloner;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.operator.common.LeanItemStore;
import io.dynamobackup.operator.common.Shard;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.itemrestore.DynamoItemRestoreReconciler;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.dynamobackup.operator.limits.ApiLimits;
import io.dynamobackup.operator.plan.DynamoBackupPlanReconciler;
import io.dynamobackup.operator.reconcile.JitteredRetry;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.dynamobackup.operator.reconcile.ReconcileExecutor;
import io.dynamobackup.operator.reconcile.RetriedFailureLogFilter;
import io.dynamobackup.operator.restore.DynamoRestoreReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the operator: the four reconcilers, the management HTTP server and (optionally) leader election. */
@Command(name = "dynamo-backup-operator", mixinStandardHelpOptions = true, version = "dynamo-backup-operator 0.1.0",
    description = "Protects Amazon DynamoDB tables with AWS Backup: reconciles DynamoBackupPlan, DynamoBackup,"
        + " DynamoRestore and DynamoItemRestore objects. Configuration comes from DYNAMOBACKUP_* environment variables"
        + " and an optional properties file; see the README for every option.")
public final class OperatorMain implements Callable<Integer> {
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  static {
    // With fewer than three CPUs the common pool has parallelism 1, and CompletableFuture then starts a new thread
    // for every async stage without an executor: the Kubernetes client's JDK HTTP transport completes each response
    // that way. In a 300-backup fleet run that was 3,900 short-lived threads and half of the operator's CPU.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2,
          Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  @Option(names = "--config", description = "Properties file with configuration keys (environment variables win).")
  Path configFile;

  /** A running operator and its management server, closed together. */
  public record Running(Operator operator, ManagementServer management, AwsClients aws, PrometheusMeterRegistry registry)
      implements AutoCloseable {
    @Override
    public void close() {
      operator.stop();
      management.close();
      aws.close();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = OperatorConfig.load(System.getenv(), Optional.ofNullable(configFile));
    if (config.logFormat().equals("json")) {
      useJsonLogs();
    }
    try (KubernetesClient client = new KubernetesClientBuilder().withKubernetesSerialization(KubernetesJson.serialization())
        .build();
        Running running = start(config, client, Clock.systemUTC(), true, DefaultCredentialsProvider.builder().build())) {
      LOG.info("dynamo-backup-operator started; metrics and health on port {}", running.management().port());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }

  /**
   * Starts the operator on {@code client}. {@code serverSideApply} is false only against API servers that do not
   * support server-side apply for status patches.
   */
  public static Running start(OperatorConfig config, KubernetesClient client, Clock clock, boolean serverSideApply,
      AwsCredentialsProvider credentials) throws java.io.IOException {
    return start(config, client, clock, serverSideApply, credentials, true);
  }

  /**
   * As {@link #start(OperatorConfig, KubernetesClient, Clock, boolean, AwsCredentialsProvider)}; {@code exitOnLostLease}
   * false keeps the JVM alive when a leader stops leading (for several operators in one JVM, as in tests), where a
   * real pod exits so Kubernetes restarts it as a follower.
   */
  public static Running start(OperatorConfig config, KubernetesClient client, Clock clock, boolean serverSideApply,
      AwsCredentialsProvider credentials, boolean exitOnLostLease) throws java.io.IOException {
    RetriedFailureLogFilter.install();
    registerKinds(client);
    // Read once: a changed policy file takes effect when the operator restarts. A bad file stops the start.
    TenancyGuard tenancy = TenancyGuard.from(config);
    if (tenancy.enabled()) {
      LOG.info("multi-tenant: tenancy policy {} in force (default-deny)", config.tenancyPolicyFile().orElseThrow());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    EventRecorder events = new EventRecorder(client, clock);
    // Every data-changing AWS call of every client is an event on its object and an audit log line.
    // Client-side AWS rate limits per account, Region and API family: job starts wait in slot order, calls are paced.
    ApiLimits limits = config.apiLimits(registry);
    AwsClients aws = new AwsClients(config.awsEndpoint(), credentials, registry, null, new AuditTrail(events), limits,
        clock);
    RetrySchedule schedule = new RetrySchedule(config);
    JitteredRetry retry = new JitteredRetry(schedule);
    Shard shard = new Shard(config.watchLabelSelector());
    shard.keys(); // a selector whose keys cannot be read stops the start
    // Per-namespace credentials: a tenant with assumeRole gets services signed by that role (sts:AssumeRole with its
    // ExternalId, from the operator's own credentials); everything else uses the operator's own identity.
    // The recovery catalog's tables, checked once per process and Region, and its recently read records.
    CatalogTables catalog = new CatalogTables(config.catalogTableName());
    ReconcileDependencies dependencies = new ReconcileDependencies(identity -> AwsServices.sdk(aws, identity, catalog),
        tenancy, events, metrics, schedule, retry, clock, limits, shard);
    Operator operator = new Operator(o -> {
      // The caller owns the client: stopping the operator must not close it.
      o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(serverSideApply).withCloseClientOnStop(false)
          // JOSDK's reconcile metrics (operator_sdk_*: reconciliations, failures, retries, queue), without per-object
          // series, beside the operator's own dynamobackup_* metrics.
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          // The copy before every reconcile and status patch, without writing and parsing JSON text.
          .withResourceCloner(new ResourceCloner())
          // Plans in a lane of their own: a slot's backups never queue behind the remaining plans' work.
          .withExecutorService(new ReconcileExecutor(ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER,
              Set.of(ReconcilerUtils.getNameFor(DynamoBackupPlanReconciler.class)),
              ReconcileExecutor.BACKGROUND_THREADS));
      if (config.leaderElection()) {
        // Each shard (operator release) has its own Lease, so every shard has its own active replica.
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(config.leaseName(),
            config.leaderElectionNamespace().isEmpty() ? null : config.leaderElectionNamespace(),
            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, null, exitOnLostLease));
      }
    });
    // The backup controller first: it shares its cache with the plan and restore controllers (SharedCaches).
    operator.register(new DynamoBackupReconciler(dependencies), c -> configure(c, config, retry));
    operator.register(new DynamoBackupPlanReconciler(dependencies), c -> configure(c, config, retry));
    operator.register(new DynamoRestoreReconciler(dependencies), c -> configure(c, config, retry));
    operator.register(new DynamoItemRestoreReconciler(dependencies), c -> configure(c, config, retry));
    ManagementServer management = new ManagementServer(config.metricsPort(), registry,
        () -> operator.getRuntimeInfo().isStarted());
    operator.start();
    return new Running(operator, management, aws, registry);
  }

  /**
   * Makes the client parse watch events of the operator's kinds straight into their classes. Unregistered, it parses
   * each into a generic resource first and converts that again: twice the work for every watch event.
   */
  static void registerKinds(KubernetesClient client) {
    for (Class<? extends KubernetesResource> kind : List.of(DynamoBackupPlan.class, DynamoBackup.class,
        DynamoRestore.class, DynamoItemRestore.class)) {
      client.getKubernetesSerialization().registerKubernetesResource(kind);
    }
  }

  private static void useJsonLogs() throws ch.qos.logback.core.joran.spi.JoranException {
    var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    var configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(OperatorMain.class.getResource("/logback-json.xml"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void configure(ControllerConfigurationOverrider c, OperatorConfig config, JitteredRetry retry) {
    c.withRetry(retry);
    c.withItemStore(new LeanItemStore<>()).withInformerListLimit(LeanItemStore.LIST_LIMIT);
    if (!config.watchNamespaces().isEmpty()) {
      c.settingNamespaces(config.watchNamespaces());
    }
    if (!config.watchLabelSelector().isEmpty()) {
      c.withLabelSelector(config.watchLabelSelector());
    }
  }
}
