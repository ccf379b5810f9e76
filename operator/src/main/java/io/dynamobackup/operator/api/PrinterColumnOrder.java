package io.dynamobackup.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts each CRD version's {@code additionalPrinterColumns} in the order the kind's class declares its
 * {@code @AdditionalPrinterColumn} annotations, which is the order {@code kubectl get} shows them in. fabric8's CRD
 * generator sorts them by JSON path ({@code .metadata.creationTimestamp} first), so without this AGE came first
 * instead of last, where Kubernetes puts it. Columns the class does not declare (field-level {@code @PrinterColumn})
 * follow in the generator's order. Used at build time by {@link GenerateCrds}.
 */
public final class PrinterColumnOrder implements CRDPostProcessor {
  private final Map<String, Class<? extends HasMetadata>> kinds;

  /** {@code kinds}: the custom resource classes the CRDs are generated from. */
  public PrinterColumnOrder(List<Class<? extends HasMetadata>> kinds) {
    this.kinds = kinds.stream().collect(Collectors.toMap(PrinterColumnOrder::key, Function.identity()));
  }

  @Override
  public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
    if (generated instanceof CustomResourceDefinition crd) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        Class<? extends HasMetadata> kind = kinds.get(crd.getSpec().getGroup() + "/" + version.getName() + "/"
            + crd.getSpec().getNames().getKind());
        if (kind != null && version.getAdditionalPrinterColumns() != null) {
          version.setAdditionalPrinterColumns(ordered(version.getAdditionalPrinterColumns(), declared(kind)));
        }
      }
    }
    return generated;
  }

  /** The JSON paths of the class's printer columns, in declaration order. */
  public static List<String> declared(Class<?> kind) {
    List<String> paths = new ArrayList<>();
    for (AdditionalPrinterColumn column : kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      paths.add(column.jsonPath());
    }
    return paths;
  }

  static List<CustomResourceColumnDefinition> ordered(List<CustomResourceColumnDefinition> columns,
      List<String> declared) {
    List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
    // a stable sort: undeclared columns keep their relative order, after the declared ones
    sorted.sort(Comparator.comparingInt(c -> {
      int index = declared.indexOf(c.getJsonPath());
      return index < 0 ? declared.size() : index;
    }));
    return sorted;
  }

  private static String key(Class<? extends HasMetadata> kind) {
    return HasMetadata.getGroup(kind) + "/" + HasMetadata.getVersion(kind) + "/" + HasMetadata.getKind(kind);
  }
}
