package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdsUpToDateTest {
  static final String FIX =
      "%s is stale. Regenerate with: mvn -pl operator -am test -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true";

  /** Where the CRDs are committed: crds/ (kubectl apply -f crds/) and the Helm chart's crds/, byte-identical. */
  static List<Path> crdDirectories() {
    return List.of(CrdFiles.crdDirectory(), CrdFiles.projectRoot().resolve("helm/dynamo-backup-operator/crds"));
  }

  @Test
  void committedCrdsMatchTheJavaTypes() throws IOException {
    Map<String, String> generated = CrdFiles.generate();
    assertThat(generated).hasSize(3);
    for (Path dir : crdDirectories()) {
      String fix = String.format(FIX, CrdFiles.projectRoot().relativize(dir));
      if (Boolean.getBoolean("crds.update")) {
        Files.createDirectories(dir);
        for (var entry : generated.entrySet()) {
          Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
        }
      }
      for (var entry : generated.entrySet()) {
        Path committed = dir.resolve(entry.getKey());
        assertThat(committed).as(fix).exists();
        assertThat(Files.readString(committed)).as(fix).isEqualTo(entry.getValue());
      }
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()).toList()).as("unexpected files in %s", dir)
            .containsExactlyInAnyOrderElementsOf(generated.keySet());
      }
    }
  }
}
