package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox for an E2E class, driven only with the real kubectl (/usr/bin/kubectl), as a user drives it. Register it
 * as a static field with {@code @RegisterExtension}: it starts the sandbox before the class's tests and closes it
 * after them; the class is skipped with a message when kubectl is absent.
 */
final class KubectlSandbox implements BeforeAllCallback, AfterAllCallback {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  /** What a kubectl command printed (stdout and stderr) and its exit code. */
  record Result(int code, String output) {}

  private final UnaryOperator<Sandbox.Options> options;
  private Path dir;
  private Sandbox sandbox;

  /** {@code options}: how this class's sandbox differs from the default one (with the examples). */
  KubectlSandbox(UnaryOperator<Sandbox.Options> options) {
    this.options = options;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL),
        "SKIPPED: /usr/bin/kubectl is absent; the sandbox end-to-end tests drive the real kubectl (.ci/run installs it)");
    dir = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName());
    sandbox = Sandbox.start(options.apply(Sandbox.Options.defaults().withDirectory(dir.resolve("sandbox"))));
    System.out.println(context.getRequiredTestClass().getSimpleName() + ": sandbox started in "
        + sandbox.startup().toMillis() + " ms");
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  Sandbox sandbox() {
    return sandbox;
  }

  /** local-aws, for checking AWS state through the SDK. */
  URI awsEndpoint() {
    return sandbox.aws().endpoint();
  }

  /** Runs kubectl and asserts it succeeded; returns what it printed. */
  String kubectl(String... args) {
    Result r = run(null, args);
    assertThat(r.code()).as("kubectl %s failed: %s", String.join(" ", args), r.output()).isZero();
    return r.output();
  }

  /** {@code kubectl apply -f -} of {@code yaml}, asserted to succeed. */
  String apply(String yaml) {
    Result r = run(yaml, "apply", "-f", "-");
    assertThat(r.code()).as("kubectl apply failed: %s", r.output()).isZero();
    return r.output();
  }

  /** Runs kubectl with {@code stdin} (or none) whatever its outcome. */
  Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig",
        sandbox.kubeconfig().toString(), "--cache-dir", dir.resolve("kube-cache").toString(), "--request-timeout",
        "30s"));
    command.addAll(Arrays.asList(args));
    try {
      Path output = Files.createTempFile(dir, "kubectl", ".out");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl timed out: " + command + ": " + Files.readString(output));
      }
      String out = Files.readString(output);
      Files.delete(output);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code kubectl get <resource> -o jsonpath={<path>}}, trimmed; empty when the get fails (not there yet). */
  String jsonpath(String resource, String path) {
    Result r = run(null, "get", resource, "-o", "jsonpath={" + path + "}");
    return r.code() == 0 ? r.output().trim() : "";
  }

  /** The one row of {@code kubectl get <kind> <name> -o wide}, header to value. */
  Map<String, String> wideRow(String kind, String name) {
    return KubectlTables.parse(kubectl("get", kind, name, "-o", "wide")).get(0).rows().get(0);
  }

  /** The repository's root: the tests run in sandbox/ under Maven, in the root from some IDEs. */
  static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("sandbox")) ? here : here.getParent();
  }
}
