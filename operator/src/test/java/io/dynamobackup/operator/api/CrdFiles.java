package io.dynamobackup.operator.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CRDs are: generated from the API types by fabric8's CRD generator (run by {@link GenerateCrds}) into
 * {@code operator/target/crds} (process-classes), committed in {@code crds/} (for {@code kubectl apply}) and in the
 * chart's {@code files/crds/} (rendered by its templates/crds.yaml), named {@code <plural>.<group>.yaml}.
 */
public final class CrdFiles {
  /** The one-line command that regenerates both committed copies (profile update-crds of operator/pom.xml). */
  public static final String REGENERATE = "mvn -B -q -pl operator -am process-classes -Dcrds.update";

  /** The project's root directory (tests run in operator/). */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    return Files.exists(dir.resolve("crds")) || Files.exists(dir.resolve("operator")) ? dir : dir.getParent();
  }

  public static Path crdDirectory() {
    return projectRoot().resolve("crds");
  }

  public static Path chartCrdDirectory() {
    return projectRoot().resolve("helm/dynamo-backup-operator/files/crds");
  }

  /** Committed file name (e.g. dynamobackups.dynamobackup.io.yaml) to the YAML the build generated. */
  public static Map<String, String> generated() {
    Path dir = projectRoot().resolve("operator/target/crds");
    Map<String, String> files = new LinkedHashMap<>();
    try (var generated = Files.list(dir)) {
      for (Path file : generated.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith("-v1.yml")) {
          files.put(name.substring(0, name.length() - "-v1.yml".length()) + ".yaml", Files.readString(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no generated CRDs in " + dir + "; build with maven (process-classes)", e);
    }
    return files;
  }

  private CrdFiles() {}
}
