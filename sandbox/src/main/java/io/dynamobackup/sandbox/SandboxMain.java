package io.dynamobackup.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar sandbox-all.jar}: starts the sandbox, prints how to use it with kubectl, runs until Ctrl-C. */
@Command(name = "dynamo-backup-sandbox", mixinStandardHelpOptions = true, version = "dynamo-backup-sandbox 0.1.0",
    description = "Runs dynamo-backup-operator with no cluster and no AWS account: an in-process Kubernetes API for"
        + " kubectl, local-aws with a demo table, the operator and the examples, in one JVM.")
public final class SandboxMain implements Callable<Integer> {
  @Option(names = "--port", description = "Port of the Kubernetes API (default: a free port).")
  int port = 0;

  @Option(names = "--host", description = "Address the Kubernetes API binds to (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--time-scale", description = "Sandbox time runs this many times faster than real time (default: 60:"
      + " one real second is one minute; with --aws-endpoint, local-aws's). 1 = real time.")
  Double timeScale;

  @Option(names = "--aws-endpoint", paramLabel = "URL", description = "Use a local-aws that already runs (e.g."
      + " http://127.0.0.1:4566, started with java -jar local-aws-all.jar --time-scale 60) instead of starting one:"
      + " the sandbox follows its clock and adds the demo estate where it is missing. Several sandboxes, one after"
      + " another, then share one AWS (see the README's Disaster recovery drill).")
  java.net.URI awsEndpoint;

  @Option(names = "--no-examples", negatable = false, description = "Start empty instead of applying examples/.")
  boolean noExamples;

  @Option(names = "--kubeconfig-out", description = "Where to write the kubeconfig (default: in a new temp directory).")
  Path kubeconfigOut;

  @Option(names = "--dir", description = "Working directory for the kubeconfig, examples copy and sandbox.log"
      + " (default: a new temp directory).")
  Path dir;

  @Option(names = "--exit-after", description = "Smoke mode: wait until the example backup is Completed and the"
      + " example restore Ready, or this duration (e.g. 120s, 2m, PT2M) passes; print a summary; exit 0 on success,"
      + " 1 on failure. With --no-examples: exit 0 after the duration.")
  String exitAfter;

  @Option(names = "--demo-items", description = "Items in the demo table orders (default: ${DEFAULT-VALUE}).")
  int demoItems = 3000;

  @Option(names = "--metrics-port", description = "Operator /metrics, /healthz, /readyz port (default: a free port).")
  int metricsPort = 0;

