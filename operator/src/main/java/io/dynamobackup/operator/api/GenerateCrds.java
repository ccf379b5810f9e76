package io.dynamobackup.operator.api;

import io.fabric8.crd.generator.collector.CustomResourceCollector;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Generates the CRDs at build time (operator/pom.xml, phase process-classes): fabric8's CRD generator with the same
 * settings as its Maven plugin, which offers no way to register a {@code CRDPostProcessor}, plus
 * {@link PrinterColumnOrder} and {@link IntegerBounds}. Not used at run time.
 *
 * <p>Arguments: the compiled classes directory, the package of the API types, the output directory
 * ({@code <plural>.<group>-v1.yml} per kind).
 */
public final class GenerateCrds {
  private GenerateCrds() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: GenerateCrds <classes directory> <package> <output directory>");
    }
    File classes = new File(args[0]);
    File output = new File(args[2]);
    // The plugin's own discovery: a Jandex index of the classes, custom resources in the package.
    List<Class<? extends HasMetadata>> kinds = new CustomResourceCollector()
        .withParentClassLoader(Thread.currentThread().getContextClassLoader())
        .withClasspathElement(classes.getAbsolutePath())
        .withFileToScan(classes)
        .withIncludePackages(List.of(args[1]))
        .findCustomResourceClasses();
    if (kinds.isEmpty()) {
      throw new IllegalStateException("no custom resource classes in package " + args[1] + " under " + classes);
    }
    Files.createDirectories(output.toPath());
    new CRDGenerator()
        .customResourceClasses(kinds)
        .withParallelGenerationEnabled(false)
        .withImplicitPreserveUnknownFields(false)
        .withMinQuotes(false)
        .withPostProcessor(both(new PrinterColumnOrder(kinds), new IntegerBounds(kinds)))
        .inOutputDir(output)
        .detailedGenerate();
    try (var files = Files.list(output.toPath())) {
      for (var file : files.toList()) {
        Files.writeString(file, plainNumbers(Files.readString(file)));
      }
    }
  }

  private static final Pattern SCIENTIFIC = Pattern.compile("(?m)^(\\s+(?:maximum|minimum): )(-?[0-9.]+E[0-9]+)$");

  /**
   * Writes bounds such as {@code 2.147483647E9} (Jackson's rendering of a large double) as {@code 2147483647.0}: YAML
   * 1.1 parsers (PyYAML, some CI linters) read an exponent without a sign as a string, Go's YAML as a number.
   */
  static String plainNumbers(String yaml) {
    return SCIENTIFIC.matcher(yaml).replaceAll(m -> m.group(1)
        + new BigDecimal(m.group(2)).setScale(1, RoundingMode.UNNECESSARY).toPlainString());
  }

  /** The generator keeps one post-processor: this runs {@code first}, then {@code second}. */
  private static CRDPostProcessor both(CRDPostProcessor first, CRDPostProcessor second) {
    return new CRDPostProcessor() {
      @Override
      public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
        return second.process(first.process(generated, crdSpecVersion), crdSpecVersion);
      }
    };
  }
}
