package io.dynamobackup.bench;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What every part of the bench sets up the same way: the API server's client and CRDs, tables, the operator's config. */
final class BenchEnv {
  static final String NAMESPACE = "default";
  static final String REGION = DemoAws.TABLE_REGION;
  static final String VAULT = "prod-vault";
  static final String ROLE = "arn:aws:iam::111122223333:role/dynamo-backup";
  static final List<String> CRDS = List.of("dynamobackupplans.dynamobackup.io.yaml",
      "dynamobackups.dynamobackup.io.yaml", "dynamorestores.dynamobackup.io.yaml",
      "dynamoitemrestores.dynamobackup.io.yaml");

  private BenchEnv() {}

  static KubernetesClient client(String url) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url)
        .withNamespace(NAMESPACE).withRequestTimeout(60_000).build()).build();
  }

  /** The namespaces and the CRDs (from the sandbox jar, byte copies of crds/). */
  static void cluster(KubernetesClient client) throws IOException {
    for (String namespace : List.of("default", "kube-system")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .withNewStatus().withPhase("Active").endStatus().build()).create();
    }
    for (String crd : CRDS) {
      try (InputStream in = BenchEnv.class.getResourceAsStream("/sandbox/crds/" + crd)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + crd + " not on the classpath (sandbox jar)");
        }
        client.resourceList(new String(in.readAllBytes(), StandardCharsets.UTF_8)).create();
      }
    }
  }

  static void vault(URI endpoint) {
    try (var backup = DemoAws.backup(endpoint, REGION)) {
      backup.createBackupVault(b -> b.backupVaultName(VAULT).creatorRequestId("bench-" + VAULT));
    }
  }

  /** On-demand tables named {@code names}, each with {@code items} items, created by 4 threads. */
  static void tables(URI endpoint, List<String> names, int items, Map<String, String> tags) throws Exception {
    parallel(names.size(), i -> {
      try (DynamoDbClient ddb = DemoAws.dynamoDb(endpoint, REGION)) {
        String name = names.get(i);
        ddb.createTable(b -> b.tableName(name)
            .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
            .keySchema(s -> s.attributeName("id").keyType("HASH"))
            .billingMode("PAY_PER_REQUEST")
            .tags(tags.entrySet().stream().map(t -> software.amazon.awssdk.services.dynamodb.model.Tag.builder()
                .key(t.getKey()).value(t.getValue()).build()).toList()));
        for (int j = 0; j < items; j++) {
          String id = "item-" + j;
          ddb.putItem(b -> b.tableName(name).item(Map.of("id",
              software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id))));
        }
      }
    });
  }

  /** A plan backing up {@code table} on {@code schedule} (UTC) into the bench's vault. */
  static DynamoBackupPlan plan(String name, String table, String schedule) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named(table, REGION);
    spec.template.backupVault = VAULT;
    spec.template.iamRoleArn = ROLE;
    spec.schedule = schedule;
    plan.setSpec(spec);
    return plan;
  }

  /** Runs {@code task} for 0..n-1 on 4 threads (the API server and local-aws serve concurrently). */
  static void parallel(int n, IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int threads = 4;
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(pool.submit(() -> {
          for (int i = first; i < n; i += threads) {
            task.accept(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The operator's configuration as the sandbox makes it: poll and retry intervals divided by the time scale. */
  static OperatorConfig operatorConfig(URI awsEndpoint, double scale, Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DYNAMOBACKUP_METRICS_PORT", "0");
    env.put("DYNAMOBACKUP_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("DYNAMOBACKUP_AWS_DEFAULT_REGION", REGION);
    OperatorConfig defaults = OperatorConfig.defaults();
    env.put("DYNAMOBACKUP_POLL_INITIAL_INTERVAL", scaled(defaults.pollInitialInterval(), scale).toString());
    env.put("DYNAMOBACKUP_POLL_MAX_INTERVAL", scaled(defaults.pollMaxInterval(), scale).toString());
    env.put("DYNAMOBACKUP_POLL_RESTORE_INITIAL_INTERVAL", scaled(defaults.restorePollInitialInterval(), scale)
        .toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_INITIAL_INTERVAL", scaled(defaults.errorRetryInitialInterval(), scale).toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", scaled(defaults.errorRetryMaxInterval(), scale).toString());
    env.putAll(extra);
    return OperatorConfig.load(env, Optional.empty());
  }

  private static Duration scaled(Duration d, double scale) {
    Duration scaled = Duration.ofNanos((long) (d.toNanos() / scale));
    return scaled.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : scaled;
  }

  /** A kubeconfig for the API server at {@code url}, authenticating with {@code token}. */
  static String kubeconfig(String url, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: bench
          cluster:
            server: %s
        contexts:
        - name: bench
          context:
            cluster: bench
            user: bench
            namespace: default
        current-context: bench
        users:
        - name: bench
          user:
            token: %s
        """.formatted(url, token);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  static String secs(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
