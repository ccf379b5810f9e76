package io.dynamobackup.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The benchmarks of the project's goals, each printed as {@code goal <name>: <measured> (target <target>) PASS|FAIL},
 * with every ratio measured against a baseline in the same run (never a timing threshold in a unit test).
 *
 * <p>Default: AWS calls per backup ({@link CallsPerBackup}) and the idle heap at N CRs ({@link IdleHeap}).
 * {@code --fleet}: every fleet goal — schedule lateness, missed and duplicate slots, AWS calls and CPU per backup
 * under StartBackupJob throttling ({@link FleetSchedule}) against the unthrottled calls and the aws CLI's CPU
 * ({@link CliBaseline}); restore Ready time against AWS's restore time ({@link RestoreTime}); idle AWS calls
 * ({@link IdleCalls}); heap at 10,000 CRs and time to idle.
 *
 * <p>Options: {@code --fleet --n 10000 --k 20 --plans 1000 --rate 10 --restores 5 --idle-objects 1000
 * --cli-runs 6 --xmx 256m --time-scale 60 --idle-wait 90 --operator-jar PATH --skip-heap --skip-calls
 * --only-fleet-schedule --operator-java-options "..."}; {@code --only-fleet-schedule} runs the fleet schedule part
 * alone (its lateness, calls and operator CPU per backup), to iterate on it.
 */
public final class Bench {
  private int n = 10_000;
  private int k = 20;
  private int plans = 1_000;
  private double rate = 10;
  private int restores = 5;
  private int idleObjects = 1_000;
  private int cliRuns = 6;
  private String xmx = "256m";
  private double timeScale = 60;
  private Path operatorJar;
  private boolean fleet;
  private boolean heap = true;
  private boolean calls = true;
  private boolean onlySchedule;
  private Duration idleWait = Duration.ofSeconds(90);
  private final Goal.Report report = new Goal.Report();

