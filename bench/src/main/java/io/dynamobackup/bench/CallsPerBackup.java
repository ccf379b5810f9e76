package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.localaws.ScaledClock;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * AWS calls per backup, unthrottled: K on-demand DynamoBackups of K distinct small tables (tags, TTL, PITR;
 * captureTableSettings defaults to true), the operator in-process on a {@link ScaledClock} with the sandbox's scaled
 * intervals, run to Completed; 2 s later local-aws's call log is grouped by operation and divided by K. Also gives the
 * exact status of a completed backup, the template of the idle-heap part.
 */
final class CallsPerBackup {
  static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
      .withGroup("dynamobackup.io").withVersion("v1alpha1").withKind("DynamoBackup").withPlural("dynamobackups")
      .withNamespaced(true).build();
  /** Reads of the table's settings when spec.captureTableSettings is true (the default). */
  static final List<String> SETTINGS_READS = List.of("ListTagsOfResource", "DescribeTimeToLive",
      "DescribeContinuousBackups", "GetResourcePolicy", "DescribeScalableTargets", "DescribeScalingPolicies",
      "DescribeScheduledActions", "DescribeContributorInsights", "DescribeKinesisStreamingDestination",
      "ListEventSourceMappings", "DescribeAlarms");

  /** Calls per completed backup by operation, their total, and the status of one completed backup. */
  record Result(Map<String, Double> perBackup, double total, Map<String, Object> completedStatus) {}

  private CallsPerBackup() {}

  static Result run(int k, double timeScale, boolean print) throws Exception {
    ScaledClock clock = new ScaledClock(Instant.now(), timeScale);
    long started = System.nanoTime();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url())) {
      BenchEnv.vault(aws.endpoint());
      seed(aws, k);
      BenchEnv.cluster(client);
      try (OperatorMain.Running operator = OperatorMain.start(BenchEnv.operatorConfig(aws.endpoint(), timeScale,
          Map.of()), client, clock, true, DemoAws.credentials())) {
        aws.clearCalls();
        for (int i = 0; i < k; i++) {
          client.genericKubernetesResources(BACKUPS).inNamespace(BenchEnv.NAMESPACE).resource(backup("backup-" + i,
              table(i))).create();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        List<GenericKubernetesResource> done;
        while (true) {
          done = client.genericKubernetesResources(BACKUPS).inNamespace(BenchEnv.NAMESPACE).list().getItems();
          long completed = done.stream().filter(b -> "Completed".equals(phase(b))).count();
          if (completed == k) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("only " + completed + " of " + k + " backups Completed in 150 s");
          }
          Thread.sleep(100);
        }
        Duration toComplete = Duration.ofNanos(System.nanoTime() - started);
        Thread.sleep(2000); // calls after completion belong to the backup too (a needless re-read would show here)
        Result result = result(aws.calls(), k);
        if (print) {
          print(result, aws.calls(), k, timeScale, toComplete);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) done.stream()
            .filter(b -> b.getMetadata().getName().equals("backup-0")).findFirst().orElseThrow()
            .getAdditionalProperties().get("status");
        return new Result(result.perBackup(), result.total(), status);
      }
    }
  }

  private static Result result(List<CallRecord> log, int k) {
    Map<String, Double> per = log.stream().collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new,
        Collectors.collectingAndThen(Collectors.counting(), n -> n / (double) k)));
    return new Result(per, per.values().stream().mapToDouble(Double::doubleValue).sum(), null);
  }

  private static void print(Result result, List<CallRecord> log, int k, double timeScale, Duration toComplete) {
    Map<String, Long> minimum = new LinkedHashMap<>();
    minimum.put("DescribeTable", 1L);
    for (String read : SETTINGS_READS) {
      // DescribeAlarms lists every alarm of the account: one listing serves the backups of 15 s (AlarmListing)
      if (result.perBackup().containsKey(read) && !read.equals("DescribeAlarms")) {
        minimum.put(read, 1L); // each settings read once, whatever it returns
      }
    }
    minimum.put("StartBackupJob", 1L);
    minimum.put("DescribeBackupJob", 1L);
    System.out.printf("%n== AWS calls per backup: K=%d on-demand DynamoBackups of distinct tables (captureTableSettings"
        + " default true), clock x%.0f, all Completed after %.1f s real%n", k, timeScale, toComplete.toMillis() / 1000.0);
    System.out.printf("%-28s %10s %10s %8s%n", "operation", "per backup", "minimum", "ratio");
    long minTotal = 0;
    var all = new TreeSet<>(result.perBackup().keySet());
    all.addAll(minimum.keySet());
    for (String op : all) {
      double per = result.perBackup().getOrDefault(op, 0.0);
      long min = minimum.getOrDefault(op, 0L);
      minTotal += min;
      System.out.printf("%-28s %10.2f %10d %8s%n", op, per, min, min == 0 ? "extra" : String.format("%.2f", per / min));
    }
    System.out.printf("%-28s %10.2f %10d %8.2f%n", "TOTAL", result.total(), minTotal, result.total() / minTotal);
    System.out.printf("calls with HTTP status >= 400: %d %s%n", log.stream().filter(c -> c.httpStatus() >= 400).count(),
        log.stream().filter(c -> c.httpStatus() >= 400)
            .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting())));
  }

  static String table(int i) {
    return String.format("bench-table-%02d", i);
  }

  /** {@code tables} small tables (a few items, tags, TTL, PITR). */
  static void seed(LocalAws aws, int tables) throws Exception {
    List<String> names = IntStream.range(0, tables).mapToObj(CallsPerBackup::table).toList();
    BenchEnv.tables(aws.endpoint(), names, 10, Map.of("app", "bench", "backup", "gold"));
    try (var ddb = DemoAws.dynamoDb(aws.endpoint(), BenchEnv.REGION)) {
      for (String name : names) {
        ddb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
            .attributeName("expiresAt")));
        ddb.updateContinuousBackups(b -> b.tableName(name)
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
      }
    }
  }

  static GenericKubernetesResource backup(String name, String table) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("table", Map.of("name", table, "region", BenchEnv.REGION));
    spec.put("backupVault", BenchEnv.VAULT);
    spec.put("iamRoleArn", BenchEnv.ROLE);
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("dynamobackup.io/v1alpha1");
    r.setKind("DynamoBackup");
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(BenchEnv.NAMESPACE).build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  static String phase(GenericKubernetesResource r) {
    Object status = r == null ? null : r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? String.valueOf(m.get("phase")) : null;
  }
}
