package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.kube.UserInfo;
import io.dynamobackup.sandbox.DemoAws;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as production runs it: its own JVM from the shaded jar ({@code java -XmxN -cp operator-all.jar
 * io.dynamobackup.operator.OperatorMain}), configured by DYNAMOBACKUP_* variables, talking to the bench's API server
 * (KUBECONFIG) and local-aws. The bench reads its CPU time from the OS, its heap from its own /metrics.
 */
final class OperatorProcess implements AutoCloseable {
  /** The user the operator authenticates as (the API server counts its requests under this name). */
  static final String USER = "dynamo-backup-operator";
  private static final Pattern HEAP = Pattern.compile(
      "^jvm_memory_used_bytes\\{(?=[^}]*area=\"heap\")[^}]*}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final long startedNanos = System.nanoTime();

  private OperatorProcess(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** JVM options of the operator's process besides -Xmx, as the image's ENTRYPOINT has them (see the Dockerfile). */
  static volatile List<String> javaOptions = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC");

  /** Starts the operator and returns once /readyz answers. */
  static OperatorProcess start(Path jar, String xmx, ApiServer api, URI awsEndpoint, Path dir,
      Map<String, String> extraEnv) throws Exception {
    Files.createDirectories(dir);
    Path kubeconfig = dir.resolve("kubeconfig");
    // A bearer token, as a pod's ServiceAccount has: without one the Kubernetes client re-reads its whole
    // configuration before every request (it refreshes a token it never finds), which a real operator does not pay.
    String token = "bench-operator-" + java.util.UUID.randomUUID();
    api.addToken(token, UserInfo.admin(USER));
    Files.writeString(kubeconfig, BenchEnv.kubeconfig(api.url(), token));
    int metricsPort = BenchEnv.freePort();
    Path log = dir.resolve("operator.log");
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx" + xmx));
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", jar.toString(), "io.dynamobackup.operator.OperatorMain"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(key -> key.startsWith("KUBERNETES_") || key.startsWith("AWS_")
        || key.startsWith("DYNAMOBACKUP_") || key.equals("JAVA_TOOL_OPTIONS"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("AWS_ACCESS_KEY_ID", DemoAws.ACCOUNT);
    env.put("AWS_SECRET_ACCESS_KEY", DemoAws.SECRET);
    env.put("AWS_REGION", BenchEnv.REGION);
    env.put("DYNAMOBACKUP_METRICS_PORT", Integer.toString(metricsPort));
    env.put("DYNAMOBACKUP_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("DYNAMOBACKUP_AWS_DEFAULT_REGION", BenchEnv.REGION);
    env.putAll(extraEnv);
    OperatorProcess operator = new OperatorProcess(pb.start(), log, URI.create("http://127.0.0.1:" + metricsPort));
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (!operator.ok("/readyz")) {
      operator.check("ready");
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("operator not ready within 150 s; log: " + operator.tail());
      }
      Thread.sleep(200);
    }
    return operator;
  }

  static Path jar(Path override) {
    if (override != null) {
      return override.toAbsolutePath();
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

  /** CPU time (user + system, every thread: JIT, GC, reconcilers) the process has used so far. */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean healthy() throws IOException {
    return process.isAlive() && !Files.readString(log).contains("OutOfMemoryError");
  }

  /** The operator's /metrics, in the Prometheus text format. */
  String metrics() throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Heap used, summed over the pools, from the operator's /metrics. */
  long heapUsed() throws Exception {
    String body = metrics();
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

  /** The least heap used over {@code samples} scrapes a second apart (what stays after the garbage is gone). */
  long minHeap(int samples) throws Exception {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < samples; i++) {
      min = Math.min(min, heapUsed());
      Thread.sleep(1000);
    }
    return min;
  }

  void gc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd GC.run failed: " + out);
    }
  }

  void check(String what) throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("operator exited (" + process.exitValue() + ") before " + what + "; log: "
          + tail());
    }
  }

  private boolean ok(String path) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String tail() throws IOException {
    String s = Files.readString(log);
    return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
  }

  @Override
  public void close() throws InterruptedException {
    // A profile of each part's operator (with -XX:StartFlightRecording): -Dbench.jfrDump=DIR writes DIR/<part>.jfr.
    String jfr = System.getProperty("bench.jfrDump");
    if (jfr != null) {
      Path file = Path.of(jfr).resolve(log.getParent().getFileName() + ".jfr");
      try {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(process.pid()), "JFR.dump", "filename=" + file).inheritIO().start().waitFor();
      } catch (IOException e) {
        System.err.println("JFR.dump failed: " + e);
      }
    }
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
