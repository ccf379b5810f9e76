package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRDs as the API server would enforce them: every example is valid, every broken rule is caught. */
class ApiSchemaTest {
  private static final Map<String, CustomResourceDefinition> CRDS = new HashMap<>();
  private final SchemaValidator validator = new SchemaValidator();

  @BeforeAll
  static void loadCrds() throws IOException {
    try (var files = Files.list(CrdFiles.crdDirectory())) {
      for (Path file : files.toList()) {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        CRDS.put(crd.getSpec().getNames().getKind(), crd);
      }
    }
  }

  static Stream<Path> examples() throws IOException {
    try (var files = Files.list(CrdFiles.projectRoot().resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValid(Path example) throws IOException {
    for (Map<String, Object> object : readAll(example)) {
      assertThat(object.get("apiVersion")).isEqualTo("dynamobackup.io/v1alpha1");
      assertThat(errors(object)).as(example.toString()).isEmpty();
    }
  }

  static Stream<Arguments> brokenObjects() {
    return Stream.of(
        Arguments.of("backup-minimal.yaml", "spec.table.arn", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
            "set exactly one of name or arn"),
        Arguments.of("backup-minimal.yaml", "spec.table.region", null, "region is required when the table is given by name"),
        Arguments.of("backup-minimal.yaml", "spec.iamRoleArn", "role/backup", "does not match"),
        Arguments.of("backup-minimal.yaml", "spec.backupVault", null, ".spec.backupVault: Required value"),
        Arguments.of("backup-minimal.yaml", "spec.table.name", "x", "does not match"),
        Arguments.of("backup-minimal.yaml", "spec.deletionPolicy", "Destroy", "unsupported value"),
        Arguments.of("backup-full.yaml", "spec.lifecycle.deleteAfterDays", 100L,
            "deleteAfterDays must be at least moveToColdStorageAfterDays + 90"),
        Arguments.of("backup-full.yaml", "spec.startWindowMinutes", 30L, "less than the minimum"),
        Arguments.of("backup-full.yaml", "spec.startWindowMinutes", 600L,
            "completionWindowMinutes must be greater than startWindowMinutes"),
        Arguments.of("backup-full.yaml", "spec.copies", List.of(Map.of("backupVaultArn", "arn:aws:s3:::bucket")),
            "does not match"),
        Arguments.of("plan-minimal.yaml", "spec.tableSelector", Map.of("region", "eu-west-1", "matchTags", Map.of("a", "b")),
            "set exactly one of table or tableSelector"),
        Arguments.of("plan-minimal.yaml", "spec.retention", Map.of(),
            "retention needs keepLast or at least one of daily, weekly, monthly, yearly"),
        Arguments.of("plan-minimal.yaml", "spec.timeZone", "Mars Time", "does not match"),
        Arguments.of("plan-minimal.yaml", "spec.concurrencyPolicy", "Replace", "unsupported value"),
        Arguments.of("plan-full.yaml", "spec.tableSelector.matchTags", Map.of(), "needs at least 1 entries"),
        Arguments.of("restore-minimal.yaml", "spec.source.recoveryPointArn",
            "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc-123",
            "set exactly one of recoveryPointArn, backupRef or planRef"),
        Arguments.of("restore-minimal.yaml", "spec.source", Map.of(),
            "set exactly one of recoveryPointArn, backupRef or planRef"),
        Arguments.of("restore-minimal.yaml", "spec.source.pointInTime", "2026-11-20T03:00:00Z", "pointInTime requires planRef"),
        Arguments.of("restore-full.yaml", "spec.target.billingMode", "PAY_PER_REQUEST",
            "provisionedThroughput requires billingMode PROVISIONED"),
        Arguments.of("restore-full.yaml", "spec.target.sse", Map.of("type", "KMS"), "sse.type KMS requires sse.kmsKeyArn"),
        Arguments.of("restore-full.yaml", "spec.target.sse.kmsKeyArn", "arn:aws-cn:kms:cn-north-1:111122223333:key/abc",
            null),
        Arguments.of("restore-full.yaml", "spec.source.planRef.name", "Not_A_Name", "does not match"),
        Arguments.of("restore-full.yaml", "spec.source.recoveryPointArn",
            "arn:aws-us-gov:backup:us-gov-west-1:111122223333:recovery-point:abc", "set exactly one of"));
  }

  @ParameterizedTest(name = "{0} with {1}={2}")
  @MethodSource("brokenObjects")
  void brokenObjectsAreRejectedWithTheirRule(String example, String path, Object value, String expectedError)
      throws IOException {
    Map<String, Object> object = readAll(CrdFiles.projectRoot().resolve("examples").resolve(example)).get(0);
    set(object, path, value);
    if (expectedError == null) {
      assertThat(errors(object)).isEmpty();
    } else {
      assertThat(errors(object)).anySatisfy(error -> assertThat(error).contains(expectedError));
    }
  }

  @Test
  void identityFieldsAreImmutable() throws IOException {
    Path examples = CrdFiles.projectRoot().resolve("examples");
    Map<String, Object> backup = readAll(examples.resolve("backup-minimal.yaml")).get(0);
    Map<String, Object> edited = readAll(examples.resolve("backup-minimal.yaml")).get(0);
    set(edited, "spec.table.name", "payments");
    assertThat(errors(edited, backup)).contains(".spec.table: table is immutable; create a new DynamoBackup instead");
    set(edited, "spec.table.name", "orders");
    set(edited, "spec.backupVault", "other-vault");
    assertThat(errors(edited, backup)).isEmpty();

    Map<String, Object> restore = readAll(examples.resolve("restore-full.yaml")).get(0);
    Map<String, Object> retargeted = readAll(examples.resolve("restore-full.yaml")).get(0);
    set(retargeted, "spec.target.tableName", "elsewhere");
    set(retargeted, "spec.source.pointInTime", "2026-11-21T03:00:00Z");
    assertThat(errors(retargeted, restore)).containsExactlyInAnyOrder(
        ".spec.target: target is immutable; create a new DynamoRestore instead",
        ".spec.source: source is immutable; create a new DynamoRestore instead");
  }

  @Test
  void everySchemaPropertyIsDocumentedForKubectlExplain() {
    List<String> undocumented = new ArrayList<>();
    CRDS.forEach((kind, crd) -> collectUndocumented(kind, crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(),
        undocumented));
    assertThat(undocumented).isEmpty();
  }

  @Test
  void everyKindHasShortNameCategoryPrinterColumnsAndStatusSubresource() {
    assertThat(CRDS).containsOnlyKeys("DynamoBackupPlan", "DynamoBackup", "DynamoRestore");
    CRDS.forEach((kind, crd) -> {
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("dynamobackup");
      assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1).allMatch(s -> s.startsWith("ddb"));
      var version = crd.getSpec().getVersions().get(0);
      assertThat(version.getSubresources().getStatus()).isNotNull();
      assertThat(version.getAdditionalPrinterColumns()).allSatisfy(c -> assertThat(c.getDescription()).isNotBlank());
    });
  }

  private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      out.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> {
        if (!name.equals("metadata") && !name.equals("apiVersion") && !name.equals("kind")) {
          collectUndocumented(path + "." + name, child, out);
        }
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema().getProperties() != null) {
      schema.getItems().getSchema().getProperties().forEach((name, child) -> collectUndocumented(path + "[]." + name, child, out));
    }
  }

  private List<String> errors(Map<String, Object> object) {
    return errors(object, null);
  }

  private List<String> errors(Map<String, Object> object, Map<String, Object> old) {
    CustomResourceDefinition crd = CRDS.get((String) object.get("kind"));
    assertThat(crd).as("CRD for kind " + object.get("kind")).isNotNull();
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    Map<String, Object> withoutMetadata = new HashMap<>(object);
    withoutMetadata.keySet().removeAll(List.of("apiVersion", "kind", "metadata"));
    Map<String, Object> oldWithoutMetadata = old == null ? null : new HashMap<>(old);
    if (oldWithoutMetadata != null) {
      oldWithoutMetadata.keySet().removeAll(List.of("apiVersion", "kind", "metadata"));
    }
    return validator.validate(root, withoutMetadata, oldWithoutMetadata);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> readAll(Path file) throws IOException {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
        objects.add(Serialization.unmarshal(doc, Map.class));
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> object, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> node = object;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new HashMap<String, Object>());
    }
    if (value == null) {
      node.remove(parts[parts.length - 1]);
    } else {
      node.put(parts[parts.length - 1], value);
    }
  }
}
