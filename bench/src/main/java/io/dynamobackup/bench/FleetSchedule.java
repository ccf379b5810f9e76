package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.backup.model.BackupJob;

/**
 * A fleet on schedule at AWS's rate limit: N plans of N tables, all due in the same minute, StartBackupJob limited by
 * local-aws to {@code rate} calls per second (a token bucket in real time, as AWS's) and the operator configured with
 * the same quota ({@code rateLimit.startBackupJob}). The operator runs in its own JVM, as in production; local-aws
 * and the API server run on the system clock in the bench's JVM.
 *
 * <p>Lateness of a table = the AWS CreationDate of its backup job minus the slot; the floor is the i-th start at i /
 * rate seconds. Missed = plans without a job for the slot; duplicates = tables with more than one job. The AWS calls
 * of the backups are every call local-aws saw from the slot until every backup was Completed (a plan checked its table
 * moments before the slot, at creation, so it makes no DescribeTable at the slot). The operator's CPU: cold = everything the
 * process used from its start (JVM start-up, the plans' first reconciles) until every backup Completed, per backup;
 * warm = what it used between the 25th and the 75th percentile of the job starts, per job started in between.
 */
final class FleetSchedule {
  record Result(int plans, double rate, List<Duration> lateness, int missed, int duplicates,
      Map<String, Long> calls, double callsPerStarted, Duration cpuCold, Duration cpuWarm, Duration slotToDone,
      Map<String, Long> throttled, KubeCounts kube) {
    Duration percentile(double p) {
      return FleetSchedule.percentile(lateness, p);
    }

    Duration floor(double p) {
      return Duration.ofNanos((long) (Math.ceil(p * plans) / rate * 1e9));
    }
  }

  private FleetSchedule() {}

