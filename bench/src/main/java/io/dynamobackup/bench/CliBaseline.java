package io.dynamobackup.bench;

import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.sandbox.DemoAws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CronJob way of backing up a table: one {@code aws backup start-backup-job} (aws CLI v2, /usr/bin/aws) per table
 * and slot — what a CronJob's container runs, without the pod's own start-up, and without capturing settings or
 * following the job. CPU per backup = the CLI process's user + system time, read by the shell's {@code times}.
 * Cold: the first call of the run; warm: the median of the following ones.
 */
final class CliBaseline {
  static final Path AWS = Path.of("/usr/bin/aws");
  private static final Pattern CHILD_TIMES = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s\\s*$");

  record Result(Duration cold, Duration warm, int runs) {}

  private CliBaseline() {}

  static boolean available() {
    return Files.isExecutable(AWS);
  }

  /** Runs the CLI {@code runs} times against a local-aws of its own (a vault and one table). */
  static Result run(int runs) throws Exception {
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().build())) {
      BenchEnv.vault(aws.endpoint());
      BenchEnv.tables(aws.endpoint(), List.of("cli-orders"), 10, Map.of("app", "cli"));
      String arn = "arn:aws:dynamodb:" + BenchEnv.REGION + ":" + DemoAws.ACCOUNT + ":table/cli-orders";
      return run(aws.endpoint(), arn, runs);
    }
  }

  private static Result run(URI endpoint, String arn, int runs) throws Exception {
    List<Duration> cpu = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String command = AWS + " backup start-backup-job --backup-vault-name " + BenchEnv.VAULT + " --resource-arn "
          + arn + " --iam-role-arn " + BenchEnv.ROLE + " --idempotency-token cli-" + i + " --endpoint-url " + endpoint
          + " --region " + BenchEnv.REGION + " --output json --no-cli-pager >/dev/null; echo rc=$?; times";
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
      pb.environment().put("AWS_ACCESS_KEY_ID", DemoAws.ACCOUNT);
      pb.environment().put("AWS_SECRET_ACCESS_KEY", DemoAws.SECRET);
      pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
      pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
      pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (!out.contains("rc=0")) {
        throw new IllegalStateException("aws backup start-backup-job failed: " + out);
      }
      String[] lines = out.strip().split("\n");
      Matcher m = CHILD_TIMES.matcher(lines[lines.length - 1]);
      if (!m.find()) {
        throw new IllegalStateException("cannot read the CLI's CPU time from: " + out);
      }
      double seconds = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
          + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
      cpu.add(Duration.ofNanos((long) (seconds * 1e9)));
    }
    List<Duration> warm = new ArrayList<>(cpu.subList(1, cpu.size()));
    warm.sort(Duration::compareTo);
    return new Result(cpu.get(0), warm.get(warm.size() / 2), runs);
  }
}
