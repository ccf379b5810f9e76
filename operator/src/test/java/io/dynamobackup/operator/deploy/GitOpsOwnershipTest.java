package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.CrdFiles;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.plan.ChildBackups;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Argo CD and Helm own what is in Git: metadata and spec of the objects in examples/ and in users' repositories. The
 * operator writes only status (and JOSDK its finalizer), so a sync never shows drift and never fights the operator.
 * Checked statically: every call that writes an object outside its status subresource must be on an object the
 * operator owns (Events, the captured-settings ConfigMaps, the DynamoBackups a plan creates).
 */
class GitOpsOwnershipTest {
  static final Path ROOT = CrdFiles.projectRoot();
  static final Path MAIN = ROOT.resolve("operator/src/main/java");

  /** Calls that write metadata or spec. patchStatus/updateStatus/editStatus do not match (status subresource). */
  static final Pattern WRITE = Pattern.compile("\\.\\s*(edit|patch|serverSideApply|createOr|createOrReplace)\\s*\\("
      + "|\\.\\s*(update|replace)\\s*\\(\\s*\\)|\\bNonDeletingOperation\\s*::\\s*\\w+|::\\s*(patch|update)\\b"
      + "|UpdateControl\\s*\\.\\s*(patchResource|updateResource|patchResourceAndStatus|updateResourceAndStatus)\\b");

  /** A write is allowed when its statement is about an object the operator owns. Each entry: why. */
  static final Map<Pattern, String> OWNED = Map.of(
      Pattern.compile("\\.\\s*configMaps\\s*\\(\\)"), "captured table settings live in a ConfigMap the backup owns",
      Pattern.compile("\\.\\s*events\\s*\\(\\)"), "Events are written by the operator only",
      Pattern.compile("\\bresources\\s*\\(\\s*DynamoBackup\\.class\\s*\\)|\\b(child|children|childBackup)\\b"),
      "a plan's child DynamoBackups are created and deleted by the plan (allowed in plan/ only)");

  /** GitOps tracking metadata that must never be copied from a plan to the DynamoBackups it creates. */
  static final List<String> TRACKING = List.of("app.kubernetes.io/instance", "app.kubernetes.io/managed-by",
      "argocd.argoproj.io/", "helm.sh/", "meta.helm.sh/");

  record Write(String file, int line, String statement) {}

