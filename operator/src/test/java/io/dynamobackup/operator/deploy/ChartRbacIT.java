package io.dynamobackup.operator.deploy;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dynamobackup.kube.AuditLog;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator runs with the Helm chart's RBAC in every integration test. Here a verb is taken out of the rendered
 * chart (helm/rendered/operator-rbac.yaml): the operator's write is then refused with Kubernetes' 403, as in a cluster,
 * and the plan's status says so.
 */
class ChartRbacIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private OperatorHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void withoutCreateOnDynamoBackupsAPlanCannotScheduleItsBackups() {
    harness = new OperatorHarness(rbac -> withoutVerb(rbac, "dynamobackups", "create"));
    harness.createTable("eu-west-1", "orders", 10);
    harness.createVault("eu-west-1", "prod-vault");
    harness.startOperator();
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("orders-hourly").build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named("orders", "eu-west-1");
    spec.template.backupVault = "prod-vault";
    spec.template.iamRoleArn = ROLE;
    spec.schedule = "*/5 * * * *";
    spec.retention = new RetentionPolicy();
    spec.retention.keepLast = 3;
    plan.setSpec(spec);
    harness.create(plan);

    AuditLog.Event refused = harness.advanceUntil(() -> harness.kubernetes.server().audit().events().stream()
        .filter(e -> e.verb().equals("create") && e.resource().equals("dynamobackups")).findFirst().orElse(null),
        e -> e != null);
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.user()).startsWith("system:serviceaccount:");
    assertThat(harness.client().resources(DynamoBackup.class).inNamespace("default").list().getItems()).isEmpty();
    // and the user sees why, in the plan's status
    Condition condition = harness.advanceUntil(() -> {
      DynamoBackupPlan current = harness.get(DynamoBackupPlan.class, "orders-hourly");
      return current.getStatus() == null || current.getStatus().conditions == null ? null
          : current.getStatus().conditions.stream().filter(c -> c.getMessage() != null
              && c.getMessage().contains("is forbidden")).findFirst().orElse(null);
    }, c -> c != null);
    assertThat(condition.getMessage()).contains("User \"" + refused.user() + "\" cannot create resource"
        + " \"dynamobackups\" in API group \"dynamobackup.io\" in the namespace \"default\"");
    assertThat(condition.getReason()).isEqualTo("KubernetesApiError");
  }

  /** The RBAC manifest with {@code verb} removed for {@code resource} from every rule that grants it. */
  static String withoutVerb(String rbac, String resource, String verb) {
    try {
      List<String> documents = new ArrayList<>();
      for (JsonNode document : YAML.readValues(YAML.getFactory().createParser(rbac), JsonNode.class).readAll()) {
        if (document == null || document.isNull()) {
          continue;
        }
        if (document.path("rules") instanceof ArrayNode rules) {
          ArrayNode edited = YAML.createArrayNode();
          for (JsonNode rule : rules) {
            boolean covers = false;
            for (JsonNode r : rule.path("resources")) {
              covers |= r.asText().equals(resource);
            }
            boolean grants = false;
            for (JsonNode v : rule.path("verbs")) {
              grants |= v.asText().equals(verb);
            }
            if (!covers || !grants) {
              edited.add(rule);
              continue;
            }
            ObjectNode others = rule.deepCopy();
            ArrayNode otherResources = others.putArray("resources");
            rule.path("resources").forEach(r -> {
              if (!r.asText().equals(resource)) {
                otherResources.add(r);
              }
            });
            if (!otherResources.isEmpty()) {
              edited.add(others);
            }
            ObjectNode reduced = rule.deepCopy();
            reduced.putArray("resources").add(resource);
            ArrayNode verbs = reduced.putArray("verbs");
            rule.path("verbs").forEach(v -> {
              if (!v.asText().equals(verb)) {
                verbs.add(v);
              }
            });
            edited.add(reduced);
          }
          ((ObjectNode) document).set("rules", edited);
        }
        documents.add(YAML.writeValueAsString(document));
      }
      return String.join("---\n", documents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
