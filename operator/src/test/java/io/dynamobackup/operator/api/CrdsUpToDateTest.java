package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CI fails on drift: the committed CRDs are byte for byte what the build generated from the API types. */
class CrdsUpToDateTest {
  @Test
  void committedCrdsAreTheGeneratedOnes() throws IOException {
    Map<String, String> generated = CrdFiles.generated();
    assertThat(generated).containsOnlyKeys("dynamobackupplans.dynamobackup.io.yaml", "dynamobackups.dynamobackup.io.yaml",
        "dynamorestores.dynamobackup.io.yaml", "dynamoitemrestores.dynamobackup.io.yaml");
    for (Path dir : List.of(CrdFiles.crdDirectory(), CrdFiles.chartCrdDirectory())) {
      String fix = CrdFiles.projectRoot().relativize(dir) + " is stale; regenerate it with: " + CrdFiles.REGENERATE;
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
