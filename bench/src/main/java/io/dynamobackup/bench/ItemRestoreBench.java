package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Items per second a DynamoItemRestore writes into a provisioned target, against the theoretical limit of its write
 * capacity (one item of at most 1 KB costs one WCU, so W WCU allow W items per second). Real time throughout: local-aws
 * on the system clock enforces the target's capacity (token buckets, 300 s of burst), the operator in-process paces
 * its writes. Scenarios, each into a fresh, empty target of {@code --wcu} WCU, restoring {@code --items} items of the
 * source's point-in-time recovery with {@code writeRate.percentOfCapacity: 100}:
 *
 * <ol>
 *   <li>SkipExisting: one conditional PutItem per item;
 *   <li>Overwrite: BatchWriteItem, 25 items per call;
 *   <li>SkipExisting while an application writes half of the capacity into the same table, its burst already used:
 *       the copy is throttled and backs off; the limit is the half the application leaves.
 * </ol>
 *
 * The rate is measured on local-aws's call log: successful writes into the target between the first and the last.
 * Options: {@code --items 2000 --wcu 100}. Run: {@code java -cp bench/target/bench-0.1.0-SNAPSHOT-all.jar
 * io.dynamobackup.bench.ItemRestoreBench}.
 */
public final class ItemRestoreBench {
  static final String NAMESPACE = BenchEnv.NAMESPACE;
  static final String REGION = BenchEnv.REGION;
  static final ResourceDefinitionContext ITEM_RESTORES = new ResourceDefinitionContext.Builder()
      .withGroup("dynamobackup.io").withVersion("v1alpha1").withKind("DynamoItemRestore")
      .withPlural("dynamoitemrestores").withNamespaced(true).build();
  /** About 900 bytes: one write capacity unit per item. */
  static final String PAYLOAD = "x".repeat(880);

  private int items = 2000;
  private long wcu = 100;

