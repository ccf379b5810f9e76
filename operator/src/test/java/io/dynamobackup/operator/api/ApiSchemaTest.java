package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.kube.FieldError;
import io.dynamobackup.kube.SchemaValidator;
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

/**
 * The committed CRDs as the API server enforces them (kube-apiserver's {@link SchemaValidator}, the one the operator's
 * integration tests and the sandbox run): every example is valid, every broken rule is caught.
 */
class ApiSchemaTest {
  private static final Map<String, CustomResourceDefinition> CRDS = new HashMap<>();

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
        Arguments.of("backup-minimal.yaml", "spec.iamRoleArn", "role/backup", "should match"),
        Arguments.of("backup-minimal.yaml", "spec.backupVault", null, "spec.backupVault: Required value"),
        Arguments.of("backup-minimal.yaml", "spec.table.name", "x", "should match"),
        Arguments.of("backup-minimal.yaml", "spec.deletionPolicy", "Destroy", "Unsupported value"),
        Arguments.of("backup-full.yaml", "spec.lifecycle.deleteAfterDays", 100L,
            "deleteAfterDays must be at least moveToColdStorageAfterDays + 90"),
        Arguments.of("backup-full.yaml", "spec.startWindowMinutes", 30L, "should be greater than or equal to"),
        Arguments.of("backup-full.yaml", "spec.startWindowMinutes", 600L,
            "completionWindowMinutes must be greater than startWindowMinutes"),
        Arguments.of("backup-full.yaml", "spec.copies", List.of(Map.of("backupVaultArn", "arn:aws:s3:::bucket")),
            "should match"),
        Arguments.of("plan-minimal.yaml", "spec.tableSelector", Map.of("region", "eu-west-1", "matchTags", Map.of("a", "b")),
            "set exactly one of table or tableSelector"),
        Arguments.of("plan-minimal.yaml", "spec.retention", Map.of(),
            "retention must keep at least one recovery point: set keepLast, or daily, weekly, monthly or yearly above 0"),
        Arguments.of("plan-minimal.yaml", "spec.retention", Map.of("daily", 0L, "weekly", 0L),
            "retention must keep at least one recovery point"),
        Arguments.of("plan-minimal.yaml", "spec.retention", Map.of("daily", 0L, "yearly", 1L), null),
        Arguments.of("plan-minimal.yaml", "spec.retention.keepLast", 99_999_999_999L,
            "spec.retention.keepLast in body should be less than or equal to 2147483647"),
        Arguments.of("plan-minimal.yaml", "spec.startingDeadlineSeconds", new java.math.BigInteger("99999999999999999999"),
            "spec.startingDeadlineSeconds in body must be of type integer: \"number\""),
        Arguments.of("plan-minimal.yaml", "spec.timeZone", "Mars Time", "should match"),
        Arguments.of("plan-minimal.yaml", "spec.concurrencyPolicy", "Replace", "Unsupported value"),
        Arguments.of("plan-full.yaml", "spec.tableSelector.matchTags", Map.of(), "should have at least 1 properties"),
        Arguments.of("plan-minimal.yaml", "spec.template", null, "spec.template: Required value"),
        Arguments.of("plan-minimal.yaml", "spec.template.backupVault", null, "spec.template.backupVault: Required value"),
        Arguments.of("plan-full.yaml", "spec.template.startWindowMinutes", 600L,
            "completionWindowMinutes must be greater than startWindowMinutes"),
        Arguments.of("plan-full.yaml", "spec.template.lifecycle.deleteAfterDays", 100L,
            "deleteAfterDays must be at least moveToColdStorageAfterDays + 90"),
        Arguments.of("backup-full.yaml", "spec.recoveryPointTags.note", "x".repeat(257), "may not be more than 256"),
        Arguments.of("restore-full.yaml", "spec.source.planRef.takenAtOrBefore", "last Tuesday",
            "must be of type date-time"),
        Arguments.of("restore-full.yaml", "spec.source.planRef.table", Map.of("name", "orders"),
            "region is required when the table is given by name"),
        Arguments.of("backup-minimal.yaml", "spec.recoveryPointArn", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
            "should match"),
        Arguments.of("backup-full.yaml", "spec.recoveryPointArn",
            "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc-123",
            "starts no backup job: startWindowMinutes, completionWindowMinutes and recoveryPointTags do not apply"),
        Arguments.of("backup-full.yaml", "spec.copies", List.of(Map.of(
            "backupVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
            "recoveryPointArn", "arn:aws:backup:us-west-2:111122223333:recovery-point:def-456")),
            "copies[].recoveryPointArn names an existing copy and needs recoveryPointArn"),
        Arguments.of("plan-full.yaml", "spec.template.copies", List.of(Map.of(
            "backupVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
            "recoveryPointArn", "arn:aws:backup:us-west-2:111122223333:recovery-point:def-456")),
            "template.copies[].recoveryPointArn is only for a DynamoBackup that adopts an existing copy"),
        Arguments.of("restore-minimal.yaml", "spec.source.recoveryPointArn",
            "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc-123",
            "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery"),
        Arguments.of("restore-minimal.yaml", "spec.source", Map.of(),
            "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery"),
        Arguments.of("restore-full.yaml", "spec.target.billingMode", "PAY_PER_REQUEST",
            "provisionedThroughput requires billingMode PROVISIONED"),
        Arguments.of("restore-full.yaml", "spec.target.sse", Map.of("type", "KMS"), "sse.type KMS requires sse.kmsKeyArn"),
        Arguments.of("restore-full.yaml", "spec.target.sse.kmsKeyArn", "arn:aws-cn:kms:cn-north-1:111122223333:key/abc",
            null),
        Arguments.of("restore-full.yaml", "spec.source.planRef.name", "Not_A_Name", "should match"),
        Arguments.of("restore-full.yaml", "spec.source.recoveryPointArn",
            "arn:aws-us-gov:backup:us-gov-west-1:111122223333:recovery-point:abc", "set exactly one of"),
        Arguments.of("restore-pitr.yaml", "spec.source.pointInTimeRecovery.restoreDateTime", "2026-11-20T14:32:07Z",
            "set exactly one of restoreDateTime or useLatestRestorableTime: true"),
        Arguments.of("restore-pitr.yaml", "spec.source.pointInTimeRecovery.useLatestRestorableTime", false,
            "set exactly one of restoreDateTime or useLatestRestorableTime: true"),
        Arguments.of("restore-pitr.yaml", "spec.source.pointInTimeRecovery.table", Map.of("region", "eu-west-1"),
            "set exactly one of name or arn"),
        Arguments.of("restore-pitr.yaml", "spec.source.backupRef", Map.of("name", "orders-now"),
            "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery"),
        Arguments.of("restore-pitr.yaml", "spec.source.region", "eu-west-1",
            "region is the Region of a recovery point"),
        Arguments.of("restore-pitr.yaml", "spec.source.pointInTimeRecovery", Map.of("table", Map.of("name", "orders",
            "region", "eu-west-1"), "restoreDateTime", "yesterday"), "must be of type date-time"),
        Arguments.of("item-restore-filter.yaml", "spec.items.all", true, "set exactly one of keys, filter or all: true"),
        Arguments.of("item-restore-filter.yaml", "spec.items", Map.of(), "set exactly one of keys, filter or all: true"),
        Arguments.of("item-restore-filter.yaml", "spec.items.filter.expression", null,
            "spec.items.filter.expression: Required value"),
        Arguments.of("item-restore-filter.yaml", "spec.conflictPolicy", "OverwriteIfUnchangedSince",
            "unchangedSince is required with conflictPolicy OverwriteIfUnchangedSince, and only then"),
        Arguments.of("item-restore-filter.yaml", "spec.conflictPolicy", "Merge", "Unsupported value: \"Merge\""),
        Arguments.of("item-restore-filter.yaml", "spec.target.region", null, "spec.target.region: Required value"),
        Arguments.of("item-restore-filter.yaml", "spec.source.pointInTimeRecovery", null,
            "set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery"),
        Arguments.of("item-restore-keys.yaml", "spec.items.keys", List.of(Map.of("orderId", Map.of("S", "o-1",
            "N", "1"))), "a key attribute is exactly one of S, N or B"),
        Arguments.of("item-restore-keys.yaml", "spec.items.keys", List.of(Map.of("a", Map.of("S", "1"),
            "b", Map.of("S", "2"), "c", Map.of("S", "3"))), "at most 2"),
        Arguments.of("item-restore-keys.yaml", "spec.unchangedSince", null,
            "unchangedSince is required with conflictPolicy OverwriteIfUnchangedSince, and only then"),
        Arguments.of("item-restore-keys.yaml", "spec.unchangedSince.time", "noon", "must be of type date-time"),
        Arguments.of("item-restore-keys.yaml", "spec.writeRate.percentOfCapacity", 0L, "should be greater than or equal to 1"),
        Arguments.of("item-restore-keys.yaml", "spec.writeRate.percentOfCapacity", 101L, "should be less than or equal to 100"));
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
    assertThat(errors(edited, backup)).contains("spec.table: Invalid value: \"object\": table is immutable; create a new DynamoBackup instead");
    set(edited, "spec.table.name", "orders");
    set(edited, "spec.deletionPolicy", "Delete");
    assertThat(errors(edited, backup)).isEmpty();

    Map<String, Object> restore = readAll(examples.resolve("restore-full.yaml")).get(0);
    Map<String, Object> retargeted = readAll(examples.resolve("restore-full.yaml")).get(0);
    set(retargeted, "spec.target.tableName", "elsewhere");
    set(retargeted, "spec.source.planRef.takenAtOrBefore", "2026-11-21T03:00:00Z");
    assertThat(errors(retargeted, restore)).containsExactlyInAnyOrder(
        "spec.target: Invalid value: \"object\": target is immutable; create a new DynamoRestore instead",
        "spec.source: Invalid value: \"object\": source is immutable; create a new DynamoRestore instead");

    Map<String, Object> items = readAll(examples.resolve("item-restore-keys.yaml")).get(0);
    Map<String, Object> edited2 = readAll(examples.resolve("item-restore-keys.yaml")).get(0);
    set(edited2, "spec.target.tableName", "payments");
    set(edited2, "spec.conflictPolicy", "Overwrite");
    set(edited2, "spec.unchangedSince", null);
    set(edited2, "spec.dryRun", false);
    set(edited2, "spec.writeRate.unitsPerSecond", 10L);
    assertThat(errors(edited2, items)).containsExactlyInAnyOrder(
        "spec.target: Invalid value: \"object\": target is immutable; create a new DynamoItemRestore instead",
        "spec.conflictPolicy: Invalid value: \"string\": conflictPolicy is immutable",
        "spec.dryRun: Invalid value: \"boolean\": dryRun is immutable");
  }

  static Stream<Arguments> backupEdits() {
    return Stream.of(
        Arguments.of("backupVault", "other-vault"),
        Arguments.of("iamRoleArn", "arn:aws:iam::111122223333:role/other"),
        Arguments.of("startWindowMinutes", 120L),
        Arguments.of("completionWindowMinutes", null),
        Arguments.of("lifecycle", Map.of("deleteAfterDays", 30L)),
        Arguments.of("copies", List.of()),
        Arguments.of("recoveryPointTags", Map.of("reason", "schema-migration")),
        Arguments.of("captureTableSettings", false));
  }

  @ParameterizedTest(name = "spec.{0}")
  @MethodSource("backupEdits")
  void aBackupSpecIsImmutableExceptDeletionPolicy(String field, Object value) throws IOException {
    Path example = CrdFiles.projectRoot().resolve("examples/backup-full.yaml");
    Map<String, Object> backup = readAll(example).get(0);
    Map<String, Object> edited = readAll(example).get(0);
    set(edited, "spec." + field, value);
    set(edited, "spec.deletionPolicy", "Delete");
    assertThat(errors(edited, backup)).containsExactly("spec." + field + ": Invalid value: \"object\": " + field
        + " is immutable: AWS Backup cannot change or cancel a started job; create a new DynamoBackup instead"
        + " (only deletionPolicy can change)");
  }

  @Test
  void aBackupThatAdoptsARecoveryPointKeepsIt() throws IOException {
    Path example = CrdFiles.projectRoot().resolve("examples/backup-minimal.yaml");
    Map<String, Object> adopting = readAll(example).get(0);
    set(adopting, "spec.recoveryPointArn", "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc-123");
    set(adopting, "spec.copies", List.of(Map.of("backupVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
        "recoveryPointArn", "arn:aws:backup:us-west-2:111122223333:recovery-point:def-456")));
    assertThat(errors(adopting)).isEmpty();
    Map<String, Object> edited = readAll(example).get(0);
    set(edited, "spec.recoveryPointArn", "arn:aws:backup:eu-west-1:111122223333:recovery-point:other");
    set(edited, "spec.copies", adopting.get("spec") instanceof Map<?, ?> spec ? spec.get("copies") : null);
    assertThat(errors(edited, adopting)).contains("spec.recoveryPointArn: Invalid value: \"object\": recoveryPointArn"
        + " is immutable; create a new DynamoBackup to adopt another recovery point");
  }

  @Test
  void addingAnOptionalFieldToABackupIsAnEditToo() throws IOException {
    Path example = CrdFiles.projectRoot().resolve("examples/backup-minimal.yaml");
    Map<String, Object> backup = readAll(example).get(0);
    Map<String, Object> edited = readAll(example).get(0);
    set(edited, "spec.lifecycle", Map.of("deleteAfterDays", 30L));
    set(edited, "spec.copies", List.of(Map.of("backupVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr")));
    assertThat(errors(edited, backup)).hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("spec.lifecycle: Invalid value: \"object\": lifecycle is immutable"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.copies: Invalid value: \"object\": copies is immutable"));
  }

  @Test
  void aPlansTemplateStaysEditable() throws IOException {
    Path example = CrdFiles.projectRoot().resolve("examples/plan-full.yaml");
    Map<String, Object> plan = readAll(example).get(0);
    Map<String, Object> edited = readAll(example).get(0);
    set(edited, "spec.template.backupVault", "other-vault");
    set(edited, "spec.template.copies", List.of());
    set(edited, "spec.schedule", "0 4 * * *");
    assertThat(errors(edited, plan)).isEmpty();
  }

  static Stream<Arguments> brokenConditions() {
    return Stream.of(
        Arguments.of("reason", null, "status.conditions[0].reason: Required value"),
        Arguments.of("message", null, "status.conditions[0].message: Required value"),
        Arguments.of("lastTransitionTime", null, "status.conditions[0].lastTransitionTime: Required value"),
        Arguments.of("lastTransitionTime", "yesterday", "must be of type date-time"),
        Arguments.of("status", "Maybe", "status.conditions[0].status: Unsupported value: \"Maybe\""),
        Arguments.of("reason", "Access denied", "status.conditions[0].reason: Invalid value: \"Access denied\": status.conditions[0].reason in body should match"),
        Arguments.of("reason", "", "should be at least 1 chars long"),
        Arguments.of("type", "Ready!", "status.conditions[0].type: Invalid value: \"Ready!\": status.conditions[0].type in body should match"),
        Arguments.of("observedGeneration", -1L, "should be greater than or equal to"));
  }

  @ParameterizedTest(name = "conditions[0].{0}={1}")
  @MethodSource("brokenConditions")
  void conditionsHaveTheKubernetesConditionSchema(String field, Object value, String expectedError)
      throws IOException {
    for (String example : List.of("backup-minimal.yaml", "plan-minimal.yaml", "restore-minimal.yaml")) {
      Map<String, Object> object = readAll(CrdFiles.projectRoot().resolve("examples").resolve(example)).get(0);
      Map<String, Object> condition = new HashMap<>(Map.of("type", "Ready", "status", "False", "reason", "InvalidSpec",
          "message", "spec.backupVault: required", "lastTransitionTime", "2026-11-20T03:00:00.123Z",
          "observedGeneration", 2L));
      assertThat(errors(withConditions(object, condition))).as(example).isEmpty();
      set(condition, field, value);
      assertThat(errors(withConditions(object, condition))).as(example)
          .anySatisfy(error -> assertThat(error).contains(expectedError));
    }
  }

  @Test
  void conditionsAreAListMapKeyedByType() throws IOException {
    Map<String, Object> backup = readAll(CrdFiles.projectRoot().resolve("examples/backup-minimal.yaml")).get(0);
    Map<String, Object> ready = Map.of("type", "Ready", "status", "True", "reason", "Completed", "message", "",
        "lastTransitionTime", "2026-11-20T03:00:00Z");
    assertThat(errors(withConditions(backup, ready, ready))).containsExactly("status.conditions[1]: Duplicate value: map[string]interface {}{\"type\":\"Ready\"}");
    CRDS.values().forEach(crd -> {
      JSONSchemaProps conditions = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties()
          .get("status").getProperties().get("conditions");
      assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
      assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
      assertThat(conditions.getItems().getSchema().getRequired())
          .containsExactlyInAnyOrder("type", "status", "lastTransitionTime", "reason", "message");
    });
  }

  @Test
  void everyTimestampIsADateTime() {
    List<String> timestamps = new ArrayList<>();
    CRDS.forEach((kind, crd) -> collectTimestamps(kind, crd.getSpec().getVersions().get(0).getSchema()
        .getOpenAPIV3Schema(), timestamps));
    assertThat(timestamps).contains("DynamoBackup.status.completionTime",
        "DynamoRestore.spec.source.planRef.takenAtOrBefore",
        "DynamoRestore.spec.source.pointInTimeRecovery.restoreDateTime", "DynamoItemRestore.spec.unchangedSince.time",
        "DynamoBackupPlan.status.lastDrill.startTime", "DynamoBackupPlan.status.conditions[].lastTransitionTime");
    CRDS.forEach((kind, crd) -> assertThat(undated(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()))
        .as("timestamp properties of %s without format: date-time", kind).isEmpty());
  }

  /** Properties whose description says they hold an RFC 3339 time. */
  private static void collectTimestamps(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getDescription() != null && schema.getDescription().contains("RFC 3339")) {
      out.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> collectTimestamps(path + "." + name, child, out));
    }
    if (schema.getItems() != null) {
      collectTimestamps(path + "[]", schema.getItems().getSchema(), out);
    }
  }

  private static List<String> undated(JSONSchemaProps root) {
    List<String> timestamps = new ArrayList<>();
    collectTimestamps("", root, timestamps);
    List<String> undated = new ArrayList<>();
    for (String path : timestamps) {
      JSONSchemaProps node = root;
      for (String part : path.substring(1).split("\\.")) {
        node = part.endsWith("[]") ? node.getProperties().get(part.substring(0, part.length() - 2)).getItems().getSchema()
            : node.getProperties().get(part);
      }
      if (!"date-time".equals(node.getFormat())) {
        undated.add(path);
      }
    }
    return undated;
  }

  @SafeVarargs
  private static Map<String, Object> withConditions(Map<String, Object> object, Map<String, Object>... conditions) {
    Map<String, Object> copy = new HashMap<>(object);
    copy.put("status", Map.of("conditions", List.of(conditions)));
    return copy;
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
    assertThat(CRDS).containsOnlyKeys("DynamoBackupPlan", "DynamoBackup", "DynamoRestore", "DynamoItemRestore");
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

  /** The errors the API server answers for {@code object} (an update of {@code old} when not null). */
  private List<String> errors(Map<String, Object> object, Map<String, Object> old) {
    CustomResourceDefinition crd = CRDS.get((String) object.get("kind"));
    assertThat(crd).as("CRD for kind " + object.get("kind")).isNotNull();
    JsonNode schema = Serialization.jsonMapper().valueToTree(crd.getSpec().getVersions().get(0).getSchema()
        .getOpenAPIV3Schema());
    ObjectNode node = Serialization.jsonMapper().valueToTree(object);
    JsonNode oldNode = old == null ? null : Serialization.jsonMapper().valueToTree(old);
    return SchemaValidator.validate(schema, node, oldNode).errors().stream().map(FieldError::toString).toList();
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
