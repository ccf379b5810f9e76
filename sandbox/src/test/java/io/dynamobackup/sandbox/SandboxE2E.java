package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The sandbox as a user meets it: started with the examples, driven only with the real kubectl (/usr/bin/kubectl),
 * AWS state checked through the SDK against local-aws.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxE2E {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  static Sandbox sandbox;
  static Path cache;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL),
        "SKIPPED: /usr/bin/kubectl is absent; the sandbox end-to-end tests drive the real kubectl (.ci/run installs it)");
    cache = dir.resolve("kube-cache");
    sandbox = Sandbox.start(Sandbox.Options.defaults().withDirectory(dir.resolve("sandbox")));
    System.out.println("sandbox started in " + sandbox.startup().toMillis() + " ms");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static String kubectl(String... args) {
    Result r = run(null, args);
    assertThat(r.code).as("kubectl %s failed: %s", String.join(" ", args), r.output).isZero();
    return r.output;
  }

  record Result(int code, String output) {
  }

  static Result run(String stdin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig",
        sandbox.kubeconfig().toString(), "--cache-dir", cache.toString(), "--request-timeout", "30s"));
    command.addAll(Arrays.asList(args));
    try {
      Path output = Files.createTempFile(cache.getParent(), "kubectl", ".out");
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

  static String jsonpath(String resource, String path) {
    Result r = run(null, "get", resource, "-o", "jsonpath={" + path + "}");
    return r.code == 0 ? r.output.trim() : "";
  }

  @Test
  @Order(1)
  void getListsAllKindsWithPrinterColumns() {
    String all = kubectl("get", "dynamobackup");
    assertThat(all).contains("dynamobackup.dynamobackup.io/orders-now", "dynamorestore.dynamobackup.io/orders-restored",
        "dynamobackupplan.dynamobackup.io/orders-nightly", "PHASE", "RECOVERY POINT AGE", "SCHEDULE");
    assertThat(kubectl("get", "ddbbackup", "-o", "wide")).contains("RECOVERY POINT", "orders-now");
    // -o wide says why an object is where it is: the Ready condition's reason (a stuck Pending reads InvalidSpec)
    assertThat(kubectl("get", "ddbrestore", "-o", "wide")).contains("REASON", "orders-restored");
    assertThat(kubectl("get", "ddbbackup", "orders-now", "-o", "yaml")).contains("kind: DynamoBackup",
        "name: orders-now", "backupVault: prod-vault");
    assertThat(kubectl("get", "ns")).contains("default", "Active");
    assertThat(kubectl("api-resources", "--api-group=dynamobackup.io")).contains("ddbbackup", "ddbplan", "ddbrestore");
  }

  @Test
  @Order(2)
  void explainShowsCrdDescriptions() {
    assertThat(kubectl("explain", "ddbrestore.spec.target")).contains("tableName", "billingMode");
    assertThat(kubectl("explain", "ddbplan.spec.retention")).contains("keepLast");
  }

  @Test
  @Order(3)
  void exampleBackupCompletesAndRestoreIsReadyWithTheSourceSettings() {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbbackup/orders-now", ".status.phase"), "Completed"::equals);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbrestore/orders-restored", ".status.phase"), "Ready"::equals);
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.aws().endpoint(), "eu-west-1")) {
      TableDescription source = dynamoDb.describeTable(b -> b.tableName("orders")).table();
      TableDescription restored = dynamoDb.describeTable(b -> b.tableName("orders-restored")).table();
      assertThat(count(dynamoDb, "orders-restored")).isEqualTo(count(dynamoDb, "orders")).isEqualTo(3000);
      assertThat(restored.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-customer");
      assertThat(restored.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-amount");
      assertThat(tags(dynamoDb, restored.tableArn())).isEqualTo(tags(dynamoDb, source.tableArn()))
          .containsAllEntriesOf(DemoAws.TABLE_TAGS);
      assertThat(restored.streamSpecification().streamEnabled()).isTrue();
      assertThat(restored.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
      assertThat(restored.deletionProtectionEnabled()).isTrue();
      assertThat(dynamoDb.describeTimeToLive(b -> b.tableName("orders-restored")).timeToLiveDescription()
          .attributeName()).isEqualTo("expiresAt");
      assertThat(dynamoDb.describeContinuousBackups(b -> b.tableName("orders-restored")).continuousBackupsDescription()
          .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    }
    String describe = kubectl("describe", "ddbrestore", "orders-restored");
    assertThat(describe).contains("Phase:", "Ready", "Events:", "ApplyingSettings");
    assertThat(kubectl("get", "events")).contains("dynamorestore/orders-restored");
  }

  /**
   * The README's sample of {@code kubectl get dynamobackup} is what a user sees once the example backup is Completed
   * and the example restore Ready: the same kinds, columns and objects, with the same values in every column that
   * does not move with time (ages, durations and sizes do). Backups and drills a plan creates on its own schedule
   * (named {@code <plan>-...-<yyyyMMddHHmm>}) depend on the minute the sandbox starts and are left out.
   */
  @Test
  @Order(4)
  void readmeSampleOfKubectlGetMatchesARealRun() throws IOException {
    String readme = Files.readString(SandboxTenancyE2E.projectRoot().resolve("README.md"));
    Matcher block = Pattern.compile("```console\\n\\$ kubectl get dynamobackup\\n(.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertThat(block.find()).as("README.md has a ```console block with $ kubectl get dynamobackup").isTrue();
    List<String> sample = comparable(KubectlTables.parse(block.group(1)));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(comparable(KubectlTables.parse(kubectl("get", "dynamobackup")))).as("README.md's sample of"
            + " kubectl get dynamobackup (left) and the sandbox's (right)").isEqualTo(sample));
  }

  /** Per table its headers, then per row the name and each value that does not move with time. */
  private static List<String> comparable(List<KubectlTables.Table> tables) {
    Set<String> moving = Set.of("AGE", "RECOVERY POINT AGE", "LAST BACKUP", "DURATION", "SIZE");
    List<String> plans = tables.stream().flatMap(t -> t.rows().stream()).map(r -> r.get("NAME"))
        .filter(n -> n.startsWith("dynamobackupplan.")).map(n -> n.substring(n.indexOf('/') + 1)).toList();
    List<String> lines = new java.util.ArrayList<>();
    for (KubectlTables.Table table : tables) {
      lines.add(String.join(" | ", table.headers()));
      table.rows().stream()
          .filter(row -> plans.stream().noneMatch(plan -> row.get("NAME").substring(row.get("NAME").indexOf('/') + 1)
              .matches(Pattern.quote(plan) + "(-.+)?-[0-9]{12}")))
          .map(row -> row.entrySet().stream().filter(e -> !moving.contains(e.getKey()))
              .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")))
          .sorted().forEach(lines::add);
    }
    return lines;
  }

  @Test
  @Order(2)
  void theOperatorEndpointsOnTheConsoleAnswer() throws Exception {
    String welcome = SandboxMain.welcome(SandboxMain.Welcome.of(sandbox));
    Matcher metrics = Pattern.compile("operator +(http://127\\.0\\.0\\.1:[0-9]+)/metrics").matcher(welcome);
    assertThat(metrics.find()).as(welcome).isTrue();
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/metrics", "/healthz", "/readyz")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics.group(1) + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
    assertThat(http.send(HttpRequest.newBuilder(URI.create(metrics.group(1) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).contains("dynamobackup_aws_calls_total");
  }

  @Test
  @Order(5)
  void applyInvalidAndUnknownFieldsAreRejected() {
    String bad = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: e2e-bad}
        spec:
          table: {name: orders, region: eu-west-1}
          backupVault: "not a vault"
          iamRoleArn: arn:aws:iam::111122223333:role/dynamo-backup
        """;
    Result invalid = run(bad, "apply", "-f", "-");
    assertThat(invalid.code).isNotZero();
    assertThat(invalid.output).contains("is invalid", "spec.backupVault");
    Result unknown = run(bad.replace("\"not a vault\"", "prod-vault") + "  retentionDays: 3\n", "apply", "-f", "-");
    assertThat(unknown.code).isNotZero();
    assertThat(unknown.output).contains("unknown field \"spec.retentionDays\"");
  }

  @Test
  @Order(5)
  void celRulesAndImmutableFieldsAreEnforcedByTheApiServer() {
    String backup = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackup
        metadata: {name: e2e-cel}
        spec:
          table: {name: orders, region: eu-west-1}
          backupVault: prod-vault
          iamRoleArn: arn:aws:iam::111122223333:role/dynamo-backup
          deletionPolicy: Delete
        """;
    Result both = run(backup.replace("{name: orders, region: eu-west-1}",
        "{name: orders, arn: \"arn:aws:dynamodb:eu-west-1:111122223333:table/orders\"}"), "apply", "-f", "-");
    assertThat(both.code).isNotZero();
    assertThat(both.output).contains("The DynamoBackup \"e2e-cel\" is invalid", "spec.table",
        "set exactly one of name or arn");
    assertThat(run(backup, "apply", "-f", "-").output).contains("dynamobackup.dynamobackup.io/e2e-cel created");
    Result moved = run(backup.replace("name: orders,", "name: payments,"), "apply", "-f", "-");
    assertThat(moved.code).isNotZero();
    assertThat(moved.output).contains("spec.table: Invalid value: \"object\": table is immutable");
    // server-side apply: the field belongs to the client-side apply above, and even forced the rule holds
    Result ssa = run(backup.replace("name: orders,", "name: payments,"), "apply", "--server-side", "-f", "-");
    assertThat(ssa.code).isNotZero();
    assertThat(ssa.output).contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\":"
        + " .spec.table.name");
    Result forced = run(backup.replace("name: orders,", "name: payments,"), "apply", "--server-side",
        "--force-conflicts", "-f", "-");
    assertThat(forced.code).isNotZero();
    assertThat(forced.output).contains("table is immutable");
    kubectl("delete", "ddbbackup", "e2e-cel", "--wait=false");
  }

  @Test
  @Order(5)
  void builtInObjectsAsAUserCreatesThem() {
    // kubectl sends these creates as protobuf
    assertThat(kubectl("create", "namespace", "team-a")).contains("namespace/team-a created");
    assertThat(kubectl("create", "configmap", "settings", "-n", "team-a", "--from-literal=tier=gold"))
        .contains("configmap/settings created");
    assertThat(kubectl("create", "secret", "generic", "token", "-n", "team-a", "--from-literal=key=s3cret"))
        .contains("secret/token created");
    assertThat(kubectl("create", "serviceaccount", "runner", "-n", "team-a")).contains("serviceaccount/runner created");
    assertThat(kubectl("label", "configmap", "settings", "-n", "team-a", "owner=payments"))
        .contains("configmap/settings labeled");
    assertThat(kubectl("annotate", "configmap", "settings", "-n", "team-a", "note=managed by hand"))
        .contains("configmap/settings annotated");
    assertThat(kubectl("get", "configmap", "settings", "-n", "team-a", "-o",
        "jsonpath={.data.tier} {.metadata.labels.owner} {.metadata.annotations.note}"))
        .isEqualTo("gold payments managed by hand");
    assertThat(kubectl("get", "secret", "token", "-n", "team-a", "-o", "jsonpath={.data.key}")).isEqualTo("czNjcmV0");
    assertThat(kubectl("get", "ns", "team-a")).contains("team-a");
  }

  @Test
  @Order(6)
  void planSchedulesBackupsAndPrunesThem() {
    String plan = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackupPlan
        metadata: {name: e2e-plan}
        spec:
          table: {name: orders, region: eu-west-1}
          template: {backupVault: prod-vault, iamRoleArn: "arn:aws:iam::111122223333:role/dynamo-backup"}
          schedule: "*/10 * * * *"
          retention: {keepLast: 2}
        """;
    assertThat(run(plan, "apply", "-f", "-").output).contains("dynamobackupplan.dynamobackup.io/e2e-plan created");
    Set<String> seen = new ConcurrentSkipListSet<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      String names = kubectl("get", "ddbbackup", "-l", "dynamobackup.io/plan in (e2e-plan)", "-o",
          "jsonpath={range .items[*]}{.metadata.name}={.status.phase}{\"\\n\"}{end}");
      names.lines().filter(l -> l.endsWith("=Completed")).forEach(seen::add);
      return seen.size() >= 3;
    });
    assertThat(jsonpath("ddbplan/e2e-plan", ".status.nextScheduleTime")).isNotEmpty();
    // keepLast 2: older completed backups are pruned (one more may be in flight)
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> kubectl("get", "ddbbackup",
        "-l", "dynamobackup.io/plan=e2e-plan", "-o", "name").lines().count() <= 3);
    assertThat(kubectl("get", "ddbplan", "e2e-plan")).contains("e2e-plan", "*/10 * * * *");
    // deleting the plan garbage-collects its DynamoBackups (ownerReferences)
    kubectl("delete", "ddbplan", "e2e-plan");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> kubectl("get", "ddbbackup",
        "-l", "dynamobackup.io/plan=e2e-plan", "-o", "name").isBlank());
  }

  @Test
  @Order(6)
  void aPlanOfATableThatDoesNotExistNamesItAndSaysWhyItIsNotReady() {
    String plan = """
        apiVersion: dynamobackup.io/v1alpha1
        kind: DynamoBackupPlan
        metadata: {name: e2e-ghost}
        spec:
          table: {name: ghost, region: eu-west-1}
          template: {backupVault: prod-vault, iamRoleArn: "arn:aws:iam::111122223333:role/dynamo-backup"}
          schedule: "@daily"
        """;
    assertThat(run(plan, "apply", "-f", "-").output).contains("dynamobackupplan.dynamobackup.io/e2e-ghost created");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> wideRow("ddbplan", "e2e-ghost").get("REASON"), "TableNotFound"::equals);
    assertThat(wideRow("ddbplan", "e2e-ghost")).containsEntry("TABLE", "ghost").containsEntry("READY", "False");
    kubectl("delete", "ddbplan", "e2e-ghost");
  }

  /** The one row of {@code kubectl get <kind> <name> -o wide}, header to value. */
  static Map<String, String> wideRow(String kind, String name) {
    return KubectlTables.parse(kubectl("get", kind, name, "-o", "wide")).get(0).rows().get(0);
  }

  @Test
  @Order(7)
  void deletingARetainRestoreKeepsTheTable() {
    assertThat(kubectl("delete", "ddbrestore", "orders-restored")).contains("deleted");
    assertThat(run(null, "get", "ddbrestore", "orders-restored").output).contains("NotFound");
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.aws().endpoint(), "eu-west-1")) {
      assertThat(dynamoDb.describeTable(b -> b.tableName("orders-restored")).table().tableStatusAsString())
          .isEqualTo("ACTIVE");
    }
  }

  @Test
  @Order(8)
  void applyEditDeleteAnExampleFile() {
    Path file = sandbox.examplesDirectory().resolve("backup-minimal.yaml");
    assertThat(kubectl("apply", "-f", file.toString())).contains("orders-now");
    String renamed = sandbox.examples().get("backup-minimal.yaml").replace("name: orders-now", "name: e2e-now");
    assertThat(run(renamed, "apply", "-f", "-").output).contains("dynamobackup.dynamobackup.io/e2e-now created");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbbackup/e2e-now", ".status.phase"), "Completed"::equals);
    Result deleted = run(renamed, "delete", "-f", "-", "--wait=true");
    assertThat(deleted.code).as(deleted.output).isZero();
    assertThat(deleted.output).contains("e2e-now\" deleted");
  }

  @Test
  @Order(8)
  void pointInTimeAndItemRestoresWithKubectl() {
    // The examples: orders at its latest restorable time, and two item restores that find nothing to put back.
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbrestore/orders-pitr", ".status.phase"), "Ready"::equals);
    // The example leaves the target Region to the source table's: -o wide shows the Region restored into.
    assertThat(wideRow("ddbrestore", "orders-pitr")).containsEntry("REGION", "eu-west-1");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbitemrestore/orders-big-paid-back", ".status.phase"), "Completed"::equals);
    assertThat(jsonpath("ddbitemrestore/orders-big-paid-back", ".status.itemsWritten")).isEqualTo("0");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> jsonpath("ddbitemrestore/orders-two-back", ".status.phase"), "Completed"::equals);
    assertThat(jsonpath("ddbitemrestore/orders-two-back", ".status.itemsNotFound")).isEqualTo("2");

    // sandbox/README.md's walkthrough: three orders lost, the table as before, and exactly those three put back.
    String before = jsonpath("ddbrestore/orders-pitr", ".status.restoreDateTime");
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.aws().endpoint(), "eu-west-1")) {
      for (String id : List.of("o-00007", "o-00011", "o-00042")) {
        var key = dynamoDb.query(b -> b.tableName("orders").keyConditionExpression("orderId = :o")
            .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(id)))).items().get(0);
        dynamoDb.deleteItem(b -> b.tableName("orders").key(Map.of("orderId", key.get("orderId"),
            "createdAt", key.get("createdAt"))));
      }
      assertThat(count(dynamoDb, "orders")).isEqualTo(2997);
      String yaml = """
          apiVersion: dynamobackup.io/v1alpha1
          kind: DynamoRestore
          metadata: {name: orders-before-deletion}
          spec:
            source:
              pointInTimeRecovery: {table: {name: orders, region: eu-west-1}, restoreDateTime: "%1$s"}
            target: {tableName: orders-before-deletion}
          ---
          apiVersion: dynamobackup.io/v1alpha1
          kind: DynamoItemRestore
          metadata: {name: three-orders-back}
          spec:
            source:
              pointInTimeRecovery: {table: {name: orders, region: eu-west-1}, restoreDateTime: "%1$s"}
            target: {tableName: orders, region: eu-west-1}
            items:
              filter:
                expression: "orderId IN (:a, :b, :c)"
                values: {":a": {S: o-00007}, ":b": {S: o-00011}, ":c": {S: o-00042}}
          """.formatted(before);
      Result applied = run(yaml, "apply", "-f", "-");
      assertThat(applied.code).as(applied.output).isZero();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> jsonpath("ddbitemrestore/three-orders-back", ".status.phase"), "Completed"::equals);
      assertThat(kubectl("get", "ddbitemrestore", "three-orders-back")).contains("Completed")
          .containsPattern("orders\\s+Completed\\s+3\\s+3\\s+0\\s+0\\s");
      assertThat(count(dynamoDb, "orders")).isEqualTo(3000);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> jsonpath("ddbrestore/orders-before-deletion", ".status.phase"), "Ready"::equals);
      assertThat(count(dynamoDb, "orders-before-deletion")).isEqualTo(3000);
      assertThat(kubectl("get", "events", "--field-selector", "involvedObject.name=three-orders-back"))
          .contains("Restoring", "Copying", "CleaningUp", "3 items matched: 3 written, 0 skipped, 0 failed");
      assertThat(dynamoDb.listTables().tableNames()).noneMatch(name -> name.contains("-items-"));
    }
  }

  private static int count(DynamoDbClient dynamoDb, String table) {
    int count = 0;
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
    do {
      var startKey = start;
      var page = dynamoDb.scan(b -> b.tableName(table).select(Select.COUNT).exclusiveStartKey(startKey));
      count += page.count();
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  private static Map<String, String> tags(DynamoDbClient dynamoDb, String arn) {
    return dynamoDb.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }
}
