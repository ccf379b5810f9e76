package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.CrdFiles;
import io.dynamobackup.operator.aws.Arn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies the chart renders (templates/iam-policies.yaml; helm/rendered/iam-policies.yaml with default values,
 * helm/rendered/iam-policies-scoped.yaml with ci/iam-scoped-values.yaml, both kept current by helm/test.sh) grant
 * exactly the AWS actions the operator's code calls: the test derives them from the AWS SDK calls in
 * operator/src/main/java, so a new call without its permission (AccessDenied in production) or a permission nobody uses
 * any more fails the build with the action to add or remove. It also checks the split into permission sets (backups
 * without deletes), the scoping by values, and that only a documented list of actions is granted on {@code "*"}.
 */
class IamPolicyTest {
  static final Path ROOT = CrdFiles.projectRoot();
  static final Path DEFAULT = ROOT.resolve("helm/rendered/iam-policies.yaml");
  static final Path SCOPED = ROOT.resolve("helm/rendered/iam-policies-scoped.yaml");
  static final Path SCOPED_VALUES = ROOT.resolve("helm/dynamo-backup-operator/ci/iam-scoped-values.yaml");
  static final Path TEMPLATE = ROOT.resolve("helm/dynamo-backup-operator/templates/_iam.tpl");
  static final Path CHART_README = ROOT.resolve("helm/dynamo-backup-operator/README.md");
  static final Path MAIN = ROOT.resolve("operator/src/main/java");

  /** Actions the policies hold although no SDK call names them, each with the reason (documented in the chart README). */
  static final Map<String, String> DOCUMENTED_EXTRAS = Map.of(
      "iam:PassRole", "AWS Backup jobs run as the role in spec.iamRoleArn; starting them requires passing that role",
      "iam:CreateServiceLinkedRole", "the first RegisterScalableTarget of DynamoDB in an account creates Application"
          + " Auto Scaling's service-linked role AWSServiceRoleForApplicationAutoScaling_DynamoDBTable, the first"
          + " replica DynamoDB's AWSServiceRoleForDynamoDBReplication",
      "dynamodb:CreateTableReplica", "UpdateTable with ReplicaUpdates Create (spec.settings.replicas) is authorized as"
          + " dynamodb:CreateTableReplica",
      "dynamodb:DeleteTableReplica", "UpdateTable with ReplicaUpdates Delete is authorized as"
          + " dynamodb:DeleteTableReplica",
      "kinesis:DescribeStream", "EnableKinesisStreamingDestination checks the Kinesis data stream as the caller",
      "kinesis:PutRecords", "EnableKinesisStreamingDestination checks that the caller may write to the stream");

  /**
   * The only actions granted on Resource "*": AWS authorizes them on no resource type (service authorization
   * reference), so they cannot be scoped. The chart README lists them.
   */
  static final Set<String> NEED_A_STAR = Set.of("application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:DescribeScheduledActions",
      "backup:DescribeBackupJob", "backup:DescribeCopyJob", "backup:DescribeRestoreJob", "backup:ListBackupVaults",
      "backup:ListRestoreJobs",
      "dynamodb:ListBackups", "dynamodb:ListTables", "lambda:CreateEventSourceMapping",
      "lambda:ListEventSourceMappings", "tag:GetResources");

  /** Actions that delete data: only the delete permission set may hold them. */
  static final Set<String> DELETES_DATA = Set.of("backup:DeleteRecoveryPoint", "dynamodb:DeleteTable");

