package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.collector.CustomResourceCollector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl get shows a kind's columns in the order its class declares them, the most useful first and AGE last. */
class PrinterColumnOrderTest {
  private static final List<Class<? extends HasMetadata>> KINDS = new CustomResourceCollector()
      .withParentClassLoader(PrinterColumnOrderTest.class.getClassLoader())
      .withClasspathElement(CrdFiles.projectRoot().resolve("operator/target/classes").toString())
      .withFileToScan(CrdFiles.projectRoot().resolve("operator/target/classes").toFile())
      .withIncludePackages(List.of("io.dynamobackup.operator.api.v1alpha1"))
      .findCustomResourceClasses();

  @Test
  void everyGeneratedCrdListsItsColumnsAsTheClassDeclaresThemWithAgeLast() {
    assertThat(KINDS).hasSize(CrdFiles.generated().size());
    for (String yaml : CrdFiles.generated().values()) {
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      Class<? extends HasMetadata> kind = KINDS.stream()
          .filter(k -> HasMetadata.getKind(k).equals(crd.getSpec().getNames().getKind())).findFirst().orElseThrow();
      List<String> declared = new ArrayList<>();
      for (AdditionalPrinterColumn column : kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
        declared.add(column.name());
      }
      List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
      assertThat(columns).extracting(CustomResourceColumnDefinition::getName).as(kind.getSimpleName())
          .containsExactlyElementsOf(declared);
      // Kubernetes' own convention: AGE is the last column, the object's identity and state come first
      assertThat(columns.get(columns.size() - 1).getJsonPath()).as(kind.getSimpleName())
          .isEqualTo(".metadata.creationTimestamp");
      assertThat(columns.get(0).getType()).as(kind.getSimpleName()).isNotEqualTo("date");
    }
  }

  @Test
  void theGeneratorsJsonPathOrderBecomesTheDeclarationOrder() {
    CustomResourceDefinition generated = new CustomResourceDefinitionBuilder()
        .withNewSpec().withGroup("dynamobackup.io").withNewNames().withKind("DynamoBackup").endNames()
        .addNewVersion().withName("v1alpha1").withAdditionalPrinterColumns(
            column("Age", ".metadata.creationTimestamp"), column("Recovery Point Age", ".status.completionTime"),
            column("Phase", ".status.phase"), column("Recovery Point", ".status.recoveryPointArn"),
            column("Size", ".status.size"), column("Table", ".status.tableName"))
        .endVersion().endSpec().build();

    new PrinterColumnOrder(KINDS).process(generated, "v1");

    assertThat(generated.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Table", "Phase", "Recovery Point Age", "Size", "Recovery Point", "Age");
  }

  @Test
  void columnsTheClassDoesNotDeclareFollowInTheGeneratorsOrder() {
    List<CustomResourceColumnDefinition> columns = List.of(column("B", ".b"), column("X", ".x"), column("A", ".a"),
        column("W", ".w"));
    assertThat(PrinterColumnOrder.ordered(columns, List.of(".a", ".b")))
        .extracting(CustomResourceColumnDefinition::getName).containsExactly("A", "B", "X", "W");
  }

  private static CustomResourceColumnDefinition column(String name, String jsonPath) {
    return new CustomResourceColumnDefinitionBuilder().withName(name).withJsonPath(jsonPath).withType("string").build();
  }
}