  static Result run(int plans, double rate, Path jar, Duration budget) throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Path.of("bench", "target", "fleet-" + plans).toAbsolutePath();
    List<String> tables = IntStream.range(0, plans).mapToObj(i -> String.format("fleet-%04d", i)).toList();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url())) {
      BenchEnv.vault(aws.endpoint());
      BenchEnv.tables(aws.endpoint(), tables, 0, Map.of("app", "fleet"));
      BenchEnv.cluster(client);
      aws.faults().rateLimit("StartBackupJob", (int) Math.round(rate));
      try (OperatorProcess operator = OperatorProcess.start(jar, "384m", api, aws.endpoint(), dir,
          Map.of("DYNAMOBACKUP_RATE_LIMIT_START_BACKUP_JOB", Double.toString(rate)))) {
        Duration cpuReady = operator.cpu();
        // The slot: the first whole minute at least 60 s away, so every plan exists and was reconciled before it.
        Instant slot = ZonedDateTime.ofInstant(clock.instant().plusSeconds(60), ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES).plusMinutes(1).toInstant();
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        String schedule = at.getMinute() + " " + at.getHour() + " * * *";
        long t0 = System.nanoTime();
        BenchEnv.parallel(plans, i -> client.resource(BenchEnv.plan(String.format("fleet-%04d", i), tables.get(i),
            schedule)).create());
        System.out.printf("  created %d plans (schedule \"%s\" UTC, slot %s) in %.1f s%n", plans, schedule, slot,
            (System.nanoTime() - t0) / 1e9);
        while (clock.instant().isBefore(slot.minusSeconds(2))) {
          Thread.sleep(200);
        }
        aws.clearCalls();
        KubeCounts kubeAtSlot = KubeCounts.take(api, OperatorProcess.USER, operator);
        Duration cpuAtSlot = operator.cpu();
        System.out.printf("  operator CPU: %.1f s at ready (JVM start-up, informers), %.1f s before the slot (the plans'"
            + " first reconciles)%n", cpuReady.toMillis() / 1000.0, cpuAtSlot.toMillis() / 1000.0);
        ConcurrentSkipListMap<Instant, Duration> cpu = new ConcurrentSkipListMap<>();
        Thread sampler = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            cpu.put(clock.instant(), operator.cpu());
            try {
              Thread.sleep(250);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Instant deadline = slot.plus(budget);
        int completed = 0;
        while (clock.instant().isBefore(deadline)) {
          operator.check("every backup completed");
          completed = (int) client.resources(DynamoBackup.class).inNamespace(BenchEnv.NAMESPACE).list().getItems()
              .stream().filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed).count();
          if (completed >= plans) {
            break;
          }
          Thread.sleep(1000);
        }
        Instant done = clock.instant();
        Duration cpuCold = operator.cpu();
        sampler.interrupt();
        KubeCounts kube = KubeCounts.take(api, OperatorProcess.USER, operator).since(kubeAtSlot)
            .withEvents(client, BenchEnv.NAMESPACE);
        System.out.printf("  %d of %d backups Completed %.1f s after the slot%n", completed, plans,
            Duration.between(slot, done).toMillis() / 1000.0);

        Map<String, List<BackupJob>> jobs = jobsByTable(aws);
        List<Duration> lateness = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        int duplicates = 0;
        for (List<BackupJob> ofTable : jobs.values()) {
          duplicates += ofTable.size() > 1 ? 1 : 0;
          Instant first = ofTable.stream().map(BackupJob::creationDate).min(Instant::compareTo).orElseThrow();
          starts.add(first);
          lateness.add(Duration.between(slot, first));
        }
        Collections.sort(lateness);
        Collections.sort(starts);
        int missed = plans - jobs.size();
        List<CallRecord> log = aws.calls();
        Map<String, Long> calls = log.stream()
            .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting()));
        Map<String, Long> throttled = log.stream().filter(c -> c.httpStatus() == 400 || c.httpStatus() == 429)
            .filter(c -> !c.operation().equals("GetResourcePolicy"))
            .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting()));
        double backupCalls = log.size(); // a plan's check of its table just before the slot serves the slot too
        Duration warm = Duration.ZERO;
        if (starts.size() >= 8) {
          Instant from = starts.get(starts.size() / 4);
          Instant to = starts.get(starts.size() * 3 / 4);
          long startedBetween = starts.stream().filter(s -> !s.isBefore(from) && s.isBefore(to)).count();
          warm = cpuAt(cpu, to).minus(cpuAt(cpu, from)).dividedBy(Math.max(1, startedBetween));
        }
        return new Result(plans, rate, lateness, missed, duplicates, calls,
            backupCalls / Math.max(1, jobs.size()), cpuCold.dividedBy(Math.max(1, completed)), warm,
            Duration.between(slot, done), throttled, kube);
      }
    }
  }

  static void print(Result r) {
    System.out.printf("%-14s %10s %10s %8s%n", "lateness", "measured", "floor", "ratio");
    for (double p : new double[] {0.5, 0.99, 1.0}) {
      Duration m = r.percentile(p);
      Duration f = r.floor(p);
      System.out.printf("%-14s %9.1fs %9.1fs %8.2f%n", p == 1.0 ? "max" : "p" + Math.round(p * 100),
          m.toMillis() / 1000.0, f.toMillis() / 1000.0, m.toMillis() / (double) f.toMillis());
    }
    System.out.printf("missed %d, duplicate slots %d; calls by operation %s; refused calls %s%n", r.missed(),
        r.duplicates(), r.calls(), r.throttled());
    System.out.printf("AWS calls per started backup %.2f; operator CPU per backup: cold %.1f ms, warm %.1f ms%n",
        r.callsPerStarted(), r.cpuCold().toNanos() / 1e6, r.cpuWarm().toNanos() / 1e6);
    r.kube().print("started backup (from the slot until all Completed)", Math.max(1, r.plans() - r.missed()));
  }

  /** The CPU used at {@code t}, interpolated between the samples around it. */
  private static Duration cpuAt(ConcurrentSkipListMap<Instant, Duration> samples, Instant t) {
    var before = samples.floorEntry(t);
    var after = samples.ceilingEntry(t);
    if (before == null) {
      return after.getValue();
    }
    if (after == null || after.getKey().equals(before.getKey())) {
      return before.getValue();
    }
    double f = Duration.between(before.getKey(), t).toNanos()
        / (double) Duration.between(before.getKey(), after.getKey()).toNanos();
    long nanos = before.getValue().toNanos() + (long) (f * (after.getValue().toNanos() - before.getValue().toNanos()));
    return Duration.ofNanos(nanos);
  }

  static Duration percentile(List<Duration> sorted, double p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Map<String, List<BackupJob>> jobsByTable(LocalAws aws) {
    Map<String, List<BackupJob>> byTable = new HashMap<>();
    try (var backup = DemoAws.backup(aws.endpoint(), BenchEnv.REGION)) {
      String token = null;
      do {
        String next = token;
        var page = backup.listBackupJobs(b -> b.maxResults(1000).nextToken(next));
        page.backupJobs().forEach(j -> byTable.computeIfAbsent(j.resourceArn(), k -> new ArrayList<>()).add(j));
        token = page.nextToken();
      } while (token != null);
    }
    return byTable;
  }
}