  /** Actions AWS checks in addition to the API's own action (per the AWS service authorization reference). */
  static final Map<String, List<String>> IMPLIED = Map.of(
      "dynamodb:RestoreTableFromBackup", List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:GetItem",
          "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"),
      "dynamodb:RestoreTableToPointInTime", List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
          "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"));

  /** IAM service prefix of each AWS SDK v2 sync client the operator may use. */
  static final Map<String, String> CLIENT_PREFIX = Map.of(
      "BackupClient", "backup",
      "DynamoDbClient", "dynamodb",
      "DynamoDbStreamsClient", "dynamodb",
      "StsClient", "sts",
      "ApplicationAutoScalingClient", "application-autoscaling",
      "CloudWatchClient", "cloudwatch",
      "KmsClient", "kms",
      "IamClient", "iam",
      "ResourceGroupsTaggingApiClient", "tag",
      "LambdaClient", "lambda");

  /** Client methods that are not AWS API operations. */
  static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration", "waiter",
      "utilities", "toString", "hashCode", "equals", "getClass");

  @Test
  void thePermissionSetsGrantExactlyTheActionsTheCodeCalls() throws IOException {
    Map<String, Set<String>> used = scan(MAIN);
    Set<String> granted = grantedActions(documents(SCOPED).values());

    assertThat(used).as("no AWS SDK call found under %s: the scanner no longer understands the code", MAIN)
        .containsKeys("backup:StartBackupJob", "dynamodb:DescribeTable");
    List<String> problems = new ArrayList<>();
    used.forEach((action, sites) -> {
      if (!granted.contains(action)) {
        problems.add("add \"" + action + "\" to a permission set in " + ROOT.relativize(TEMPLATE) + " (called at "
            + String.join(", ", sites) + ")");
      }
    });
    for (String action : granted) {
      if (!used.containsKey(action) && !DOCUMENTED_EXTRAS.containsKey(action)) {
        problems.add("remove \"" + action + "\" from " + ROOT.relativize(TEMPLATE)
            + " (no AWS SDK call in operator/src/main/java needs it)");
      }
    }
    assertThat(problems).as("the IAM policies and the operator's AWS calls disagree (after changing the template run"
        + " HELM_UPDATE=1 bash helm/test.sh):%n  %s%n", String.join(System.lineSeparator() + "  ", problems)).isEmpty();
  }

  @Test
  void withDefaultValuesOnlyAssumingTenantRolesIsLeftOut() throws IOException {
    Map<String, JsonNode> documents = documents(DEFAULT);
    assertThat(documents).containsOnlyKeys("read-only.json", "backup.json", "restore.json", "delete.json");
    assertThat(grantedActions(documents.values())).isEqualTo(without(grantedActions(documents(SCOPED).values()),
        "sts:AssumeRole"));
    assertThat(actionsOf(documents(SCOPED).get("assume-tenant-roles.json"))).containsExactly("sts:AssumeRole");
  }

  @Test
  void aTeamCanRunBackupsWithoutBeingAbleToDeleteAnything() throws IOException {
    Map<String, JsonNode> documents = documents(SCOPED);
    for (String name : List.of("read-only.json", "backup.json", "restore.json")) {
      assertThat(actionsOf(documents.get(name))).as(name).doesNotContainAnyElementsOf(DELETES_DATA);
    }
    assertThat(actionsOf(documents.get("delete.json"))).containsAll(DELETES_DATA);
    assertThat(actionsOf(documents.get("read-only.json"))).as("read-only reads")
        .allMatch(a -> a.matches("[a-z-]+:(Describe|List|Get|BatchGet|Scan|Query)\\w*"));
    assertThat(actionsOf(documents.get("backup.json"))).contains("backup:StartBackupJob", "iam:PassRole")
        .doesNotContain("backup:StartRestoreJob", "dynamodb:RestoreTableFromBackup");
    assertThat(actionsOf(documents.get("restore.json"))).contains("backup:StartRestoreJob",
        "dynamodb:RestoreTableFromBackup", "iam:PassRole").doesNotContain("backup:StartBackupJob");
  }

  @Test
  void onlyTheDocumentedActionsAreGrantedOnEveryResource() throws IOException {
    String readme = Files.readString(CHART_README);
    for (Path rendered : List.of(DEFAULT, SCOPED)) {
      documents(rendered).forEach((name, policy) -> {
        for (JsonNode statement : policy.get("Statement")) {
          if (resources(statement).contains("*")) {
            assertThat(actions(statement)).as("%s %s: actions on Resource \"*\"", name, statement.path("Sid"))
                .isSubsetOf(NEED_A_STAR);
          }
        }
      });
    }
    assertThat(NEED_A_STAR).as("the chart README lists every action granted on \"*\"")
        .allMatch(action -> readme.contains("`" + action + "`"));
  }

  @Test
  void theScopedPoliciesNameOnlyTheResourcesTheValuesAllow() throws IOException {
    JsonNode values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(SCOPED_VALUES.toFile())
        .path("iamPolicy");
    List<String> accounts = texts(values.path("accounts"));
    List<String> regions = texts(values.path("regions"));
    JsonNode catalog = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(SCOPED_VALUES.toFile())
        .path("catalog").path("tableName");
    String catalogTable = catalog.isMissingNode() ? "dynamobackup-catalog" : catalog.asText(); // the chart's default
    documents(SCOPED).forEach((name, policy) -> {
      for (JsonNode statement : policy.get("Statement")) {
        for (String resource : resources(statement)) {
          if (resource.equals("*") || resource.contains(":role/aws-service-role/")) {
            continue;
          }
          Arn arn = Arn.parse(resource);
          String where = name + " " + statement.path("Sid").asText() + " " + resource;
          if (arn.service().equals("iam")) { // iamPolicy.passRoles, and the tenancy policy's assumeRole roles
            assertThat(resource).as(where).isIn(concat(texts(values.path("passRoles")), List.of(
                "arn:aws:iam::444455556666:role/team-d-dynamo-backup-operator")));
            continue;
          }
          assertThat(arn.account()).as(where).isIn(accounts);
          assertThat(arn.region()).as(where).isIn(regions);
          if (arn.service().equals("dynamodb") && !arn.resource().equals("table/" + catalogTable)) {
            assertThat(texts(values.path("tableNamePrefixes"))).as(where)
                .anyMatch(prefix -> arn.resource().startsWith("table/" + prefix));
          }
          if (arn.resource().startsWith("backup-vault:")) {
            assertThat(arn.resourceName()).as(where).isIn(texts(values.path("backupVaults")));
          }
        }
      }
    });
  }

  @Test
  void theRecoveryCatalogIsWrittenWithBackupsAndReadWithReadOnly() throws IOException {
    Map<String, JsonNode> documents = documents(SCOPED);
    assertThat(catalogActions(documents.get("backup.json"))).containsExactlyInAnyOrder("dynamodb:CreateTable",
        "dynamodb:PutItem", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive");
    assertThat(catalogActions(documents.get("read-only.json"))).containsExactlyInAnyOrder("dynamodb:GetItem",
        "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive");
    assertThat(catalogActions(documents.get("delete.json"))).as("the catalog is never deleted from").isEmpty();
  }

  /** The actions of the statements whose every resource is a recovery catalog table. */
  private static Set<String> catalogActions(JsonNode policy) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      List<String> resources = resources(statement);
      if (!resources.isEmpty() && resources.stream().allMatch(r -> r.endsWith(":table/dynamobackup-catalog"))) {
        actions.addAll(actions(statement));
      }
    }
    return actions;
  }

  @Test
  void passRoleIsLimitedToAwsBackup() throws IOException {
    int found = 0;
    for (Map.Entry<String, JsonNode> document : documents(SCOPED).entrySet()) {
      for (JsonNode statement : document.getValue().get("Statement")) {
        if (actions(statement).contains("iam:PassRole")) {
          found++;
          assertThat(actions(statement)).as("iam:PassRole has a statement of its own").containsExactly("iam:PassRole");
          assertThat(statement.at("/Condition/StringEquals/iam:PassedToService").asText())
              .as("iam:PassRole only to AWS Backup").isEqualTo("backup.amazonaws.com");
          assertThat(resources(statement)).as("%s: the roles of iamPolicy.passRoles", document.getKey())
              .containsExactly("arn:aws:iam::111122223333:role/team-a-backup",
                  "arn:aws:iam::111122223333:role/team-c-backup");
        }
      }
    }
    assertThat(found).as("iam:PassRole in backup.json and restore.json").isEqualTo(2);
  }

  @Test
  void everyDocumentIsAWellFormedIdentityPolicy() throws IOException {
    for (Path rendered : List.of(DEFAULT, SCOPED)) {
      documents(rendered).forEach((name, policy) -> {
        assertThat(policy.path("Version").asText()).as(name).isEqualTo("2012-10-17");
        Set<String> sids = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
          assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
          assertThat(sids.add(statement.path("Sid").asText())).as(name + ": unique Sid " + statement.path("Sid"))
              .isTrue();
          assertThat(resources(statement)).as(name + " Resource of " + statement.path("Sid")).isNotEmpty();
          for (String action : actions(statement)) {
            assertThat(action).as("actions are named one by one").matches("[a-z0-9-]+:[A-Z][A-Za-z0-9]+");
          }
        }
      });
    }
  }

  @Test
  void scannerUnderstandsTheCallStyles() {
    String source = """
        import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
        class X {
          // clients.backup(region).deleteBackupVault(b -> b) in a comment is not a call
          /* dynamoDb.deleteTable(x) in a block comment neither */
          String s = "clients.dynamoDb(r).deleteBackup(";
          void a(AwsClients clients, Request r) {
            AwsCalls.call(() -> clients.backup(Arn.parse(r.arn()).region())
                .startBackupJob(b -> b.resourceArn(r.arn())));
            DynamoDbClient dynamoDb = clients.dynamoDb(r.region());
            dynamoDb.listTagsOfResource(b -> b.resourceArn(r.arn()));
            clients.backup(r.region()).listRecoveryPointsByResourcePaginator(b -> b).stream();
            var ddb = clients.dynamoDb(r.region());
            ddb.restoreTableFromBackup(b -> b);
            clients.backup(r.region()).close();
            new StsAssumeRoleCredentialsProvider();
            source.backup().getMetadata(); // a record accessor named like a client accessor is not an AWS call
            var other = source.backup();
            other.getStatus();
          }
        }
        """;
    Map<String, Set<String>> used = new TreeMap<>();
    scanSource("X.java", source, Map.of("backup", "backup", "dynamoDb", "dynamodb"), used);
    assertThat(used.keySet()).containsExactlyInAnyOrder("backup:StartBackupJob", "dynamodb:ListTagsOfResource",
        "backup:ListRecoveryPointsByResource", "dynamodb:RestoreTableFromBackup", "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan",
        "dynamodb:UpdateItem", "sts:AssumeRole");
    assertThat(used.get("backup:StartBackupJob")).containsExactly("X.java:8");
  }

  // ---- the scanner ----

  /** IAM action to the call sites (file:line) that need it. */
  static Map<String, Set<String>> scan(Path sourceRoot) throws IOException {
    Map<String, String> accessors = clientAccessors(sourceRoot);
    Map<String, Set<String>> used = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        scanSource(file.getFileName().toString(), Files.readString(file), accessors, used);
      }
    }
    return used;
  }

  /** The AwsClients accessor methods (e.g. backup(String region) returning BackupClient) to IAM service prefixes. */
  static Map<String, String> clientAccessors(Path sourceRoot) throws IOException {
    Path file;
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      file = files.filter(f -> f.getFileName().toString().equals("AwsClients.java")).findFirst()
          .orElseThrow(() -> new AssertionError("AwsClients.java not found under " + sourceRoot));
    }
    Map<String, String> accessors = new TreeMap<>();
    Matcher m = Pattern.compile("public\\s+(\\w+Client)\\s+(\\w+)\\s*\\(").matcher(stripCommentsAndStrings(
        Files.readString(file)));
    while (m.find()) {
      String prefix = CLIENT_PREFIX.get(m.group(1));
      assertThat(prefix).as("IamPolicyTest does not know the IAM service prefix of %s (AwsClients.%s); add it to"
          + " CLIENT_PREFIX", m.group(1), m.group(2)).isNotNull();
      accessors.put(m.group(2), prefix);
    }
    return accessors;
  }

  static void scanSource(String fileName, String rawSource, Map<String, String> accessors,
      Map<String, Set<String>> used) {
    String source = stripCommentsAndStrings(rawSource);
    // 1. Chained calls on an AwsClients accessor: clients.backup(<args>).startBackupJob(, where clients is a
    //    variable, field or parameter of type AwsClients.
    Set<String> awsClients = new TreeSet<>();
    Matcher declared = Pattern.compile("\\bAwsClients\\s+(\\w+)\\s*[=;,)]").matcher(source);
    while (declared.find()) {
      awsClients.add(declared.group(1));
    }
    if (!accessors.isEmpty() && !awsClients.isEmpty()) {
      Matcher accessor = Pattern.compile("(?<![\\w.])(?:this\\s*\\.\\s*)?(?:" + String.join("|", awsClients)
          + ")\\s*\\.\\s*(" + String.join("|", accessors.keySet()) + ")\\s*\\(").matcher(source);
      while (accessor.find()) {
        int end = closingParen(source, accessor.end() - 1);
        Matcher call = Pattern.compile("\\G\\s*\\.\\s*(\\w+)\\s*\\(").matcher(source);
        if (end > 0 && call.find(end + 1)) {
          record(accessors.get(accessor.group(1)), call.group(1), fileName, source, call.start(1), used);
        }
      }
    }
    // 2. Calls on variables or fields holding a client: DynamoDbClient dynamoDb = ...; var ddb = clients.dynamoDb(...)
    Map<String, String> variables = new TreeMap<>();
    Matcher typed = Pattern.compile("\\b(\\w+Client)\\s+(\\w+)\\s*[=;,)]").matcher(source);
    while (typed.find()) {
      if (CLIENT_PREFIX.containsKey(typed.group(1))) {
        variables.put(typed.group(2), CLIENT_PREFIX.get(typed.group(1)));
      }
    }
    if (!accessors.isEmpty() && !awsClients.isEmpty()) {
      Matcher inferred = Pattern.compile("\\bvar\\s+(\\w+)\\s*=\\s*(?:this\\s*\\.\\s*)?(?:" + String.join("|", awsClients)
          + ")\\s*\\.\\s*("
          + String.join("|", accessors.keySet()) + ")\\s*\\(").matcher(source);
      while (inferred.find()) {
        variables.put(inferred.group(1), accessors.get(inferred.group(2)));
      }
    }
    for (var variable : variables.entrySet()) {
      Matcher call = Pattern.compile("(?<![\\w.])" + Pattern.quote(variable.getKey()) + "\\s*\\.\\s*(\\w+)\\s*\\(")
          .matcher(source);
      while (call.find()) {
        record(variable.getValue(), call.group(1), fileName, source, call.start(1), used);
      }
    }
    // 3. Credentials providers that call AWS themselves.
    Matcher assumeRole = Pattern.compile("\\bStsAssumeRoleCredentialsProvider\\b").matcher(source);
    if (assumeRole.find()) {
      used.computeIfAbsent("sts:AssumeRole", k -> new LinkedHashSet<>())
          .add(fileName + ":" + line(source, assumeRole.start()));
    }
  }

  private static void record(String prefix, String method, String fileName, String source, int at,
      Map<String, Set<String>> used) {
    if (NOT_OPERATIONS.contains(method)) {
      return;
    }
    String operation = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length())
        : method;
    String action = prefix + ":" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
    String site = fileName + ":" + line(source, at);
    used.computeIfAbsent(action, k -> new LinkedHashSet<>()).add(site);
    for (String implied : IMPLIED.getOrDefault(action, List.of())) {
      used.computeIfAbsent(implied, k -> new LinkedHashSet<>()).add(site + " (" + action + ")");
    }
  }

  static int closingParen(String source, int open) {
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  static int line(String source, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Blanks comments, string/text-block and char literals, keeping every newline so line numbers stay right. */
  static String stripCommentsAndStrings(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      String end = null;
      if (source.startsWith("//", i)) {
        end = "\n";
      } else if (source.startsWith("/*", i)) {
        end = "*/";
      } else if (source.startsWith("\"\"\"", i)) {
        end = "\"\"\"";
      } else if (c == '"' || c == '\'') {
        end = String.valueOf(c);
      }
      if (end == null) {
        out.append(c);
        i++;
        continue;
      }
      int from = i + (end.equals("\"\"\"") ? 3 : end.equals("*/") || c == '/' ? 2 : 1);
      int j = from;
      while (j < source.length() && !source.startsWith(end, j)) {
        j += source.charAt(j) == '\\' && end.length() == 1 && !end.equals("\n") ? 2 : 1;
      }
      int stop = Math.min(source.length(), end.equals("\n") ? j : j + end.length());
      for (int k = i; k < stop; k++) {
        out.append(source.charAt(k) == '\n' ? '\n' : ' ');
      }
      i = stop;
    }
    return out.toString();
  }

  // ---- the policies ----

  /** The documents of the ConfigMap <release>-iam-policies in a rendering: file name to parsed JSON. */
  static Map<String, JsonNode> documents(Path rendered) throws IOException {
    JsonNode configMap = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(rendered.toFile());
    assertThat(configMap.path("kind").asText()).as(rendered + " holds the ConfigMap of IAM policies")
        .isEqualTo("ConfigMap");
    Map<String, JsonNode> documents = new TreeMap<>();
    var fields = configMap.path("data").fields();
    while (fields.hasNext()) {
      var field = fields.next();
      documents.put(field.getKey(), new ObjectMapper().readTree(field.getValue().asText()));
    }
    return documents;
  }

  static Set<String> grantedActions(java.util.Collection<JsonNode> policies) {
    Set<String> actions = new TreeSet<>();
    policies.forEach(policy -> actions.addAll(actionsOf(policy)));
    return actions;
  }

  static Set<String> actionsOf(JsonNode policy) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      actions.addAll(actions(statement));
    }
    return actions;
  }

  static List<String> actions(JsonNode statement) {
    return texts(statement.get("Action"));
  }

  static List<String> resources(JsonNode statement) {
    return texts(statement.get("Resource"));
  }

  /** A string or an array of strings. */
  static List<String> texts(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> list = new ArrayList<>();
    node.forEach(a -> list.add(a.asText()));
    return list;
  }

  private static Set<String> without(Set<String> set, String element) {
    Set<String> copy = new TreeSet<>(set);
    copy.remove(element);
    return copy;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static {
    if (!Files.isDirectory(MAIN)) {
      throw new UncheckedIOException(new IOException("operator sources not found at " + MAIN));
    }
  }
}
