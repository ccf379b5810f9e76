package io.dynamobackup.sandbox;

import io.dynamobackup.operator.common.KubernetesJson;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.localaws.ScaledClock;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.kube.ApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox in one JVM: the in-process Kubernetes API ({@link ApiServer}), local-aws with the demo estate
 * ({@link DemoAws}), the operator ({@link OperatorMain#start}) on a shared accelerated clock, and a kubeconfig. With
 * {@link Options#awsEndpoint} it uses a local-aws that runs on its own instead, follows that one's clock and adds only
 * what the demo estate lacks there, so several sandboxes in turn — a cluster lost, a new one built — share one AWS.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  public static final String NAMESPACE = "default";
  /** Apply order that works: on-demand backups, then plans, then restores and item restores (which refer to both). */
  private static final List<String> KIND_ORDER = List.of("DynamoBackup", "DynamoBackupPlan", "DynamoRestore",
      "DynamoItemRestore");

  /**
   * How to start it. {@code timeScale}: null for the default, 60, or the scale of the local-aws at {@code awsEndpoint};
   * {@code tenancyPolicy}: the operator's tenancy policy file (multi-tenant), or null; {@code awsEndpoint}: a local-aws
   * that already runs (the sandbox follows its clock and starts none of its own), or null.
   */
  public record Options(String host, int port, Double timeScale, boolean examples, Path directory, Path kubeconfig,
      int metricsPort, int demoItems, Path tenancyPolicy, URI awsEndpoint) {
    public static Options defaults() {
      return new Options("127.0.0.1", 0, null, true, null, null, 0, 3000, null, null);
    }

    public Options withExamples(boolean examples) {
      return new Options(host, port, timeScale, examples, directory, kubeconfig, metricsPort, demoItems, tenancyPolicy,
          awsEndpoint);
    }

    public Options withDirectory(Path directory) {
      return new Options(host, port, timeScale, examples, directory, kubeconfig, metricsPort, demoItems, tenancyPolicy,
          awsEndpoint);
    }

    public Options withTenancyPolicy(Path tenancyPolicy) {
      return new Options(host, port, timeScale, examples, directory, kubeconfig, metricsPort, demoItems, tenancyPolicy,
          awsEndpoint);
    }

    public Options withAwsEndpoint(URI awsEndpoint) {
      return new Options(host, port, timeScale, examples, directory, kubeconfig, metricsPort, demoItems, tenancyPolicy,
          awsEndpoint);
    }

    public Options withDemoItems(int demoItems) {
      return new Options(host, port, timeScale, examples, directory, kubeconfig, metricsPort, demoItems, tenancyPolicy,
          awsEndpoint);
    }
  }

  static final double DEFAULT_TIME_SCALE = 60;

  private final Options options;
  private final Clock clock;
  private final double timeScale;
  private URI awsEndpoint;
  private final Path directory;
  private final Path kubeconfig;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, String> examples;
  private LocalAws aws;
  private ApiServer api;
  private KubernetesClient client;
  private OperatorMain.Running operator;
  private final Duration startup;
  /** Demo resources ({@code name@region}) whose Region did not answer at start-up, so they were not checked. */
  private List<String> unchecked = List.of();

  private Sandbox(Options options) throws IOException {
    long started = System.nanoTime();
    this.options = options;
    if (options.awsEndpoint() != null) {
      ScaledClock followed = LocalAwsClock.follow(options.awsEndpoint());
      if (options.timeScale() != null && options.timeScale() != followed.scale()) {
        throw new IllegalArgumentException("--time-scale " + options.timeScale() + " differs from the time scale of"
            + " local-aws at " + options.awsEndpoint() + " (" + followed.scale() + "); the sandbox follows local-aws:"
            + " leave --time-scale out");
      }
      this.clock = followed;
      this.timeScale = followed.scale();
    } else {
      this.timeScale = options.timeScale() == null ? DEFAULT_TIME_SCALE : options.timeScale();
      this.clock = timeScale == 1.0 ? Clock.systemUTC() : new ScaledClock(Instant.now(), timeScale);
    }
    this.directory = options.directory() != null ? Files.createDirectories(options.directory())
        : Files.createTempDirectory("dynamo-backup-sandbox");
    this.kubeconfig = options.kubeconfig() != null ? options.kubeconfig().toAbsolutePath()
        : directory.resolve("kubeconfig");
    this.examples = BundledFiles.read("examples");
    try {
      if (options.awsEndpoint() == null) {
        aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).port(0).build());
        closeables.add(aws);
        awsEndpoint = aws.endpoint();
        DemoAws.seed(awsEndpoint, clock, options.demoItems());
      } else {
        awsEndpoint = options.awsEndpoint();
        unchecked = DemoAws.seedMissing(awsEndpoint, clock, options.demoItems()); // another sandbox may have seeded it
      }
      // Requests without a token (kubectl's: it sends no credentials over plain HTTP) act as the cluster admin, as on
      // a local insecure port; the operator authenticates as its ServiceAccount and RBAC decides what it may do.
      api = new ApiServer(clock).start(options.host(), options.port());
      closeables.add(api);
      client = client(null);
      closeables.add(client);
      for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
            .withNewStatus().withPhase("Active").endStatus().build()).create();
      }
      for (String crd : BundledFiles.read("crds").values()) {
        client.resourceList(crd).create();
      }
      // The operator runs with exactly the permissions the Helm chart grants its ServiceAccount.
      KubernetesClient operatorClient = client(api.installServiceAccount(
          BundledFiles.read("rbac").get("operator-rbac.yaml")));
      closeables.add(operatorClient);
      writeKubeconfig();
      operator = OperatorMain.start(operatorConfig(), operatorClient, clock, true, DemoAws.credentials());
      closeables.add(operator);
      if (options.examples()) {
        applyExamples();
      }
    } catch (RuntimeException | IOException e) {
      close();
      throw e;
    }
    startup = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("sandbox started in {} ms: Kubernetes API {}, local-aws {}, operator {}/metrics (also /healthz, /readyz),"
        + " kubeconfig {}", startup.toMillis(), api.url(), awsEndpoint, operatorUrl(), kubeconfig);
  }

  /** The operator's management server ({@code /metrics}, {@code /healthz}, {@code /readyz}), on every interface. */
  public String operatorUrl() {
    return "http://127.0.0.1:" + operator.management().port();
  }

  /** The log file: the operator's log, with the sandbox's own lines (logback-sandbox.xml). */
  public Path log() {
    return directory.resolve("sandbox.log");
  }

  private KubernetesClient client(String token) {
    ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace(NAMESPACE)
        .withRequestTimeout(30_000);
    return new KubernetesClientBuilder().withKubernetesSerialization(KubernetesJson.serialization())
        .withConfig((token == null ? config : config.withOauthToken(token)).build())
        .build();
  }

  public static Sandbox start(Options options) throws IOException {
    return new Sandbox(options);
  }

  /**
   * The operator exactly as in a cluster (server-side apply, default options), except: the AWS endpoint is local-aws
   * with static credentials, the management port is free, and poll/retry intervals are divided by the time scale so
   * that they stay the same in sandbox time. With a tenancy policy it runs multi-tenant, as with the Helm value.
   */
  private OperatorConfig operatorConfig() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DYNAMOBACKUP_METRICS_PORT", Integer.toString(options.metricsPort()));
    env.put("DYNAMOBACKUP_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("DYNAMOBACKUP_AWS_DEFAULT_REGION", DemoAws.TABLE_REGION);
    if (options.tenancyPolicy() != null) {
      env.put("DYNAMOBACKUP_TENANCY_POLICY_FILE", options.tenancyPolicy().toAbsolutePath().toString());
    }
    OperatorConfig defaults = OperatorConfig.defaults();
    env.put("DYNAMOBACKUP_POLL_INITIAL_INTERVAL", scaled(defaults.pollInitialInterval()).toString());
    env.put("DYNAMOBACKUP_POLL_MAX_INTERVAL", scaled(defaults.pollMaxInterval()).toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_INITIAL_INTERVAL", scaled(defaults.errorRetryInitialInterval()).toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", scaled(defaults.errorRetryMaxInterval()).toString());
    env.put("DYNAMOBACKUP_POLL_RESTORE_INITIAL_INTERVAL", scaled(defaults.restorePollInitialInterval()).toString());
    // A demo shows drift corrected within minutes of sandbox time, not after the production default of 12 hours.
    env.put("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", scaled(defaults.pollMaxInterval()).toString());
    return OperatorConfig.load(env, Optional.empty());
  }

  private Duration scaled(Duration d) {
    Duration scaled = Duration.ofNanos((long) (d.toNanos() / timeScale));
    return scaled.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : scaled;
  }

  private void applyExamples() {
    List<HasMetadata> objects = new ArrayList<>();
    for (String yaml : examples.values()) {
      objects.addAll(client.resourceList(yaml).items());
    }
    objects.sort(Comparator.comparingInt(o -> KIND_ORDER.indexOf(o.getKind())));
    for (HasMetadata object : objects) {
      object.getMetadata().setNamespace(NAMESPACE);
      client.resource(Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class))
          .inNamespace(NAMESPACE).create();
    }
  }

  private void writeKubeconfig() throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dynamo-backup-sandbox
          cluster:
            server: %s
        contexts:
        - name: dynamo-backup-sandbox
          context:
            cluster: dynamo-backup-sandbox
            user: sandbox
            namespace: default
        current-context: dynamo-backup-sandbox
        users:
        - name: sandbox
          user: {}
        """.formatted(api.url());
    Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
    Files.writeString(kubeconfig, yaml);
  }

  /** The examples as files a user can {@code kubectl apply -f}: ./examples when run from the repository. */
  public Path examplesDirectory() {
    Path local = Path.of("examples");
    if (Files.isDirectory(local) && Files.exists(local.resolve("backup-minimal.yaml"))) {
      return local;
    }
    Path copy = directory.resolve("examples");
    try {
      Files.createDirectories(copy);
      for (var e : examples.entrySet()) {
        Files.writeString(copy.resolve(e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  public Map<String, String> examples() {
    return examples;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path directory() {
    return directory;
  }

  public KubernetesClient client() {
    return client;
  }

  public ApiServer api() {
    return api;
  }

  /** The sandbox's own local-aws; null when it uses one that runs on its own ({@code --aws-endpoint}). */
  public LocalAws aws() {
    return aws;
  }

  /** The endpoint of every AWS service: the sandbox's own local-aws or the one given by {@code --aws-endpoint}. */
  public URI awsEndpoint() {
    return awsEndpoint;
  }

  /** How much faster than real time sandbox time runs (local-aws's scale with {@code --aws-endpoint}). */
  public double timeScale() {
    return timeScale;
  }

  public Clock clock() {
    return clock;
  }

  /** Demo resources ({@code name@region}) not checked at start-up because their Region did not answer. */
  public List<String> unchecked() {
    return unchecked;
  }

  public Options options() {
    return options;
  }

  public Duration startup() {
    return startup;
  }

  public OperatorMain.Running operator() {
    return operator;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    closeables.clear();
  }
}
