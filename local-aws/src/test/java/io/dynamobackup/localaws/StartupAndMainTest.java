package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An empty emulator starts on loopback, in-process and as the LocalAwsMain process. How fast it starts is the
 * bench's business, not a unit test's: a timing limit here fails on a loaded CI machine.
 */
class StartupAndMainTest {

  @Test
  void inProcessStartListensOnLoopback() {
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(new ManualClock()).build())) {
      assertThat(aws.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    }
  }

  @Test
  void mainPrintsItsEndpointAndServesUntilStopped() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.dynamobackup.localaws.LocalAwsMain", "--port", "0", "--time-scale", "10", "--region-default", "eu-west-1")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).matches("local-aws listening on http://127\\.0\\.0\\.1:\\d+");
      Matcher m = Pattern.compile("(http://\\S+)").matcher(line);
      assertThat(m.find()).isTrue();
      try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(m.group(1)))
          .region(Region.US_EAST_1).credentialsProvider(LocalAwsTestBase.credentials("111122223333")).build()) {
        assertThat(ddb.listTables().tableNames()).isEmpty();
      }
    } finally {
      p.destroy(); // SIGTERM: the shutdown hook closes the server
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void badArgumentsExitWithStatus2() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.dynamobackup.localaws.LocalAwsMain", "--time-scale", "-1").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("--time-scale");
  }
}