  public static void main(String[] args) throws Exception {
    // local-aws serves over the JDK HTTP server; without nodelay each call waits ~40 ms for Nagle.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.javaoperatorsdk", "io.fabric8",
        "io.dynamobackup")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    Bench bench = new Bench();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--fleet" -> bench.fleet = true;
        case "--n" -> bench.n = Integer.parseInt(args[++i]);
        case "--k" -> bench.k = Integer.parseInt(args[++i]);
        case "--plans" -> bench.plans = Integer.parseInt(args[++i]);
        case "--rate" -> bench.rate = Double.parseDouble(args[++i]);
        case "--restores" -> bench.restores = Integer.parseInt(args[++i]);
        case "--idle-objects" -> bench.idleObjects = Integer.parseInt(args[++i]);
        case "--cli-runs" -> bench.cliRuns = Integer.parseInt(args[++i]);
        case "--xmx" -> bench.xmx = args[++i];
        case "--time-scale" -> bench.timeScale = Double.parseDouble(args[++i]);
        case "--operator-jar" -> bench.operatorJar = Path.of(args[++i]);
        case "--skip-heap" -> bench.heap = false;
        case "--idle-wait" -> bench.idleWait = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--skip-calls" -> bench.calls = false;
        case "--operator-java-options" -> OperatorProcess.javaOptions = List.of(args[++i].trim().split("\\s+"));
        case "--only-fleet-schedule" -> bench.onlySchedule = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.exit(bench.run(String.join(" ", args)) ? 0 : 1);
  }

  boolean run(String args) throws Exception {
    long started = System.nanoTime();
    System.out.printf("Bench %s, %d cores, java %s, load average %.2f%n", LocalDate.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    CallsPerBackup.Result unthrottled = CallsPerBackup.run(calls || fleet ? k : 1, timeScale, calls || fleet);
    if (fleet) {
      fleetGoals(unthrottled);
    }
    if ((heap || fleet) && !onlySchedule) {
      heapGoal(unthrottled.completedStatus());
    }
    String command = "java -jar bench/target/bench-0.1.0-SNAPSHOT-all.jar" + (args.isEmpty() ? "" : " " + args);
    report.summary(command + ", " + String.format(Locale.ROOT, "%.1f min", (System.nanoTime() - started) / 6e10));
    return report.allPass();
  }

  private void fleetGoals(CallsPerBackup.Result unthrottled) throws Exception {
    Path jar = OperatorProcess.jar(operatorJar);
    System.out.printf("%n== Fleet: %d plans due in the same minute, StartBackupJob limited to %.0f/s by local-aws"
        + " (operator: rateLimit.startBackupJob=%.0f), operator in its own JVM (-Xmx384m)%n", plans, rate, rate);
    FleetSchedule.Result fleetRun = FleetSchedule.run(plans, rate, jar, Duration.ofMinutes(6));
    FleetSchedule.print(fleetRun);
    if (onlySchedule) {
      return;
    }
    double p99 = ratio(fleetRun.percentile(0.99), fleetRun.floor(0.99));
    report.add(new Goal("schedule-lateness-p99", String.format(Locale.ROOT,
        "p50 %.1f s / p99 %.1f s / max %.1f s vs floor %.1f / %.1f / %.1f s: p99 %.2fx the floor",
        secs(fleetRun.percentile(0.5)), secs(fleetRun.percentile(0.99)), secs(fleetRun.percentile(1.0)),
        secs(fleetRun.floor(0.5)), secs(fleetRun.floor(0.99)), secs(fleetRun.floor(1.0)), p99), "<= 1.10x",
        p99 <= 1.10));
    report.add(new Goal("missed-slots", Integer.toString(fleetRun.missed()), "0", fleetRun.missed() == 0));
    report.add(new Goal("duplicate-slots", Integer.toString(fleetRun.duplicates()), "0", fleetRun.duplicates() == 0));
    double callsRatio = fleetRun.callsPerStarted() / unthrottled.total();
    report.add(new Goal("aws-calls-per-started-backup-throttled", String.format(Locale.ROOT,
        "%.2f vs %.2f unthrottled: %.2fx", fleetRun.callsPerStarted(), unthrottled.total(), callsRatio), "<= 1.20x",
        callsRatio <= 1.20));

    if (CliBaseline.available()) {
      System.out.printf("%n== CPU per backup: the CronJob way, /usr/bin/aws backup start-backup-job, %d runs%n", cliRuns);
      CliBaseline.Result cli = CliBaseline.run(cliRuns);
      System.out.printf("aws CLI CPU per backup: cold (first run) %.0f ms, warm (median of the others) %.0f ms%n",
          cli.cold().toNanos() / 1e6, cli.warm().toNanos() / 1e6);
      double cold = ratio(cli.cold(), fleetRun.cpuCold());
      double warm = ratio(cli.warm(), fleetRun.cpuWarm());
      report.add(new Goal("cpu-per-backup-vs-cli-cold", String.format(Locale.ROOT,
          "aws CLI %.0f ms / operator %.1f ms: %.0fx", cli.cold().toNanos() / 1e6, fleetRun.cpuCold().toNanos() / 1e6,
          cold), ">= 50x", cold >= 50));
      report.add(new Goal("cpu-per-backup-vs-cli-warm", String.format(Locale.ROOT,
          "aws CLI %.0f ms / operator %.1f ms: %.0fx", cli.warm().toNanos() / 1e6, fleetRun.cpuWarm().toNanos() / 1e6,
          warm), ">= 50x", warm >= 50));
    } else {
      report.add(new Goal("cpu-per-backup-vs-cli", "/usr/bin/aws not installed (apt-get install awscli)", ">= 50x",
          false));
    }

    System.out.printf("%n== Restore: Ready time (request to settings applied) vs the AWS job (local-aws), %d runs%n",
        restores);
    List<RestoreTime.Run> runs = RestoreTime.run(restores);
    RestoreTime.print(runs);
    double worst = runs.stream().mapToDouble(RestoreTime.Run::ratio).max().orElse(Double.NaN);
    double median = runs.stream().mapToDouble(RestoreTime.Run::ratio).sorted().skip(runs.size() / 2).findFirst()
        .orElse(Double.NaN);
    report.add(new Goal("restore-ready-vs-aws-restore", String.format(Locale.ROOT, "median %.2fx, worst %.2fx",
        median, worst), "<= 1.20x", worst <= 1.20));

    Duration interval = Duration.ofSeconds(30);
    Duration window = Duration.ofSeconds(60);
    System.out.printf("%n== Idle AWS calls: %d plans + %d Ready restores, drift.checkInterval %s (window %s), then"
        + " drift checks off%n", idleObjects, idleObjects, interval, window);
    IdleCalls.Result idle = IdleCalls.run(idleObjects, idleObjects, interval, window);
    System.out.printf("calls in the window %d %s; with drift checks off: %d in %s%n", idle.calls(),
        idle.byOperation(), idle.callsDriftOff(), idle.windowDriftOff());
    double perHour = idle.perObjectPerHourAtDefault();
    report.add(new Goal("idle-aws-calls-per-object-hour", String.format(Locale.ROOT,
        "%.3f (%d calls in %d s for %d objects at drift.checkInterval %s, scaled to the default PT12H)", perHour,
        idle.calls(), window.toSeconds(), idle.plans() + idle.restores(), interval), "<= 1", perHour <= 1));
    report.add(new Goal("idle-aws-calls-drift-off", Long.toString(idle.callsDriftOff()), "0",
        idle.callsDriftOff() == 0));
  }

  private void heapGoal(Map<String, Object> template) throws Exception {
    Path jar = OperatorProcess.jar(operatorJar);
    System.out.printf("%n== Idle operator heap: separate JVM -Xmx%s (%s), N Completed DynamoBackups%n", xmx, jar);
    IdleHeap.Result baseline = IdleHeap.run(template, 0, jar, xmx, idleWait);
    IdleHeap.Result loaded = IdleHeap.run(template, n, jar, xmx, idleWait);
    IdleHeap.print(baseline, loaded, n, xmx);
    long limit = 256L * 1024 * 1024;
    report.add(new Goal("heap-at-" + n + "-crs", String.format(Locale.ROOT, "%s after GC, %s to idle%s",
        BenchEnv.mib(loaded.heapBytes()), BenchEnv.secs(loaded.toIdle()), loaded.quiet() ? ""
            : " (still writing at --idle-wait)"), "<= 256 MiB after start-up writes finish",
        loaded.heapBytes() <= limit && loaded.quiet() && loaded.healthy()));
  }

  private static double ratio(Duration measured, Duration base) {
    return measured.toNanos() / (double) Math.max(1, base.toNanos());
  }

  private static double secs(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
