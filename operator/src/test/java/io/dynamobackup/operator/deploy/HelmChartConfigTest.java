package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.CrdFiles;
import io.dynamobackup.operator.common.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart configures the operator only through DYNAMOBACKUP_* variables, which the operator ignores when misspelt:
 * every variable the Deployment sets must be an operator option, and every option must be reachable from the chart.
 */
class HelmChartConfigTest {
  static final Path CHART = CrdFiles.projectRoot().resolve("helm/dynamo-backup-operator");

  @Test
  void deploymentSetsExactlyTheOperatorsOptions() throws IOException {
    String deployment = Files.readString(CHART.resolve("templates/deployment.yaml"));
    Set<String> set = new TreeSet<>();
    // "name: DYNAMOBACKUP_X", or "DYNAMOBACKUP_X" as a key of the table of rateLimits variables
    Matcher m = Pattern.compile("(?:name:\\s*|\")(DYNAMOBACKUP_[A-Z0-9_]+)").matcher(deployment);
    while (m.find()) {
      set.add(m.group(1));
    }
    Set<String> options = Arrays.stream(OperatorConfig.Option.values()).map(OperatorConfig.Option::environmentVariable)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(set).as("variables in templates/deployment.yaml that the operator does not read (misspelt?)")
        .isSubsetOf(options);
    assertThat(options).as("operator options the chart cannot set; map a value to each in templates/deployment.yaml,"
        + " values.yaml, values.schema.json and the chart README").isSubsetOf(set);
  }

  @Test
  void leaderElectionIsAlwaysOnInTheReleaseNamespace() throws IOException {
    String deployment = Files.readString(CHART.resolve("templates/deployment.yaml"));
    assertThat(deployment).containsPattern("name: DYNAMOBACKUP_LEADER_ELECTION\\s+value: \"true\"")
        .containsPattern("name: DYNAMOBACKUP_LEADER_ELECTION_NAMESPACE\\s+value: \\{\\{ \\.Release\\.Namespace \\| quote }}");
  }
}
