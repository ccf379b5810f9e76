package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.localaws.ScaledClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The README's disaster recovery drill, as a user runs it with kubectl: local-aws runs on its own; sandbox A (its own
 * JVM) backs up the demo table with a plan that copies to us-west-2; sandbox A is killed and eu-west-1 goes dark;
 * sandbox B (a new, empty API server on the same local-aws) gets the same plan manifest and a DynamoRestore into
 * us-west-2; the plan shows its old backups and reports its missed recovery point objective (BackupOverdue), the
 * restored table has the items and every setting, and eu-west-1 served nothing.
 */
class DisasterRecoveryE2E {
  static final Path KUBECTL = KubectlSandbox.KUBECTL;
  static final Path DRILL = Path.of("dr-drill").toAbsolutePath();
  static final int ITEMS = 300;
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalAws aws;
  private Process sandboxA;
  private Sandbox sandboxB;
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (sandboxA != null) {
      sandboxA.destroyForcibly();
    }
    if (sandboxB != null) {
      sandboxB.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void aClusterAndARegionAreLostAndTheTableComesBackInTheOtherRegionWithEverySetting() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL),
        "SKIPPED: /usr/bin/kubectl is absent; the disaster recovery drill drives the real kubectl");
    // local-aws runs on its own, 60 times faster than real time (java -jar local-aws-all.jar --time-scale 60).
    aws = LocalAws.start(LocalAwsOptions.builder().clock(ScaledClock.ofScale(60)).build());

    // Sandbox A: its own JVM, on that local-aws; a plan backs up orders and copies every backup to us-west-2.
    Path kubeconfigA = startSandboxA();
    kubectl(kubeconfigA, "apply", "-f", DRILL.resolve("plan.yaml").toString());
    List<String> backups = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> catalogedBackups(kubeconfigA), names -> names.size() >= 2);

    // The disaster: cluster A is gone (SIGKILL) and eu-west-1 stops answering.
    sandboxA.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    sandboxA = null;
    assertThat(control("PUT", "/_localaws/faults/region-outages/eu-west-1").path("regions").toString())
        .isEqualTo("[\"eu-west-1\"]");
    int outage = control("GET", "/_localaws/calls").path("next").asInt();

    // Sandbox B: a new, empty cluster on the same local-aws; the same plan manifest and a restore into us-west-2.
    sandboxB = Sandbox.start(Sandbox.Options.defaults().withExamples(false).withDemoItems(ITEMS)
        .withAwsEndpoint(aws.endpoint()).withDirectory(dir.resolve("sandbox-b")));
    Path kubeconfigB = sandboxB.kubeconfig();
    kubectl(kubeconfigB, "apply", "-f", DRILL.resolve("plan.yaml").toString(), "-f",
        DRILL.resolve("restore.yaml").toString());

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath(kubeconfigB, "ddbrestore/orders-failover", ".status.phase"), "Ready"::equals);
    String adopted = kubectl(kubeconfigB, "get", "ddbbackup");
    assertThat(adopted).contains("Completed");
    for (String name : backups) {
      assertThat(adopted).as("the plan shows its old backups").contains(name);
    }
    assertThat(jsonpath(kubeconfigB, "ddbplan/orders-dr", ".status.history.adoptedBackups")).isNotEmpty();
    assertThat(jsonpath(kubeconfigB, "ddbrestore/orders-failover", ".status.settingsSource")).isEqualTo("Catalog");
    assertThat(jsonpath(kubeconfigB, "ddbrestore/orders-failover", ".status.recoveryPointRegion"))
        .isEqualTo("us-west-2");
    assertThat(kubectl(kubeconfigB, "get", "events", "--field-selector", "involvedObject.name=orders-failover"))
        .as("every AWS call the restore made, each an event naming its Region").contains("AWS StartRestoreJob in"
            + " 111122223333/us-west-2").doesNotContain("/eu-west-1 on");

    // The recovery point objective is missed while eu-west-1 is down, and each slot that could not start says so.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> jsonpath(kubeconfigB,
        "ddbplan/orders-dr", ".status.conditions[?(@.type==\"BackupOverdue\")].status"), "True"::equals);
    assertThat(kubectl(kubeconfigB, "get", "events", "--field-selector",
        "involvedObject.name=orders-dr,reason=SlotNotStarted")).contains("could not start", "ClientError");

    assertRestoredWithEverySetting();
    JsonNode calls = control("GET", "/_localaws/calls?region=eu-west-1&since=" + outage).path("calls");
    assertThat(StreamSupport.stream(calls.spliterator(), false).filter(c -> c.path("answered").asBoolean()).toList())
        .as("eu-west-1 served no call after the outage began").isEmpty();
    assertThat(StreamSupport.stream(calls.spliterator(), false).map(c -> c.path("operation").asText()).toList())
        .as("nothing the restore needs was asked of eu-west-1")
        .doesNotContain("StartRestoreJob", "DescribeRestoreJob", "StartCopyJob", "GetItem", "PutItem");
  }

  /** The restored table in us-west-2: the items, and every setting of the demo table in eu-west-1. */
  private void assertRestoredWithEverySetting() {
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(aws.endpoint(), "us-west-2");
        ApplicationAutoScalingClient scaling = ApplicationAutoScalingClient.builder().endpointOverride(aws.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_WEST_2).credentialsProvider(DemoAws.credentials()).build();
        CloudWatchClient cloudWatch = CloudWatchClient.builder().endpointOverride(aws.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_WEST_2).credentialsProvider(DemoAws.credentials()).build()) {
      TableDescription restored = dynamoDb.describeTable(b -> b.tableName("orders")).table();
      assertThat(dynamoDb.scan(b -> b.tableName("orders").select(Select.COUNT)).count()).isEqualTo(ITEMS);
      assertThat(restored.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-customer");
      assertThat(restored.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-amount");
      assertThat(dynamoDb.listTagsOfResource(b -> b.resourceArn(restored.tableArn())).tags().stream()
          .collect(Collectors.toMap(t -> t.key(), t -> t.value()))).containsAllEntriesOf(DemoAws.TABLE_TAGS);
      assertThat(dynamoDb.describeTimeToLive(b -> b.tableName("orders")).timeToLiveDescription().attributeName())
          .isEqualTo("expiresAt");
      assertThat(restored.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
      assertThat(restored.deletionProtectionEnabled()).isTrue();
      assertThat(dynamoDb.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription()
          .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
      assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceIds("table/orders")).scalableTargets()).singleElement()
          .satisfies(t -> assertThat(t.minCapacity() + ".." + t.maxCapacity()).isEqualTo("5..50"));
      assertThat(cloudWatch.describeAlarms(b -> b.alarmNames(DemoAws.ALARM)).metricAlarms()).singleElement()
          .satisfies(a -> assertThat(a.dimensions()).anySatisfy(d -> assertThat(d.name() + "=" + d.value())
              .isEqualTo("TableName=orders")));
    }
  }

  /** Starts sandbox A as its own JVM, as `java -jar sandbox-all.jar --aws-endpoint URL` does; returns its kubeconfig. */
  private Path startSandboxA() throws IOException {
    Path kubeconfig = dir.resolve("a/kubeconfig");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
        SandboxMain.class.getName(), "--aws-endpoint", aws.endpoint().toString(), "--no-examples",
        "--demo-items", Integer.toString(ITEMS), "--dir", dir.resolve("a").toString(),
        "--kubeconfig-out", kubeconfig.toString()));
    sandboxA = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(sandboxA.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    Instant deadline = Instant.now().plusSeconds(120);
    for (String line = out.readLine(); line != null && Instant.now().isBefore(deadline); line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith("export KUBECONFIG=")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "sandbox-a-output");
        drain.setDaemon(true);
        drain.start();
        return kubeconfig;
      }
    }
    throw new AssertionError("sandbox A did not start:\n" + seen);
  }

  /** Names of plan orders-dr's backups that completed with their copy and are in the recovery catalog. */
  private List<String> catalogedBackups(Path kubeconfig) throws IOException {
    JsonNode list = new ObjectMapper().readTree(kubectl(kubeconfig, "get", "ddbbackup", "-o", "json"));
    List<String> names = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      JsonNode status = item.path("status");
      boolean cataloged = StreamSupport.stream(status.path("conditions").spliterator(), false)
          .anyMatch(c -> c.path("type").asText().equals("Cataloged") && c.path("status").asText().equals("True"));
      if ("Completed".equals(status.path("phase").asText()) && cataloged
          && status.path("catalogedRecoveryPoints").size() == 2) {
        names.add(item.path("metadata").path("name").asText());
      }
    }
    return names;
  }

  private JsonNode control(String method, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  private String kubectl(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("kube-cache").toString(), "--request-timeout", "30s"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s timed out", command).isTrue();
      assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
      return output;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String jsonpath(Path kubeconfig, String resource, String path) {
    try {
      return kubectl(kubeconfig, "get", resource, "-o", "jsonpath={" + path + "}").trim();
    } catch (AssertionError notYet) {
      return "";
    }
  }
}
