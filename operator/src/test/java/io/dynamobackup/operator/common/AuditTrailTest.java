package io.dynamobackup.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.aws.AwsAudit;
import io.dynamobackup.operator.testing.KubernetesApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An audit record is an event on its object and one JSON log line whose fields a log pipeline can index. */
class AuditTrailTest {
  final KubernetesApi kubernetes = new KubernetesApi(Clock.systemUTC());
  final AuditTrail trail = new AuditTrail(new EventRecorder(kubernetes.client(), Clock.systemUTC()));
  final ByteArrayOutputStream json = new ByteArrayOutputStream();
  final Logger logger = (Logger) LoggerFactory.getLogger(AuditTrail.LOGGER);
  final OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();

  @BeforeEach
  void jsonLog() {
    kubernetes.server().createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(json);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(appender);
    kubernetes.close();
  }

  @Test
  void aCallIsAnEventOnItsObjectAndAJsonLogLineWithEveryField() throws Exception {
    DynamoRestore restore = restore();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("targetTableName", "orders-restored");
    details.put("restoreJobId", "job-1");
    trail.record(restore, new AwsAudit.Call("Backup", "StartRestoreJob", "111122223333", "eu-west-1",
        "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1", details, null));

    var events = kubernetes.client().v1().events().inNamespace("team-a").list().getItems();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getReason()).isEqualTo("StartRestoreJob");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("restored");
      assertThat(e.getMessage()).isEqualTo("AWS StartRestoreJob in 111122223333/eu-west-1 on"
          + " arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1 (targetTableName orders-restored,"
          + " restoreJobId job-1)");
    });
    JsonNode line = lines().get(0);
    assertThat(line.path("logger_name").asText()).isEqualTo("dynamobackup.audit");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    for (var field : Map.of("namespace", "team-a", "kind", "DynamoRestore", "name", "restored", "uid", "uid-1",
        "account", "111122223333", "region", "eu-west-1", "operation", "StartRestoreJob", "resourceArn",
        "arn:aws:backup:eu-west-1:111122223333:recovery-point:p-1", "outcome", "success", "restoreJobId", "job-1")
        .entrySet()) {
      assertThat(line.path(field.getKey()).asText()).as(field.getKey()).isEqualTo(field.getValue());
    }
  }

  @Test
  void aFailedCallIsAWarningLogLineButNoEvent() throws Exception {
    trail.record(restore(), new AwsAudit.Call("DynamoDb", "DeleteTable", "111122223333", "eu-west-1",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-restored", Map.of(), "AccessDeniedException"));
    assertThat(kubernetes.client().v1().events().inNamespace("team-a").list().getItems()).isEmpty();
    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("outcome").asText()).isEqualTo("AccessDeniedException");
    assertThat(line.path("message").asText()).endsWith("failed: AccessDeniedException");
  }

  @Test
  void aRepeatedDeleteThatFindsNothingIsAnInfoLine() throws Exception {
    trail.record(restore(), new AwsAudit.Call("Backup", "DeleteRecoveryPoint", "111122223333", "us-west-2",
        "arn:aws:backup:us-west-2:111122223333:recovery-point:p-1", Map.of(), "ResourceNotFoundException"));
    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("outcome").asText()).isEqualTo("ResourceNotFoundException");
    assertThat(line.path("message").asText()).endsWith("found nothing to delete: ResourceNotFoundException");
    assertThat(kubernetes.client().v1().events().inNamespace("team-a").list().getItems()).isEmpty();
  }

  private List<JsonNode> lines() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String text : json.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(mapper.readTree(text));
    }
    return lines;
  }

  private static DynamoRestore restore() {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("restored").withNamespace("team-a").withUid("uid-1").build());
    return restore;
  }
}
