package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdsUpToDateTest {
  static final String FIX =
      "crds/ is stale. Regenerate with: mvn -pl operator -am test -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true";

  @Test
  void committedCrdsMatchTheJavaTypes() throws IOException {
    Map<String, String> generated = CrdFiles.generate();
    Path dir = CrdFiles.crdDirectory();
    if (Boolean.getBoolean("crds.update")) {
      Files.createDirectories(dir);
      for (var entry : generated.entrySet()) {
        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
      }
    }
    assertThat(generated).hasSize(3);
    for (var entry : generated.entrySet()) {
      Path committed = dir.resolve(entry.getKey());
      assertThat(committed).as(FIX).exists();
      assertThat(Files.readString(committed)).as(FIX).isEqualTo(entry.getValue());
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("unexpected files in crds/")
          .containsExactlyInAnyOrderElementsOf(generated.keySet());
    }
  }
}
