package io.dynamobackup.bench;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.localaws.ScaledClock;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.sandbox.DemoAws;
import io.dynamobackup.kube.ApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Two bounded benchmarks, each printing ratios against a baseline measured in the same run:
 *
 * <ol>
 *   <li><b>AWS calls per backup</b>: K on-demand DynamoBackups of distinct tables, operator in-process on a
 *       {@link ScaledClock}; calls per completed backup by operation (local-aws call log) versus the design minimum.
 *   <li><b>Idle heap</b>: the operator in a separate JVM ({@code -Xmx256m}) watching N DynamoBackups that are already
 *       {@code Completed} (status exactly as the operator wrote it in part 1), N = 0 (baseline) and N = 10,000; heap
 *       used after {@code jcmd GC.run}, from the operator's own {@code /metrics}.
 * </ol>
 *
 * Options: {@code --n 10000 --k 20 --xmx 256m --time-scale 60 --operator-jar PATH --idle-wait 90 --skip-heap --skip-calls}.
 */
public final class IdleOperatorBench {
  static final String NAMESPACE = "default";
  static final String REGION = DemoAws.TABLE_REGION;
  static final String VAULT = "prod-vault";
  static final String ROLE = "arn:aws:iam::111122223333:role/dynamo-backup";
  static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
      .withGroup("dynamobackup.io").withVersion("v1alpha1").withKind("DynamoBackup").withPlural("dynamobackups")
      .withNamespaced(true).build();
  static final List<String> CRDS = List.of("dynamobackupplans.dynamobackup.io.yaml", "dynamobackups.dynamobackup.io.yaml",
      "dynamorestores.dynamobackup.io.yaml", "dynamoitemrestores.dynamobackup.io.yaml");
  /** Reads of the table's settings when spec.captureTableSettings is true (the default). */
  static final List<String> SETTINGS_READS = List.of("ListTagsOfResource", "DescribeTimeToLive",
      "DescribeContinuousBackups", "GetResourcePolicy", "DescribeScalableTargets", "DescribeScalingPolicies",
      "DescribeAlarms");

  private int n = 10_000;
  private int k = 20;
  private String xmx = "256m";
  private double timeScale = 60;
  private Path operatorJar;
  private boolean heap = true;
  private boolean calls = true;
  private Duration idleWait = Duration.ofSeconds(90);

