package io.dynamobackup.operator.api;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generates the CRDs from the API types, the one way crds/ is written. */
public final class CrdFiles {
  static final String HEADER = "# Generated from operator/src/main/java/io/dynamobackup/operator/api by CrdsUpToDateTest;"
      + " do not edit.\n";

  /** The project's root directory (tests run in operator/). */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    return Files.exists(dir.resolve("crds")) || Files.exists(dir.resolve("operator")) ? dir : dir.getParent();
  }

  public static Path crdDirectory() {
    return projectRoot().resolve("crds");
  }

  /** File name (e.g. dynamobackups.dynamobackup.io.yaml) to CRD YAML text. */
  public static Map<String, String> generate() {
    try {
      Path out = Files.createTempDirectory("crds");
      new CRDGenerator()
          .customResourceClasses(DynamoBackupPlan.class, DynamoBackup.class, DynamoRestore.class)
          .forCRDVersions("v1")
          .inOutputDir(out.toFile())
          .generate();
      Map<String, String> files = new LinkedHashMap<>();
      try (var generated = Files.list(out)) {
        for (Path file : generated.sorted().toList()) {
          CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
          Class<?> type = KINDS.get(crd.getSpec().getNames().getKind());
          describeFrameworkFields(crd, type);
          orderAndDescribePrinterColumns(crd, type);
          files.put(crd.getMetadata().getName() + ".yaml", HEADER + Serialization.asYaml(crd));
          Files.delete(file);
        }
      }
      Files.delete(out);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Map<String, Class<?>> KINDS = Map.of(
      "DynamoBackupPlan", DynamoBackupPlan.class,
      "DynamoBackup", DynamoBackup.class,
      "DynamoRestore", DynamoRestore.class);

  private static final Map<String, String> KIND_DESCRIPTIONS = Map.of(
      "DynamoBackupPlan", "A backup schedule with GFS retention, lifecycle and cross-Region/account copies for one"
          + " DynamoDB table or a tag-selected set of tables. Creates DynamoBackup objects on schedule.",
      "DynamoBackup", "One AWS Backup job for one DynamoDB table and the recovery point it produced,"
          + " with its copies and the table settings captured at backup time.",
      "DynamoRestore", "One restore of a recovery point into a new DynamoDB table, followed by declarative"
          + " re-application of the settings AWS Backup does not restore (tags, TTL, stream, PITR, ...).");

  private static final Map<String, String> CONDITION_FIELDS = Map.of(
      "type", "Type of the condition, e.g. Ready.",
      "status", "True, False or Unknown.",
      "reason", "Machine-readable reason in CamelCase, e.g. InvalidSpec or AccessDeniedException.",
      "message", "Human-readable details, naming the field or AWS error involved.",
      "lastTransitionTime", "When the status last changed (RFC 3339).",
      "observedGeneration", "The spec generation the condition was computed for.");

  /** Fields that come from fabric8 types (spec/status wrappers, Condition) carry no description of their own. */
  private static void describeFrameworkFields(CustomResourceDefinition crd, Class<?> type) {
    String kind = crd.getSpec().getNames().getKind();
    for (var version : crd.getSpec().getVersions()) {
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(KIND_DESCRIPTIONS.get(kind));
      root.getProperties().get("spec").setDescription("Desired state of the " + kind + ".");
      JSONSchemaProps status = root.getProperties().get("status");
      status.setDescription("Observed state of the " + kind + ", written by the operator.");
      JSONSchemaProps condition = status.getProperties().get("conditions").getItems().getSchema();
      condition.getProperties().forEach((name, field) -> field.setDescription(CONDITION_FIELDS.get(name)));
    }
  }

  /** Keep the declared column order and derive each column's description from the field it prints. */
  private static void orderAndDescribePrinterColumns(CustomResourceDefinition crd, Class<?> type) {
    List<String> order = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (var version : crd.getSpec().getVersions()) {
      version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(c -> order.indexOf(c.getName())));
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
        if (column.getJsonPath().startsWith(".metadata.creationTimestamp")) {
          column.setDescription("Time since the object was created");
          continue;
        }
        JSONSchemaProps node = root;
        for (String part : column.getJsonPath().replaceAll("\\[.*", "").substring(1).split("\\.")) {
          node = node == null || node.getProperties() == null ? null : node.getProperties().get(part);
        }
        if (column.getJsonPath().contains("conditions[?(@.type==\"Ready\")]")) {
          column.setDescription("Status of the Ready condition");
        } else if (node != null) {
          column.setDescription(node.getDescription());
        }
      }
    }
  }

  private CrdFiles() {}
}
