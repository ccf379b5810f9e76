package io.dynamobackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The files users {@code kubectl apply -f} mean the same to kubectl as to the Java parsers of {@link ApiSchemaTest}
 * and the sandbox. kubectl reads YAML 1.1, in which a plain {@code N}, {@code y}, {@code on}, {@code no}... is a
 * boolean: as a map key it silently becomes {@code "false"} or {@code "true"} (DynamoDB JSON's {@code {N: "495"}}
 * arrives as {@code {"false": "495"}}), which SnakeYAML, the Java side, does not do for the one-letter forms.
 */
class ExamplesAsKubectlReadsThemTest {
  /** go-yaml v2's (sigs.k8s.io/yaml's) booleans other than true/false, which keep their spelling as keys. */
  private static final Set<String> YAML11_BOOLEANS = Set.of("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
      "on", "On", "ON", "off", "Off", "OFF");

  static Stream<Path> applicableFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("examples", "sandbox/dr-drill")) {
      try (var listed = Files.list(CrdFiles.projectRoot().resolve(dir))) {
        listed.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("applicableFiles")
  void noPlainKeyIsAYaml11Boolean(Path file) throws IOException {
    List<String> found = new ArrayList<>();
    for (Node document : new Yaml().composeAll(Files.newBufferedReader(file))) {
      booleanKeys(document, found);
    }
    assertThat(found).as(file + ": quote these keys (\"N\"): kubectl reads them as booleans").isEmpty();
  }

  private static void booleanKeys(Node node, List<String> found) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && key.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
            && YAML11_BOOLEANS.contains(key.getValue())) {
          found.add(key.getValue() + " (line " + (key.getStartMark().getLine() + 1) + ")");
        }
        booleanKeys(tuple.getValueNode(), found);
      }
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> booleanKeys(item, found));
    }
  }
}