  public static void main(String[] args) throws Exception {
    // local-aws serves over the JDK HTTP server; without nodelay each call waits ~40 ms for Nagle.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.javaoperatorsdk", "io.fabric8",
        "io.dynamobackup")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    IdleOperatorBench bench = new IdleOperatorBench();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> bench.n = Integer.parseInt(args[++i]);
        case "--k" -> bench.k = Integer.parseInt(args[++i]);
        case "--xmx" -> bench.xmx = args[++i];
        case "--time-scale" -> bench.timeScale = Double.parseDouble(args[++i]);
        case "--operator-jar" -> bench.operatorJar = Path.of(args[++i]);
        case "--skip-heap" -> bench.heap = false;
        case "--idle-wait" -> bench.idleWait = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--skip-calls" -> bench.calls = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int code = bench.run();
    System.exit(code);
  }

  int run() throws Exception {
    System.out.printf("IdleOperatorBench %s, %d cores, java %s%n", LocalDate.now(), Runtime.getRuntime()
        .availableProcessors(), System.getProperty("java.version"));
    // Part 2 runs first: its first completed backup's status is the template of the N idle objects of part 1.
    Map<String, Object> template = callsPerBackup();
    if (heap) {
      idleHeap(template);
    }
    return 0;
  }

  // ------------------------------------------------------------------ part 2: AWS calls per backup

  private Map<String, Object> callsPerBackup() throws Exception {
    ScaledClock clock = new ScaledClock(Instant.now(), timeScale);
    int count = calls ? k : 1;
    long started = System.nanoTime();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = client(api.url())) {
      seed(aws.endpoint(), count);
      cluster(client);
      OperatorConfig config = operatorConfig(aws.endpoint(), 0, timeScale);
      try (OperatorMain.Running operator = OperatorMain.start(config, client, clock, true, DemoAws.credentials())) {
        aws.clearCalls();
        for (int i = 0; i < count; i++) {
          client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE).resource(backup("backup-" + i, table(i)))
              .create();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        List<GenericKubernetesResource> done;
        while (true) {
          done = client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE).list().getItems();
          long completed = done.stream().filter(b -> "Completed".equals(phase(b))).count();
          if (completed == count) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("only " + completed + " of " + count + " backups Completed in 150 s: "
                + done.stream().map(b -> b.getMetadata().getName() + "=" + phase(b)).toList());
          }
          Thread.sleep(100);
        }
        Duration toComplete = Duration.ofNanos(System.nanoTime() - started);
        // Calls after completion belong to the backup too (a needless re-read would show here).
        Thread.sleep(2000);
        List<CallRecord> log = aws.calls();
        if (calls) {
          printCalls(log, count, toComplete, clock);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) done.stream()
            .filter(b -> b.getMetadata().getName().equals("backup-0")).findFirst().orElseThrow()
            .getAdditionalProperties().get("status");
        return status;
      }
    }
  }

  private void printCalls(List<CallRecord> log, int count, Duration toComplete, Clock clock) {
    Map<String, Long> byOperation = log.stream()
        .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting()));
    Map<String, Long> minimum = new LinkedHashMap<>();
    minimum.put("DescribeTable", 1L);
    for (String read : SETTINGS_READS) {
      if (byOperation.containsKey(read)) {
        minimum.put(read, 1L); // each settings read once, whatever it returns
      }
    }
    minimum.put("StartBackupJob", 1L);
    minimum.put("DescribeBackupJob", 1L);
    System.out.printf("%n== AWS calls per backup: K=%d on-demand DynamoBackups of distinct tables (captureTableSettings"
        + " default true), clock x%.0f, all Completed after %.1f s real%n", count, timeScale,
        toComplete.toMillis() / 1000.0);
    System.out.printf("%-28s %10s %10s %8s%n", "operation", "per backup", "minimum", "ratio");
    double total = 0;
    long minTotal = 0;
    var all = new java.util.TreeSet<String>(byOperation.keySet());
    all.addAll(minimum.keySet());
    for (String op : all) {
      double per = byOperation.getOrDefault(op, 0L) / (double) count;
      long min = minimum.getOrDefault(op, 0L);
      total += per;
      minTotal += min;
      System.out.printf("%-28s %10.2f %10d %8s%n", op, per, min, min == 0 ? "extra" : String.format("%.2f", per / min));
    }
    long errors = log.stream().filter(c -> c.httpStatus() >= 400).count();
    System.out.printf("%-28s %10.2f %10d %8.2f%n", "TOTAL", total, minTotal, total / minTotal);
    System.out.printf("calls with HTTP status >= 400: %d %s%n", errors, log.stream().filter(c -> c.httpStatus() >= 400)
        .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting())));
  }

  // ------------------------------------------------------------------ part 1: idle heap

  private void idleHeap(Map<String, Object> template) throws Exception {
    Path jar = operatorJar();
    System.out.printf("%n== Idle operator heap: separate JVM -Xmx%s (%s), N Completed DynamoBackups%n", xmx, jar);
    Result baseline = idle(template, 0, jar);
    Result loaded = idle(template, n, jar);
    long perCr = n == 0 ? 0 : (loaded.heapBytes - baseline.heapBytes) / n;
    System.out.printf("%-34s %14s %14s%n", "", "N=0", "N=" + n);
    System.out.printf("%-34s %14s %14s%n", "heap used after GC (min of 5)", mib(baseline.heapBytes), mib(loaded.heapBytes));
    System.out.printf("%-34s %14s %14s%n", "heap used before GC (min of 5)", mib(baseline.heapBeforeGc),
        mib(loaded.heapBeforeGc));
    System.out.printf("%-34s %14s %14s%n", "time to idle (ready + quiet)", secs(baseline.toIdle), secs(loaded.toIdle));
    System.out.printf("%-34s %14s %14s%n", "quiet reached (else --idle-wait)", baseline.quiet, loaded.quiet);
    System.out.printf("%-34s %14d %14d%n", "API writes by the operator", baseline.apiWrites, loaded.apiWrites);
    System.out.printf("%-34s %14d %14d%n", "Events written", baseline.events, loaded.events);
    System.out.printf("%-34s %14d %14d%n", "statuses changed vs template", baseline.statusChanged, loaded.statusChanged);
    System.out.printf("%-34s %14d %14d%n", "AWS calls while idle", baseline.awsCalls, loaded.awsCalls);
    System.out.printf("%-34s %14s %14s%n", "alive, no OutOfMemoryError", baseline.healthy, loaded.healthy);
    System.out.printf("ratio heap(N=%d) / heap(N=0): %.2f; per CR: %,d bytes; under -Xmx%s: %s%n", n,
        loaded.heapBytes / (double) baseline.heapBytes, perCr, xmx, loaded.healthy ? "yes" : "NO");
    if (!loaded.awsCallsByOperation.isEmpty()) {
      System.out.println("AWS calls while idle by operation: " + loaded.awsCallsByOperation);
    }
  }

  record Result(long heapBytes, long heapBeforeGc, Duration toIdle, long apiWrites, long awsCalls,
      Map<String, Long> awsCallsByOperation, boolean healthy, boolean quiet, long events, long statusChanged) {
  }

  private Result idle(Map<String, Object> template, int objects, Path jar) throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Files.createDirectories(Path.of("bench", "target", "idle-" + objects).toAbsolutePath());
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = client(api.url())) {
      seed(aws.endpoint(), 1);
      cluster(client);
      long t0 = System.nanoTime();
      createIdle(client, template, objects);
      System.out.printf("  N=%d: created %d Completed DynamoBackups in %.1f s%n", objects, objects,
          (System.nanoTime() - t0) / 1e9);
      AtomicLong writes = new AtomicLong();
      AtomicLong lastWrite = new AtomicLong(System.nanoTime());
      api.store().onChange(() -> {
        writes.incrementAndGet();
        lastWrite.set(System.nanoTime());
      });
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, kubeconfig(api.url()));
      int metricsPort = freePort();
      aws.clearCalls();
      writes.set(0);
      Path logFile = dir.resolve("operator.log");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", "-cp", jar.toString(), "io.dynamobackup.operator.OperatorMain")
          .redirectErrorStream(true).redirectOutput(logFile.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(key -> key.startsWith("KUBERNETES_") || key.startsWith("AWS_")
          || key.startsWith("DYNAMOBACKUP_"));
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("AWS_ACCESS_KEY_ID", DemoAws.ACCOUNT);
      env.put("AWS_SECRET_ACCESS_KEY", DemoAws.SECRET);
      env.put("AWS_REGION", REGION);
      env.put("DYNAMOBACKUP_METRICS_PORT", Integer.toString(metricsPort));
      env.put("DYNAMOBACKUP_AWS_ENDPOINT", aws.endpoint().toString());
      env.put("DYNAMOBACKUP_AWS_DEFAULT_REGION", REGION);
      long started = System.nanoTime();
      Process process = pb.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + metricsPort);
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (!ok(http, base.resolve("/readyz"))) {
          check(process, logFile, deadline, "ready");
          Thread.sleep(200);
        }
        // Idle: no write to the API server for 5 s and less than 5% of a core of CPU over the last 2 s; or, bounded,
        // --idle-wait after ready.
        Duration cpuBefore = cpu(process);
        long cpuAt = System.nanoTime();
        long readyAt = System.nanoTime();
        boolean quiet = false;
        while (true) {
          Thread.sleep(500);
          check(process, logFile, Long.MAX_VALUE, "quiet");
          long now = System.nanoTime();
          if (now - readyAt > idleWait.toNanos()) {
            break;
          }
          if (now - cpuAt >= 2_000_000_000L) {
            Duration cpuNow = cpu(process);
            double cores = (cpuNow.toNanos() - cpuBefore.toNanos()) / (double) (now - cpuAt);
            cpuBefore = cpuNow;
            cpuAt = now;
            if (now - lastWrite.get() > 5_000_000_000L && now - started > 5_000_000_000L && cores < 0.05) {
              quiet = true;
              break;
            }
          }
        }
        Duration toIdle = Duration.ofNanos(System.nanoTime() - started);
        long before = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
          before = Math.min(before, heapUsed(http, base));
          Thread.sleep(1000);
        }
        jcmd(process.pid(), "GC.run");
        Thread.sleep(1000);
        long after = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
          after = Math.min(after, heapUsed(http, base));
          Thread.sleep(1000);
        }
        List<CallRecord> idleCalls = aws.calls();
        long events = client.v1().events().inAnyNamespace().list().getItems().size();
        long statusChanged = objects == 0 ? 0 : client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE).list()
            .getItems().stream().filter(b -> !template.equals(b.getAdditionalProperties().get("status"))).count();
        System.out.printf("  N=%d: %d Events in the store; %d DynamoBackups whose status differs from the template%n",
            objects, events, statusChanged);
        boolean healthy = process.isAlive() && !Files.readString(logFile).contains("OutOfMemoryError");
        System.out.printf("  N=%d: %s after %.1f s; heap after GC %s; log %s%n", objects, quiet ? "idle" : "still writing", toIdle.toMillis() / 1000.0,
            mib(after), logFile);
        return new Result(after, before, toIdle, writes.get(), idleCalls.size(), idleCalls.stream()
            .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting())), healthy, quiet,
            events, statusChanged);
      } finally {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private void createIdle(KubernetesClient client, Map<String, Object> template, int objects) throws Exception {
    if (objects == 0) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int batch = 500;
      for (int from = 0; from < objects; from += batch) {
        int start = from;
        int end = Math.min(objects, from + batch);
        futures.add(pool.submit(() -> {
          for (int i = start; i < end; i++) {
            GenericKubernetesResource r = backup(String.format("idle-%05d", i), table(0));
            // The API server drops status on create (status subresource): write it as the operator does, after.
            GenericKubernetesResource created = client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE)
                .resource(r).create();
            created.setAdditionalProperty("status", template);
            client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE).resource(created).updateStatus();
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
    // Make sure (else the operator would start N backups).
    GenericKubernetesResource sample = client.genericKubernetesResources(BACKUPS).inNamespace(NAMESPACE)
        .withName("idle-00000").get();
    if (!"Completed".equals(phase(sample))) {
      throw new IllegalStateException("status not stored on create: " + Serialization.asJson(sample));
    }
  }

  private static void check(Process process, Path log, long deadline, String what) throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("operator exited (" + process.exitValue() + ") before " + what + "; log: "
          + tail(log));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("operator not " + what + " within 150 s; log: " + tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    String s = Files.readString(log);
    return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
  }

  private static Duration cpu(Process process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private static final Pattern HEAP = Pattern.compile(
      "^jvm_memory_used_bytes\\{(?=[^}]*area=\"heap\")[^}]*}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

  private static long heapUsed(HttpClient http, URI base) throws Exception {
    String body = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = HEAP.matcher(body);
    double sum = 0;
    boolean any = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      any = true;
    }
    if (!any) {
      throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} in /metrics");
    }
    return (long) sum;
  }

  private static boolean ok(HttpClient http, URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
  }

  private Path operatorJar() {
    if (operatorJar != null) {
      return operatorJar.toAbsolutePath();
    }
    for (String candidate : List.of("operator/target/operator-0.1.0-SNAPSHOT-all.jar",
        "../operator/target/operator-0.1.0-SNAPSHOT-all.jar")) {
      Path p = Path.of(candidate);
      if (Files.exists(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException("operator shaded jar not found; build with -am or pass --operator-jar");
  }

  // ------------------------------------------------------------------ shared set-up

  static KubernetesClient client(String url) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url)
        .withNamespace(NAMESPACE).withRequestTimeout(60_000).build()).build();
  }

  static void cluster(KubernetesClient client) throws IOException {
    for (String namespace : List.of("default", "kube-system")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .withNewStatus().withPhase("Active").endStatus().build()).create();
    }
    for (String crd : CRDS) {
      try (InputStream in = IdleOperatorBench.class.getResourceAsStream("/sandbox/crds/" + crd)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + crd + " not on the classpath (sandbox jar)");
        }
        client.resourceList(new String(in.readAllBytes(), StandardCharsets.UTF_8)).create();
      }
    }
  }

  static String table(int i) {
    return String.format("bench-table-%02d", i);
  }

  /** The vault and {@code tables} small tables (a few items, tags, TTL, PITR) in eu-west-1. */
  private static void seed(URI endpoint, int tables) {
    try (var backup = DemoAws.backup(endpoint, REGION)) {
      backup.createBackupVault(b -> b.backupVaultName(VAULT).creatorRequestId("bench-" + VAULT));
    }
    try (var ddb = DemoAws.dynamoDb(endpoint, REGION)) {
      for (int i = 0; i < tables; i++) {
        String name = table(i);
        ddb.createTable(b -> b.tableName(name)
            .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
            .keySchema(s -> s.attributeName("id").keyType("HASH"))
            .billingMode("PAY_PER_REQUEST")
            .tags(t -> t.key("app").value("bench"), t -> t.key("backup").value("gold")));
        while (!"ACTIVE".equals(ddb.describeTable(b -> b.tableName(name)).table().tableStatusAsString())) {
          sleep(10);
        }
        ddb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
            .attributeName("expiresAt")));
        ddb.updateContinuousBackups(b -> b.tableName(name)
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        for (int j = 0; j < 10; j++) {
          String id = "item-" + j;
          ddb.putItem(b -> b.tableName(name).item(Map.of("id",
              software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id))));
        }
      }
    }
  }

  private static GenericKubernetesResource backup(String name, String table) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("table", Map.of("name", table, "region", REGION));
    spec.put("backupVault", VAULT);
    spec.put("iamRoleArn", ROLE);
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("dynamobackup.io/v1alpha1");
    r.setKind("DynamoBackup");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
        .build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private static String phase(GenericKubernetesResource r) {
    Object status = r == null ? null : r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? String.valueOf(m.get("phase")) : null;
  }

  /** As the sandbox configures it: poll and error-retry intervals divided by the time scale (at least 100 ms). */
  static OperatorConfig operatorConfig(URI awsEndpoint, int metricsPort, double scale) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DYNAMOBACKUP_METRICS_PORT", Integer.toString(metricsPort));
    env.put("DYNAMOBACKUP_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("DYNAMOBACKUP_AWS_DEFAULT_REGION", REGION);
    OperatorConfig defaults = OperatorConfig.defaults();
    env.put("DYNAMOBACKUP_POLL_INITIAL_INTERVAL", scaled(defaults.pollInitialInterval(), scale).toString());
    env.put("DYNAMOBACKUP_POLL_MAX_INTERVAL", scaled(defaults.pollMaxInterval(), scale).toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_INITIAL_INTERVAL", scaled(defaults.errorRetryInitialInterval(), scale).toString());
    env.put("DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL", scaled(defaults.errorRetryMaxInterval(), scale).toString());
    return OperatorConfig.load(env, Optional.empty());
  }

  private static Duration scaled(Duration d, double scale) {
    Duration scaled = Duration.ofNanos((long) (d.toNanos() / scale));
    return scaled.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : scaled;
  }

  private static String kubeconfig(String url) {
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
          user: {}
        """.formatted(url);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  private static String secs(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