  @Option(names = "--tenancy-policy", paramLabel = "FILE", description = "Run the operator multi-tenant with this"
      + " tenancy policy (the format of the Helm value tenancy.policy), e.g. sandbox/tenancy-two-teams.yaml.")
  Path tenancyPolicy;

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    SandboxMain main = new SandboxMain();
    CommandLine line = new CommandLine(main);
    int[] code = {0};
    line.setExecutionStrategy(parseResult -> {
      if (CommandLine.printHelpIfRequested(parseResult)) {
        return 0;
      }
      try {
        return main.run(out);
      } catch (Exception e) {
        throw new CommandLine.ExecutionException(line, e.getMessage(), e);
      }
    });
    code[0] = line.execute(args);
    return code[0];
  }

  @Override
  public Integer call() throws Exception {
    return run(System.out);
  }

  int run(PrintStream out) throws Exception {
    Duration smoke = exitAfter == null ? null : parseDuration(exitAfter);
    Path directory = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("dynamo-backup-sandbox");
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("sandbox.log", directory.resolve("sandbox.log").toString());
      System.setProperty("logback.configurationFile", "logback-sandbox.xml");
    }
    System.setProperty("sun.net.httpserver.nodelay", "true");
    out.println("Starting the dynamo-backup sandbox (Kubernetes API, local-aws, operator)...");
    if (tenancyPolicy != null && !Files.isReadable(tenancyPolicy)) {
      throw new CommandLine.ParameterException(new CommandLine(new SandboxMain()),
          "--tenancy-policy: cannot read " + tenancyPolicy.toAbsolutePath());
    }
    Sandbox.Options options = new Sandbox.Options(host, port, timeScale, !noExamples, directory, kubeconfigOut,
        metricsPort, demoItems, tenancyPolicy, awsEndpoint);
    try (Sandbox sandbox = Sandbox.start(options)) {
      printWelcome(sandbox, out);
      if (smoke != null) {
        return smoke(sandbox, smoke, out);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        out.println("Stopping the sandbox...");
        sandbox.close();
        stopped.countDown();
      }, "sandbox-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
    }
    return 0;
  }

  private static void printWelcome(Sandbox sandbox, PrintStream out) {
    out.print(welcome(Welcome.of(sandbox)));
    out.flush();
  }

  /** What the welcome text shows, so that it can be checked without starting a sandbox. */
  record Welcome(Duration startup, String apiUrl, Path kubeconfig, String awsEndpoint, String metricsUrl, Path log,
      double timeScale, boolean examples, Path examplesDirectory, Path tenancyPolicy, boolean sharedAws,
      List<String> unchecked) {
    static Welcome of(Sandbox sandbox) {
      return new Welcome(sandbox.startup(), sandbox.api().url(), sandbox.kubeconfig(),
          sandbox.awsEndpoint().toString(), sandbox.operatorUrl(), sandbox.log(), sandbox.timeScale(),
          sandbox.options().examples(), sandbox.examplesDirectory(), sandbox.options().tenancyPolicy(),
          sandbox.aws() == null, sandbox.unchecked());
    }
  }

  /** A demo resource as the welcome lists it: marked when its Region did not answer at start-up. */
  private static String checked(Welcome w, String resource) {
    return w.unchecked().contains(resource) ? resource + " (not checked: its Region does not answer)" : resource;
  }

  /** The endpoints, the KUBECONFIG line, and commands to try: about the examples only when they were applied. */
  static String welcome(Welcome w) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    String ex = w.examplesDirectory().toString().endsWith("/") ? w.examplesDirectory().toString()
        : w.examplesDirectory() + "/";
    out.printf(Locale.ROOT, "%nThe sandbox is running (started in %.1f s).%n", w.startup().toMillis() / 1000.0);
    out.printf("  Kubernetes API  %s   (in-process; kubeconfig %s)%n", w.apiUrl(), w.kubeconfig());
    out.printf("  local-aws       %s   (%saccount %s; vaults %s; table %s)%n", w.awsEndpoint(),
        w.sharedAws() ? "running on its own; " : "", DemoAws.ACCOUNT, String.join(", ", List.of(
            checked(w, "prod-vault@eu-west-1"), checked(w, "dr@us-west-2"), checked(w, "eu-dr@eu-central-1"))),
        checked(w, DemoAws.TABLE + "@" + DemoAws.TABLE_REGION));
    out.printf("  operator        %s/metrics   (also /healthz, /readyz)%n", w.metricsUrl());
    out.printf(Locale.ROOT, "  time            x%s: one real second is %s of sandbox time%s%n", trim(w.timeScale()),
        describe(Duration.ofMillis((long) (1000 * w.timeScale()))), w.sharedAws() ? " (local-aws's clock)" : "");
    out.printf("  operator log    %s%n", w.log());
    if (w.tenancyPolicy() != null) {
      out.printf("  tenancy policy  %s   (multi-tenant: what it does not allow is NotPermitted)%n",
          w.tenancyPolicy().toAbsolutePath());
    }
    out.println();
    out.println("In another terminal:");
    out.println();
    out.println("export KUBECONFIG=" + w.kubeconfig());
    out.println();
    if (w.examples()) {
      out.println("  kubectl get dynamobackup                      # all four kinds (category dynamobackup)");
      out.println("  kubectl get ddbbackup -o wide");
      out.println("  kubectl describe ddbrestore orders-restored   # restored table, settings re-applied, events");
      out.println("  kubectl get ddbplan                           # schedules and next run");
      out.println("  kubectl get events");
      out.println("  kubectl explain ddbrestore.spec.settings");
      out.println("  kubectl apply -f " + ex + "backup-minimal.yaml   # rename it first: orders-now exists");
      out.println("  kubectl delete ddbrestore orders-restored     # deletionPolicy Retain: the table stays");
      out.println("  kubectl get ddbrestore orders-pitr -o yaml    # orders at its latest restorable time (PITR)");
      out.println("  kubectl get ddbitemrestore                    # items put back into orders (see sandbox/README.md)");
    } else {
      out.println("  kubectl get dynamobackup                      # all four kinds: none yet (--no-examples)");
      out.println("  kubectl apply -f " + ex + "backup-minimal.yaml   # back up the demo table orders");
      out.println("  kubectl get ddbbackup                         # again a few seconds later: Completed");
      out.println("  kubectl explain ddbbackup.spec");
      out.println("  kubectl get events");
    }
    out.println();
    String aws = "AWS_ACCESS_KEY_ID=" + DemoAws.ACCOUNT + " AWS_SECRET_ACCESS_KEY=x aws --endpoint-url "
        + w.awsEndpoint() + " --region eu-west-1";
    out.println("AWS CLI:");
    out.println("  " + aws + " dynamodb list-tables");
    out.println("  " + aws + " dynamodb list-backups --backup-type ALL");
    out.println("  (AWS Backup's recovery points are backups of type AWS_BACKUP; without --backup-type ALL the CLI"
        + " lists only USER backups)");
    out.println("Ctrl-C stops the sandbox.");
    out.flush();
    return text.toString();
  }

  private static int smoke(Sandbox sandbox, Duration limit, PrintStream out) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean examples = sandbox.options().examples();
    boolean ok = false;
    while (System.nanoTime() < deadline) {
      if (examples && done(sandbox)) {
        ok = true;
        break;
      }
      Thread.sleep(250);
    }
    if (!examples) {
      ok = true;
    }
    out.println();
    out.println("Summary after " + describe(Duration.ofNanos(System.nanoTime() - (deadline - limit.toNanos())))
        + " (real time):");
    for (String plural : List.of("dynamobackups", "dynamobackupplans", "dynamorestores")) {
      for (GenericKubernetesResource r : sandbox.client().genericKubernetesResources("dynamobackup.io/v1alpha1",
          kind(plural)).inNamespace(Sandbox.NAMESPACE).list().getItems()) {
        Map<String, Object> status = r.get("status") instanceof Map<?, ?> m ? cast(m) : Map.of();
        out.printf("  %-17s %-26s phase=%-12s %s%n", r.getKind(), r.getMetadata().getName(), status.get("phase"),
            readyMessage(status));
      }
    }
    out.println(ok ? "SMOKE OK: backup orders-now Completed, restore orders-restored Ready."
        : "SMOKE FAILED: backup orders-now Completed and restore orders-restored Ready were not both reached in "
            + limit + ".");
    return ok ? 0 : 1;
  }

  static boolean done(Sandbox sandbox) {
    return "Completed".equals(phase(sandbox, "DynamoBackup", "orders-now"))
        && "Ready".equals(phase(sandbox, "DynamoRestore", "orders-restored"));
  }

  static String phase(Sandbox sandbox, String kind, String name) {
    GenericKubernetesResource r = sandbox.client().genericKubernetesResources("dynamobackup.io/v1alpha1", kind)
        .inNamespace(Sandbox.NAMESPACE).withName(name).get();
    return r == null || !(r.get("status") instanceof Map<?, ?> status) ? null : (String) status.get("phase");
  }

  private static String kind(String plural) {
    return switch (plural) {
      case "dynamobackups" -> "DynamoBackup";
      case "dynamobackupplans" -> "DynamoBackupPlan";
      default -> "DynamoRestore";
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String readyMessage(Map<String, Object> status) {
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
          return "Ready=" + condition.get("status") + " " + condition.get("reason") + ": " + condition.get("message");
        }
      }
    }
    return "";
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofSeconds(Long.parseLong(t));
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new CommandLine.ParameterException(new CommandLine(new SandboxMain()),
          "--exit-after: not a duration: " + text + " (use e.g. 120s, 2m or PT2M)");
    }
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String describe(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return s % 60 == 0 ? (s / 60) + " min" : (s / 60) + " min " + (s % 60) + " s";
  }
}