  public static void main(String[] args) throws Exception {
    ItemRestoreBench bench = new ItemRestoreBench();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--items" -> bench.items = Integer.parseInt(args[i + 1]);
        case "--wcu" -> bench.wcu = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; known: --items N --wcu W");
      }
    }
    bench.run();
  }

  private void run() throws Exception {
    org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    Clock clock = Clock.systemUTC();
    LocalAwsOptions options = LocalAwsOptions.builder().clock(clock).restoreBaseDuration(Duration.ofSeconds(1))
        .restorePerItem(Duration.ZERO).jobStartDelay(Duration.ZERO).build();
    try (LocalAws aws = LocalAws.start(options);
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url());
        DynamoDbClient dynamoDb = DemoAws.dynamoDb(aws.endpoint(), REGION)) {
      BenchEnv.cluster(client);
      seedSource(dynamoDb);
      // Faster polls than the defaults (the scratch restore takes a second here), the default error retry (which
      // throttled writes back off with).
      OperatorConfig config = OperatorConfig.load(Map.of("DYNAMOBACKUP_METRICS_PORT", "0",
          "DYNAMOBACKUP_AWS_ENDPOINT", aws.endpoint().toString(), "DYNAMOBACKUP_AWS_DEFAULT_REGION", REGION,
          "DYNAMOBACKUP_POLL_INITIAL_INTERVAL", "PT1S", "DYNAMOBACKUP_POLL_MAX_INTERVAL", "PT5S"), Optional.empty());
      try (OperatorMain.Running operator = OperatorMain.start(config, client, clock, true, DemoAws.credentials())) {
        System.out.printf("== DynamoItemRestore write rate: %d items of ~0.9 KB (1 WCU each) into an empty target of"
            + " %d WCU, writeRate.percentOfCapacity 100, errorRetry %s..%s (defaults), real time%n",
            items, wcu, config.errorRetryInitialInterval(), config.errorRetryMaxInterval());
        System.out.printf("%-44s %10s %12s %10s %8s %10s%n", "scenario", "limit/s", "measured/s", "ratio",
            "written", "throttled");
        measure(aws, client, dynamoDb, "SkipExisting (conditional PutItem)", "target-skip", "SkipExisting", false);
        measure(aws, client, dynamoDb, "Overwrite (BatchWriteItem x25)", "target-overwrite", "Overwrite", false);
        measure(aws, client, dynamoDb, "SkipExisting, application writes 50%", "target-shared", "SkipExisting",
            true);
      }
    }
  }

  /** The source: on-demand, {@code items} items, point-in-time recovery enabled after seeding. */
  private void seedSource(DynamoDbClient dynamoDb) {
    dynamoDb.createTable(b -> b.tableName("source").billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
        .keySchema(k -> k.attributeName("pk").keyType("HASH")));
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      String key = "item-" + i;
      batch.add(WriteRequest.builder().putRequest(p -> p.item(item(key))).build());
      if (batch.size() == 25 || i == items - 1) {
        List<WriteRequest> requests = List.copyOf(batch);
        dynamoDb.batchWriteItem(b -> b.requestItems(Map.of("source", requests)));
        batch.clear();
      }
    }
    dynamoDb.updateContinuousBackups(b -> b.tableName("source").pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
  }

  private void measure(LocalAws aws, KubernetesClient client, DynamoDbClient dynamoDb, String scenario, String target,
      String policy, boolean shared) throws Exception {
    dynamoDb.createTable(b -> b.tableName(target).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
        .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(wcu)));
    AtomicBoolean stop = new AtomicBoolean();
    Thread application = null;
    double limit = wcu;
    if (shared) {
      drainBurst(dynamoDb, target);
      limit = wcu / 2.0;
      application = new Thread(() -> applicationWrites(dynamoDb, target, wcu / 2, stop), "application");
      application.start();
    }
    client.genericKubernetesResources(ITEM_RESTORES).inNamespace(NAMESPACE).resource(itemRestore(target, policy))
        .create();
    GenericKubernetesResource done = awaitFinished(client, target);
    stop.set(true);
    if (application != null) {
      application.join();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) done.getAdditionalProperties().get("status");
    long calls = aws.calls().stream().filter(c -> c.names(target) && c.httpStatus() == 200
        && (c.operation().equals(shared || policy.equals("SkipExisting") ? "PutItem" : "BatchWriteItem"))).count();
    long written = ((Number) status.get("itemsWritten")).longValue();
    // The copy's own writes: the application's come from the same table, so take the span of the copy's phase.
    Instant from = Instant.parse((String) status.get("scratchReadyTime"));
    Instant to = Instant.parse((String) status.get("copyCompletedTime"));
    double seconds = Duration.between(from, to).toMillis() / 1000.0;
    double measured = written / seconds;
    System.out.printf("%-44s %10.1f %12.1f %10.2f %8d %10s%n", scenario, limit, measured, measured / limit, written,
        status.get("throttledWrites"));
    if (!"Completed".equals(status.get("phase"))) {
      System.out.println("  ended " + status.get("phase") + ": " + Serialization.asJson(status));
    }
    System.out.printf("  %.1f s of copying; %d successful %s calls into %s%s%n", seconds, calls,
        policy.equals("Overwrite") ? "BatchWriteItem" : "PutItem", target, shared ? " (the application's too)" : "");
  }

  /** Uses up the target's burst (300 s of its capacity) at once, as a busy application would have. */
  private static void drainBurst(DynamoDbClient dynamoDb, String table) {
    int n = 0;
    while (true) {
      List<WriteRequest> requests = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String key = "app-burst-" + n++;
        requests.add(WriteRequest.builder().putRequest(p -> p.item(item(key))).build());
      }
      try {
        if (!dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, requests))).unprocessedItems().isEmpty()) {
          return;
        }
      } catch (ProvisionedThroughputExceededException e) {
        return;
      }
    }
  }

  /** An application writing {@code perSecond} one-unit items per second into the table until stopped. */
  private static void applicationWrites(DynamoDbClient dynamoDb, String table, long perSecond, AtomicBoolean stop) {
    long n = 0;
    long started = System.nanoTime();
    while (!stop.get()) {
      long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond);
      while (n < due && !stop.get()) {
        String key = "app-" + n++;
        try {
          dynamoDb.putItem(b -> b.tableName(table).item(item(key)));
        } catch (ProvisionedThroughputExceededException e) {
          // throttled like the copy: the application retries its own way; the bench only keeps the pressure
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private GenericKubernetesResource itemRestore(String target, String policy) {
    return Serialization.unmarshal("""
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoItemRestore
        metadata: {name: %s, namespace: %s}
        spec:
          source:
            pointInTimeRecovery: {table: {name: source, region: %s}, useLatestRestorableTime: true}
          target: {tableName: %s, region: %s}
          items: {all: true}
          conflictPolicy: %s
          writeRate: {percentOfCapacity: 100}
        """.formatted(target, NAMESPACE, REGION, target, REGION, policy), GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource awaitFinished(KubernetesClient client, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      GenericKubernetesResource current = client.genericKubernetesResources(ITEM_RESTORES).inNamespace(NAMESPACE)
          .withName(name).get();
      Object phase = current == null ? null : ((Map<?, ?>) current.getAdditionalProperties()
          .getOrDefault("status", Map.of())).get("phase");
      if ("Completed".equals(phase) || "PartiallyFailed".equals(phase) || "Failed".equals(phase)) {
        return current;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("item restore " + name + " did not finish in 30 minutes");
  }

  private static Map<String, AttributeValue> item(String key) {
    return Map.of("pk", AttributeValue.fromS(key), "data", AttributeValue.fromS(PAYLOAD));
  }
}
