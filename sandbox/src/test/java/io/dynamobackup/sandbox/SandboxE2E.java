package io.dynamobackup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The sandbox as a user meets it: started with the examples, which it drives only with the real kubectl (get, -o wide,
 * describe, apply and delete of example files) until the example backups and restores are done; AWS state checked
 * through the SDK against local-aws. What the API server refuses is {@link SandboxApiE2E}; plans applied with kubectl
 * are {@link SandboxPlanE2E}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxE2E {
  @RegisterExtension
  static final KubectlSandbox sandbox = new KubectlSandbox(options -> options);

  @Test
  @Order(1)
  void getListsAllKindsWithPrinterColumns() {
    String all = sandbox.kubectl("get", "dynamobackup");
    assertThat(all).contains("dynamobackup.dynamobackup.io/orders-now", "dynamorestore.dynamobackup.io/orders-restored",
        "dynamobackupplan.dynamobackup.io/orders-nightly", "PHASE", "RECOVERY POINT AGE", "SCHEDULE");
    assertThat(sandbox.kubectl("get", "ddbbackup", "-o", "wide")).contains("RECOVERY POINT", "orders-now");
    // -o wide says why an object is where it is: the Ready condition's reason (a stuck Pending reads InvalidSpec)
    assertThat(sandbox.kubectl("get", "ddbrestore", "-o", "wide")).contains("REASON", "orders-restored");
    assertThat(sandbox.kubectl("get", "ddbbackup", "orders-now", "-o", "yaml")).contains("kind: DynamoBackup",
        "name: orders-now", "backupVault: prod-vault");
    assertThat(sandbox.kubectl("get", "ns")).contains("default", "Active");
    assertThat(sandbox.kubectl("api-resources", "--api-group=dynamobackup.io"))
        .contains("ddbbackup", "ddbplan", "ddbrestore");
  }

  @Test
  @Order(3)
  void exampleBackupCompletesAndRestoreIsReadyWithTheSourceSettings() {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbbackup/orders-now", ".status.phase"), "Completed"::equals);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbrestore/orders-restored", ".status.phase"), "Ready"::equals);
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.awsEndpoint(), "eu-west-1")) {
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
    String describe = sandbox.kubectl("describe", "ddbrestore", "orders-restored");
    assertThat(describe).contains("Phase:", "Ready", "Events:", "ApplyingSettings");
    assertThat(sandbox.kubectl("get", "events")).contains("dynamorestore/orders-restored");
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
    String readme = Files.readString(KubectlSandbox.projectRoot().resolve("README.md"));
    Matcher block = Pattern.compile("```console\\n\\$ kubectl get dynamobackup\\n(.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertThat(block.find()).as("README.md has a ```console block with $ kubectl get dynamobackup").isTrue();
    List<String> sample = comparable(KubectlTables.parse(block.group(1)));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(comparable(KubectlTables.parse(sandbox.kubectl("get", "dynamobackup")))).as("README.md's sample of"
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
    String welcome = SandboxMain.welcome(SandboxMain.Welcome.of(sandbox.sandbox()));
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
  @Order(7)
  void deletingARetainRestoreKeepsTheTable() {
    assertThat(sandbox.kubectl("delete", "ddbrestore", "orders-restored")).contains("deleted");
    assertThat(sandbox.run(null, "get", "ddbrestore", "orders-restored").output()).contains("NotFound");
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.awsEndpoint(), "eu-west-1")) {
      assertThat(dynamoDb.describeTable(b -> b.tableName("orders-restored")).table().tableStatusAsString())
          .isEqualTo("ACTIVE");
    }
  }

  @Test
  @Order(8)
  void applyEditDeleteAnExampleFile() {
    Path file = sandbox.sandbox().examplesDirectory().resolve("backup-minimal.yaml");
    assertThat(sandbox.kubectl("apply", "-f", file.toString())).contains("orders-now");
    String renamed = sandbox.sandbox().examples().get("backup-minimal.yaml")
        .replace("name: orders-now", "name: e2e-now");
    assertThat(sandbox.apply(renamed)).contains("dynamobackup.dynamobackup.io/e2e-now created");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbbackup/e2e-now", ".status.phase"), "Completed"::equals);
    KubectlSandbox.Result deleted = sandbox.run(renamed, "delete", "-f", "-", "--wait=true");
    assertThat(deleted.code()).as(deleted.output()).isZero();
    assertThat(deleted.output()).contains("e2e-now\" deleted");
  }

  @Test
  @Order(8)
  void pointInTimeAndItemRestoresWithKubectl() {
    // The examples: orders at its latest restorable time, and two item restores that find nothing to put back.
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbrestore/orders-pitr", ".status.phase"), "Ready"::equals);
    // The example leaves the target Region to the source table's: -o wide shows the Region restored into.
    assertThat(sandbox.wideRow("ddbrestore", "orders-pitr")).containsEntry("REGION", "eu-west-1");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbitemrestore/orders-big-paid-back", ".status.phase"), "Completed"::equals);
    assertThat(sandbox.jsonpath("ddbitemrestore/orders-big-paid-back", ".status.itemsWritten")).isEqualTo("0");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> sandbox.jsonpath("ddbitemrestore/orders-two-back", ".status.phase"), "Completed"::equals);
    assertThat(sandbox.jsonpath("ddbitemrestore/orders-two-back", ".status.itemsNotFound")).isEqualTo("2");

    // sandbox/README.md's walkthrough: three orders lost, the table as before, and exactly those three put back.
    String before = sandbox.jsonpath("ddbrestore/orders-pitr", ".status.restoreDateTime");
    try (DynamoDbClient dynamoDb = DemoAws.dynamoDb(sandbox.awsEndpoint(), "eu-west-1")) {
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
      sandbox.apply(yaml);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> sandbox.jsonpath("ddbitemrestore/three-orders-back", ".status.phase"), "Completed"::equals);
      assertThat(sandbox.kubectl("get", "ddbitemrestore", "three-orders-back")).contains("Completed")
          .containsPattern("orders\\s+Completed\\s+3\\s+3\\s+0\\s+0\\s");
      assertThat(count(dynamoDb, "orders")).isEqualTo(3000);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> sandbox.jsonpath("ddbrestore/orders-before-deletion", ".status.phase"), "Ready"::equals);
      assertThat(count(dynamoDb, "orders-before-deletion")).isEqualTo(3000);
      assertThat(sandbox.kubectl("get", "events", "--field-selector", "involvedObject.name=three-orders-back"))
          .contains("StartingScratchRestore", "Copying", "CleaningUp", "3 items matched: 3 written, 0 skipped, 0 failed");
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
