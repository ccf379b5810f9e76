package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every integer the API server admits under the committed CRDs, the operator can read: an object holding any
 * integer field at its schema's maximum or minimum (int64's, where the schema sets none) deserializes into the API
 * types. An object the operator cannot read stops its informer, and with it the operator.
 */
class IntegerBoundsTest {
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("DynamoBackupPlan", DynamoBackupPlan.class,
      "DynamoBackup", DynamoBackup.class, "DynamoRestore", DynamoRestore.class,
      "DynamoItemRestore", DynamoItemRestore.class);

  @Test
  void everyAdmittedIntegerIsReadableByTheOperator() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (var files = Files.list(CrdFiles.crdDirectory())) {
      for (Path file : files.sorted().toList()) {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        Class<? extends HasMetadata> kind = KINDS.get(crd.getSpec().getNames().getKind());
        JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        for (String path : integerPaths("", root)) {
          JSONSchemaProps schema = at(root, path);
          for (BigDecimal extreme : List.of(
              schema.getMaximum() == null ? BigDecimal.valueOf(Long.MAX_VALUE) : BigDecimal.valueOf(schema.getMaximum()),
              schema.getMinimum() == null ? BigDecimal.valueOf(Long.MIN_VALUE) : BigDecimal.valueOf(schema.getMinimum()))) {
            String json = objectWith(path, extreme.toBigInteger().toString());
            checked.add(kind.getSimpleName() + path);
            try {
              Serialization.jsonMapper().readValue(json, kind);
            } catch (IOException | RuntimeException e) {
              unreadable.add(kind.getSimpleName() + path + " = " + extreme.toBigInteger() + ": " + e.getMessage()
                  .lines().findFirst().orElse(""));
            }
          }
        }
      }
    }
    assertThat(checked).contains("DynamoBackupPlan.spec.retention.keepLast",
        "DynamoRestore.spec.settings.autoScaling[].scheduledActions[].maxCapacity", "DynamoBackup.status.sizeBytes");
    assertThat(unreadable).as("integer fields the API server admits beyond their Java type; bound them in the API"
        + " type or see IntegerBounds").isEmpty();
  }

  /** Paths like {@code .spec.copies[].lifecycle.deleteAfterDays} of every integer property. */
  private static List<String> integerPaths(String path, JSONSchemaProps schema) {
    List<String> paths = new ArrayList<>();
    if ("integer".equals(schema.getType())) {
      paths.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> paths.addAll(integerPaths(path + "." + name, child)));
    }
    if (schema.getItems() != null) {
      paths.addAll(integerPaths(path + "[]", schema.getItems().getSchema()));
    }
    return paths;
  }

  private static JSONSchemaProps at(JSONSchemaProps root, String path) {
    JSONSchemaProps node = root;
    for (String part : path.substring(1).split("\\.")) {
      String name = part.replace("[]", "");
      node = node.getProperties().get(name);
      for (int i = part.indexOf("[]"); i >= 0; i = part.indexOf("[]", i + 2)) {
        node = node.getItems().getSchema();
      }
    }
    return node;
  }

  /** A JSON object with only {@code path} set, e.g. {"spec":{"copies":[{"lifecycle":{"deleteAfterDays":9}}]}}. */
  private static String objectWith(String path, String value) {
    String json = value;
    String[] parts = path.substring(1).split("\\.");
    for (int p = parts.length - 1; p >= 0; p--) {
      String part = parts[p];
      for (int i = part.indexOf("[]"); i >= 0; i = part.indexOf("[]", i + 2)) {
        json = "[" + json + "]";
      }
      json = "{\"" + part.replace("[]", "") + "\":" + json + "}";
    }
    return json;
  }
}