  @Test
  void planChildrenNeverCopyGitOpsTrackingMetadata() {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("orders-nightly").withNamespace("payments").withUid("uid-1")
        .withGeneration(1L)
        .addToLabels("app.kubernetes.io/instance", "payments")
        .addToLabels("app.kubernetes.io/managed-by", "Helm")
        .addToLabels("argocd.argoproj.io/instance", "payments")
        .addToLabels("helm.sh/chart", "payments-1.0.0")
        .addToLabels("team", "payments")
        .addToAnnotations("argocd.argoproj.io/tracking-id", "payments:dynamobackup.io/DynamoBackupPlan:payments/orders-nightly")
        .addToAnnotations("argocd.argoproj.io/sync-options", "Prune=false")
        .addToAnnotations("meta.helm.sh/release-name", "payments")
        .addToAnnotations("meta.helm.sh/release-namespace", "payments")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named("orders", "eu-west-1");
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = "arn:aws:iam::111122223333:role/dynamo-backup";
    spec.schedule = "0 3 * * *";
    plan.setSpec(spec);

    DynamoBackup child = ChildBackups.build(plan, new TableKey("eu-west-1", "orders"), Instant.parse("2026-01-01T03:00:00Z"));

    var metadata = child.getMetadata();
    List<String> keys = new ArrayList<>();
    if (metadata.getLabels() != null) {
      keys.addAll(metadata.getLabels().keySet());
    }
    if (metadata.getAnnotations() != null) {
      keys.addAll(metadata.getAnnotations().keySet());
    }
    assertThat(keys).as("labels and annotations of a plan's child")
        .noneMatch(key -> TRACKING.stream().anyMatch(key::startsWith))
        .doesNotContain("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(metadata.getLabels()).containsEntry(ChildBackups.PLAN_LABEL, "orders-nightly");
    assertThat(metadata.getOwnerReferences()).singleElement()
        .satisfies(owner -> {
          assertThat(owner.getUid()).isEqualTo("uid-1");
          assertThat(owner.getController()).isTrue();
        });
  }

  @Test
  void operatorWritesOnlyStatusOfTheObjectsGitOpsOwns() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Write write : writes(MAIN)) {
      boolean owned = OWNED.keySet().stream().anyMatch(p -> p.matcher(write.statement()).find());
      boolean childOfPlan = write.statement().matches("(?s).*\\b(resources\\s*\\(\\s*DynamoBackup\\.class|child|children|childBackup)\\b.*")
          && !write.statement().contains("configMaps") && !write.statement().contains("events");
      if (!owned || (childOfPlan && !write.file().contains("/plan/"))) {
        violations.add(write.file() + ":" + write.line() + ": " + write.statement());
      }
    }
    assertThat(violations).as("these calls write metadata/spec of an object Argo CD or Helm may own; write status"
        + " (UpdateControl.patchStatus, resource(x).patchStatus()) or an operator-owned object instead:%n  %s",
        String.join(System.lineSeparator() + "  ", violations)).isEmpty();
  }

  @Test
  void scannerFindsWritesAndAllowsOwnedObjects() {
    String source = """
        class X {
          UpdateControl<A> a(A a) { return UpdateControl.patchResource(a); }
          void b() { client.resource(plan).edit(p -> p); }
          void c() { client.resource(plan)
              .patchStatus(); }
          void d() { client.configMaps().inNamespace("x").resource(map).createOr(NonDeletingOperation::update); }
          // client.resource(plan).update(); in a comment
          void e() { client.resource(restore).serverSideApply(); }
          void f() { var resource = client.resources(DynamoBackup.class).withName(name(child));
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{}"); }
        }
        """;
    List<Write> writes = writes("X.java", source);
    assertThat(writes).extracting(Write::line).containsExactly(2, 3, 6, 8, 10);
    assertThat(writes.get(2).statement()).contains("configMaps()");
    assertThat(writes.get(4).statement()).contains("[resource = client.resources(DynamoBackup.class)");
  }

  @Test
  void examplesCarryNoStatusTheOperatorWouldOverwrite() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
          if (document.strip().isEmpty() || document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
            continue;
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> object = Serialization.unmarshal(document, Map.class);
          assertThat(object).as("%s: status belongs to the operator, not to Git", file.getFileName())
              .doesNotContainKey("status");
          assertThat(String.valueOf(object.get("apiVersion"))).startsWith("dynamobackup.io/");
        }
      }
    }
  }

  static List<Write> writes(Path root) throws IOException {
    List<Write> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        all.addAll(writes(ROOT.relativize(file).toString(), Files.readString(file)));
      }
    }
    return all;
  }

  static List<Write> writes(String fileName, String rawSource) {
    String source = IamPolicyTest.stripCommentsAndStrings(rawSource);
    List<Write> found = new ArrayList<>();
    Matcher m = WRITE.matcher(source);
    int previousStart = -1;
    while (m.find()) {
      int start = Math.max(Math.max(source.lastIndexOf(';', m.start()), source.lastIndexOf('{', m.start())),
          source.lastIndexOf('}', m.start())) + 1;
      if (start == previousStart) {
        continue; // one statement, several write calls (createOr(NonDeletingOperation::update))
      }
      previousStart = start;
      int end = source.indexOf(';', m.end());
      String statement = source.substring(start, end < 0 ? source.length() : end).replaceAll("\\s+", " ").strip();
      // resource.patch(...) on a variable: judge it together with what the variable holds.
      Matcher receiver = Pattern.compile("^(?:return\\s+)?(\\w+)\\s*\\.").matcher(statement);
      if (receiver.find()) {
        Matcher declaration = Pattern.compile("\\b" + Pattern.quote(receiver.group(1)) + "\\s*=\\s*([^;]*);")
            .matcher(source);
        if (declaration.find()) {
          statement = statement + "  [" + receiver.group(1) + " = "
              + declaration.group(1).replaceAll("\\s+", " ").strip() + "]";
        }
      }
      int line = (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      found.add(new Write(fileName, line, statement));
    }
    return found;
  }
}
