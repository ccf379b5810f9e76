package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Idle heap: the operator in its own JVM ({@code -Xmx256m}) watching N DynamoBackups that are already Completed (the
 * exact status the operator wrote in {@link CallsPerBackup}, same spec, so nothing is left to do), N = 0 and N. It
 * waits until the operator is idle (no write to the API server for 5 s and under 5 % of a core over 2 s) or
 * {@code idleWait} passes, reads the heap from /metrics (minimum of 5 scrapes), runs {@code jcmd GC.run}, reads again.
 */
final class IdleHeap {
  record Result(long heapBytes, long heapBeforeGc, Duration toIdle, long apiWrites, long awsCalls,
      Map<String, Long> awsCallsByOperation, boolean healthy, boolean quiet, long events, long statusChanged) {}

  private IdleHeap() {}

  static Result run(Map<String, Object> template, int objects, Path jar, String xmx, Duration idleWait)
      throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Path.of("bench", "target", "idle-" + objects).toAbsolutePath();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url())) {
      BenchEnv.vault(aws.endpoint());
      CallsPerBackup.seed(aws, 1);
      BenchEnv.cluster(client);
      long t0 = System.nanoTime();
      create(client, template, objects);
      System.out.printf("  N=%d: created %d Completed DynamoBackups in %.1f s%n", objects, objects,
          (System.nanoTime() - t0) / 1e9);
      AtomicLong writes = new AtomicLong();
      AtomicLong lastWrite = new AtomicLong(System.nanoTime());
      api.store().onChange(() -> {
        writes.incrementAndGet();
        lastWrite.set(System.nanoTime());
      });
      aws.clearCalls();
      writes.set(0);
      try (OperatorProcess operator = OperatorProcess.start(jar, xmx, api, aws.endpoint(), dir, Map.of())) {
        long readyAt = System.nanoTime();
        Duration cpuBefore = operator.cpu();
        long cpuAt = System.nanoTime();
        boolean quiet = false;
        while (true) {
          Thread.sleep(500);
          operator.check("quiet");
          long now = System.nanoTime();
          if (now - readyAt > idleWait.toNanos()) {
            break;
          }
          if (now - cpuAt >= 2_000_000_000L) {
            Duration cpuNow = operator.cpu();
            double cores = (cpuNow.toNanos() - cpuBefore.toNanos()) / (double) (now - cpuAt);
            cpuBefore = cpuNow;
            cpuAt = now;
            if (now - lastWrite.get() > 5_000_000_000L && now - operator.startedNanos > 5_000_000_000L
                && cores < 0.05) {
              quiet = true;
              break;
            }
          }
        }
        Duration toIdle = Duration.ofNanos(System.nanoTime() - operator.startedNanos);
        long before = operator.minHeap(5);
        operator.gc();
        Thread.sleep(1000);
        long after = operator.minHeap(5);
        List<CallRecord> idleCalls = aws.calls();
        long events = client.v1().events().inAnyNamespace().list().getItems().size();
        long statusChanged = objects == 0 ? 0 : client.genericKubernetesResources(CallsPerBackup.BACKUPS)
            .inNamespace(BenchEnv.NAMESPACE).list().getItems().stream()
            .filter(b -> !template.equals(b.getAdditionalProperties().get("status"))).count();
        System.out.printf("  N=%d: %s after %.1f s; heap after GC %s; log %s%n", objects, quiet ? "idle"
            : "still writing", toIdle.toMillis() / 1000.0, BenchEnv.mib(after), operator.log());
        return new Result(after, before, toIdle, writes.get(), idleCalls.size(), idleCalls.stream()
            .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting())),
            operator.healthy(), quiet, events, statusChanged);
      }
    }
  }

  static void print(Result baseline, Result loaded, int n, String xmx) {
    long perCr = n == 0 ? 0 : (loaded.heapBytes() - baseline.heapBytes()) / n;
    System.out.printf("%-34s %14s %14s%n", "", "N=0", "N=" + n);
    System.out.printf("%-34s %14s %14s%n", "heap used after GC (min of 5)", BenchEnv.mib(baseline.heapBytes()),
        BenchEnv.mib(loaded.heapBytes()));
    System.out.printf("%-34s %14s %14s%n", "heap used before GC (min of 5)", BenchEnv.mib(baseline.heapBeforeGc()),
        BenchEnv.mib(loaded.heapBeforeGc()));
    System.out.printf("%-34s %14s %14s%n", "time to idle (start + quiet)", BenchEnv.secs(baseline.toIdle()),
        BenchEnv.secs(loaded.toIdle()));
    System.out.printf("%-34s %14s %14s%n", "quiet reached (else --idle-wait)", baseline.quiet(), loaded.quiet());
    System.out.printf("%-34s %14d %14d%n", "API writes by the operator", baseline.apiWrites(), loaded.apiWrites());
    System.out.printf("%-34s %14d %14d%n", "Events written", baseline.events(), loaded.events());
    System.out.printf("%-34s %14d %14d%n", "statuses changed vs template", baseline.statusChanged(),
        loaded.statusChanged());
    System.out.printf("%-34s %14d %14d%n", "AWS calls while idle", baseline.awsCalls(), loaded.awsCalls());
    System.out.printf("%-34s %14s %14s%n", "alive, no OutOfMemoryError", baseline.healthy(), loaded.healthy());
    System.out.printf("ratio heap(N=%d) / heap(N=0): %.2f; per CR: %,d bytes; under -Xmx%s: %s%n", n,
        loaded.heapBytes() / (double) baseline.heapBytes(), perCr, xmx, loaded.healthy() ? "yes" : "NO");
    if (!loaded.awsCallsByOperation().isEmpty()) {
      System.out.println("AWS calls while idle by operation: " + loaded.awsCallsByOperation());
    }
  }

  /** N DynamoBackups with the template status, written through the status subresource as the operator writes it. */
  private static void create(KubernetesClient client, Map<String, Object> template, int objects) throws Exception {
    BenchEnv.parallel(objects, i -> {
      GenericKubernetesResource r = CallsPerBackup.backup(String.format("idle-%05d", i), CallsPerBackup.table(0));
      GenericKubernetesResource created = client.genericKubernetesResources(CallsPerBackup.BACKUPS)
          .inNamespace(BenchEnv.NAMESPACE).resource(r).create();
      created.setAdditionalProperty("status", template);
      client.genericKubernetesResources(CallsPerBackup.BACKUPS).inNamespace(BenchEnv.NAMESPACE).resource(created)
          .updateStatus();
    });
    if (objects > 0) {
      GenericKubernetesResource sample = client.genericKubernetesResources(CallsPerBackup.BACKUPS)
          .inNamespace(BenchEnv.NAMESPACE).withName("idle-00000").get();
      if (!"Completed".equals(CallsPerBackup.phase(sample))) {
        throw new IllegalStateException("status not stored: " + Serialization.asJson(sample));
      }
    }
  }
}
