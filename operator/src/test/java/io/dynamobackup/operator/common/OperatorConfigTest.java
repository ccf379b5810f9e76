package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamobackup.operator.api.CrdFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigTest {
  @Test
  void defaultsWatchAllNamespacesAndUseRealAws() {
    OperatorConfig config = OperatorConfig.defaults();
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.metricsPort()).isEqualTo(8080);
    assertThat(config.awsEndpoint()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.pollInitialInterval()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void environmentOverridesTheConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("operator.properties");
    Files.writeString(file, "watchNamespaces=team-a, team-b\nmetricsPort=9000\naws.endpoint=http://127.0.0.1:4566\n");
    OperatorConfig config = OperatorConfig.load(Map.of("DYNAMOBACKUP_METRICS_PORT", "9100",
        "DYNAMOBACKUP_POLL_MAX_INTERVAL", "PT1M"), Optional.of(file));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.metricsPort()).isEqualTo(9100);
    assertThat(config.awsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    assertThat(config.pollMaxInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void badValuesNameTheOptionAndItsVariable() {
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DYNAMOBACKUP_METRICS_PORT", "eighty"), new Properties()))
        .hasMessageContaining("metricsPort").hasMessageContaining("DYNAMOBACKUP_METRICS_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DYNAMOBACKUP_POLL_INITIAL_INTERVAL", "15s"), new Properties()))
        .hasMessageContaining("poll.initialInterval");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DYNAMOBACKUP_LOG_FORMAT", "xml"), new Properties()))
        .hasMessageContaining("text or json");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DYNAMOBACKUP_CATALOG_TABLE_NAME", "a b"), new Properties()))
        .hasMessageContaining("catalog.tableName").hasMessageContaining("not a DynamoDB table name");
    assertThat(OperatorConfig.load(Map.of("DYNAMOBACKUP_CATALOG_TABLE_NAME", ""), new Properties()).catalogTableName())
        .as("empty turns the catalog off").isEmpty();
  }

  @Test
  void unknownKeysInTheFileAreRejected() {
    Properties file = new Properties();
    file.setProperty("watchNamespace", "typo");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of(), file)).hasMessageContaining("unknown config keys [watchNamespace]");
  }

  @Test
  void readmeDocumentsEveryOption() throws IOException {
    String readme = Files.readString(CrdFiles.projectRoot().resolve("README.md"));
    for (OperatorConfig.Option option : OperatorConfig.Option.values()) {
      assertThat(readme).contains("| `" + option.key + "` | `" + option.environmentVariable() + "` | `"
          + option.defaultValue + "` | " + option.description + " |");
    }
  }
}
