package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the chart's Argo CD health checks (helm/dynamo-backup-operator/argocd/*.lua) the way Argo CD does: the object is
 * the global {@code obj}, the script returns a table with {@code status} and {@code message}.
 */
class ArgoHealthTest {
  static final Path ARGOCD = CrdFiles.projectRoot().resolve("helm/dynamo-backup-operator/argocd");

  record Health(String status, String message) {}

  static Health health(String kind, String yaml) throws IOException {
    String script = Files.readString(ARGOCD.resolve("dynamobackup.io_" + kind + ".lua"));
    Globals globals = JsePlatform.standardGlobals();
    @SuppressWarnings("unchecked")
    Map<String, Object> object = Serialization.unmarshal(yaml, Map.class);
    globals.set("obj", lua(object));
    LuaValue result = globals.load(script, kind + ".lua").call();
    assertThat(result.istable()).as("the script returns a table").isTrue();
    LuaValue message = result.get("message");
    assertThat(message.isstring()).as("message is a string").isTrue();
    return new Health(result.get("status").tojstring(), message.tojstring());
  }

  /** JSON-like Java values to Lua values, as Argo CD's gopher-lua conversion does (null stays nil). */
  static LuaValue lua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), lua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, lua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(String.valueOf(value));
  }

  static String object(String kind, long generation, String specExtra, String status) {
    return "apiVersion: dynamobackup.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: x\n  namespace: ns\n"
        + "  generation: " + generation + "\nspec:\n  deletionPolicy: Retain\n" + specExtra
        + (status == null ? "" : "status:\n" + status);
  }

  static String ready(String status, String reason, String message) {
    return "  conditions:\n  - type: Ready\n    status: \"" + status + "\"\n    reason: " + reason + "\n    message: \""
        + message + "\"\n";
  }

  /** The Stalled condition the operator sets beside Ready=False when it cannot make progress without the user. */
  static String stalled(String reason, String message) {
    return "  - type: Stalled\n    status: \"True\"\n    reason: " + reason + "\n    message: \"" + message + "\"\n";
  }

  // ---- DynamoBackup ----

  @ParameterizedTest
  @CsvSource({
      "Completed, Healthy",
      "Pending, Progressing",
      "Running, Progressing",
      "Copying, Progressing",
      "Failed, Degraded",
      "Expired, Degraded"})
  void backupPhases(String phase, String expected) throws IOException {
    Health health = health("DynamoBackup", object("DynamoBackup", 1, "",
        "  phase: " + phase + "\n" + ready(phase.equals("Completed") ? "True" : "False", phase, "the job is " + phase)));
    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.message()).isEqualTo("the job is " + phase);
  }

  @Test
  void backupFailureMessageComesFromStatusFailure() throws IOException {
    Health health = health("DynamoBackup", object("DynamoBackup", 1, "", "  phase: Failed\n"
        + "  failure: {reason: JobFailed, message: \"Insufficient privileges to perform this action.\"}\n"
        + ready("False", "JobFailed", "job failed")));
    assertThat(health).isEqualTo(new Health("Degraded", "Insufficient privileges to perform this action."));
  }

  @Test
  void backupWithoutStatusIsProgressing() throws IOException {
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "", null)).status()).isEqualTo("Progressing");
  }

  @Test
  void backupWithInvalidSpecOrPermanentAwsErrorIsDegraded() throws IOException {
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "",
        ready("False", "InvalidSpec", "spec.backupVault: must not be empty")
            + stalled("InvalidSpec", "spec.backupVault: must not be empty"))))
        .isEqualTo(new Health("Degraded", "InvalidSpec: spec.backupVault: must not be empty"));
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "",
        "  phase: Pending\n" + ready("False", "AccessDeniedException", "not authorized")
            + stalled("AccessDeniedException", "not authorized"))).status())
        .isEqualTo("Degraded");
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "",
        "  phase: Running\n" + ready("False", "ThrottlingException", "Rate exceeded (retrying with back-off)")))
        .status()).as("throttling is retried, so still progressing").isEqualTo("Progressing");
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "",
        "  phase: Pending\n" + ready("False", "TableNotFound", "table orders does not exist"))).status())
        .isEqualTo("Progressing");
  }

  @Test
  void backupWithStaleObservedGenerationIsProgressing() throws IOException {
    Health health = health("DynamoBackup", object("DynamoBackup", 3, "",
        "  observedGeneration: 2\n  phase: Completed\n" + ready("True", "Completed", "done")));
    assertThat(health).isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 3"));
    assertThat(health("DynamoBackup", object("DynamoBackup", 3, "",
        "  observedGeneration: 3\n  phase: Completed\n" + ready("True", "Completed", "done"))).status())
        .isEqualTo("Healthy");
  }

  // ---- DynamoRestore ----

  @ParameterizedTest
  @CsvSource({
      "Ready, Healthy",
      "Pending, Progressing",
      "Copying, Progressing",
      "Restoring, Progressing",
      "ApplyingSettings, Progressing",
      "Failed, Degraded"})
  void restorePhases(String phase, String expected) throws IOException {
    Health health = health("DynamoRestore", object("DynamoRestore", 1, "",
        "  observedGeneration: 1\n  phase: " + phase + "\n"
            + ready(phase.equals("Ready") ? "True" : "False", phase, "restore " + phase)));
    assertThat(health).isEqualTo(new Health(expected, "restore " + phase));
  }

  @Test
  void restoreIntoAnExistingTableIsDegraded() throws IOException {
    assertThat(health("DynamoRestore", object("DynamoRestore", 1, "",
        "  phase: Pending\n" + ready("False", "TargetExists", "table orders-restored exists")
            + stalled("TargetExists", "table orders-restored exists"))).status())
        .isEqualTo("Degraded");
  }

  @Test
  void aRestoreStalledInPhaseReadyIsDegradedAndAMissingPointToo() throws IOException {
    assertThat(health("DynamoRestore", object("DynamoRestore", 2, "", "  observedGeneration: 2\n  phase: Ready\n"
        + ready("False", "ImmutableFieldChanged", "spec.target changed") + stalled("ImmutableFieldChanged",
        "spec.target changed")))).isEqualTo(new Health("Degraded", "ImmutableFieldChanged: spec.target changed"));
    assertThat(health("DynamoRestore", object("DynamoRestore", 1, "", "  phase: Pending\n"
        + ready("False", "RecoveryPointNotFound", "no such point") + stalled("RecoveryPointNotFound",
        "no such point"))).status()).isEqualTo("Degraded");
  }

  @Test
  void restoreWithoutStatusOrWithStaleGenerationIsProgressing() throws IOException {
    assertThat(health("DynamoRestore", object("DynamoRestore", 1, "", null)).status()).isEqualTo("Progressing");
    assertThat(health("DynamoRestore", object("DynamoRestore", 2, "",
        "  observedGeneration: 1\n  phase: Ready\n" + ready("True", "Ready", "ok"))).status())
        .isEqualTo("Progressing");
  }

  // ---- DynamoItemRestore ----

  @ParameterizedTest
  @CsvSource({
      "Completed, Healthy",
      "Pending, Progressing",
      "Restoring, Progressing",
      "Copying, Progressing",
      "CleaningUp, Progressing",
      "PartiallyFailed, Degraded",
      "Failed, Degraded"})
  void itemRestorePhases(String phase, String expected) throws IOException {
    Health health = health("DynamoItemRestore", object("DynamoItemRestore", 1, "",
        "  observedGeneration: 1\n  phase: " + phase + "\n"
            + ready(phase.equals("Completed") ? "True" : "False", phase, "item restore " + phase)));
    assertThat(health).isEqualTo(new Health(expected, "item restore " + phase));
  }

  @Test
  void itemRestoreStalledOnAMissingTargetIsDegradedAndAThrottledOneProgressing() throws IOException {
    assertThat(health("DynamoItemRestore", object("DynamoItemRestore", 1, "",
        "  phase: Pending\n" + ready("False", "TargetNotFound", "table orders does not exist")
            + stalled("TargetNotFound", "table orders does not exist"))))
        .isEqualTo(new Health("Degraded", "TargetNotFound: table orders does not exist"));
    assertThat(health("DynamoItemRestore", object("DynamoItemRestore", 1, "",
        "  phase: Copying\n" + ready("False", "ProvisionedThroughputExceededException", "throttled")
            + "  - type: Reconciling\n    status: \"True\"\n    reason: ProvisionedThroughputExceededException\n"
            + "    message: throttled\n")).status()).isEqualTo("Progressing");
    assertThat(health("DynamoItemRestore", object("DynamoItemRestore", 2, "",
        "  observedGeneration: 1\n  phase: Completed\n" + ready("True", "Completed", "ok"))).status())
        .isEqualTo("Progressing");
  }

  // ---- DynamoBackupPlan ----

  static String plan(long generation, boolean suspend, String status) {
    return object("DynamoBackupPlan", generation, "  suspend: " + suspend + "\n", status);
  }

  static String conditions(String... typeStatusReason) {
    StringBuilder out = new StringBuilder("  observedGeneration: 1\n  conditions:\n");
    for (String c : typeStatusReason) {
      String[] parts = c.split("/");
      out.append("  - {type: ").append(parts[0]).append(", status: \"").append(parts[1]).append("\", reason: ")
          .append(parts[2]).append(", message: \"").append(parts[0]).append(" is ").append(parts[1]).append("\"}\n");
    }
    return out.toString();
  }

  @Test
  void planReadyIsHealthy() throws IOException {
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/True/Scheduled", "Scheduled/True/Scheduled"))))
        .isEqualTo(new Health("Healthy", "Ready is True"));
  }

  @Test
  void planSuspendedIsSuspended() throws IOException {
    assertThat(health("DynamoBackupPlan", plan(1, true, conditions("Ready/True/Suspended"))).status())
        .isEqualTo("Suspended");
  }

  @Test
  void planOverdueOrFailedDrillIsDegraded() throws IOException {
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/True/Scheduled", "BackupOverdue/True/NoRecentBackup"))))
        .isEqualTo(new Health("Degraded", "BackupOverdue: BackupOverdue is True"));
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/True/Scheduled", "DrillFailed/True/RestoreFailed"))))
        .isEqualTo(new Health("Degraded", "DrillFailed: DrillFailed is True"));
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/True/Scheduled",
        "CopiesOverdue/True/CopiesOverdue")))).isEqualTo(new Health("Degraded", "CopiesOverdue: CopiesOverdue is True"));
    assertThat(health("DynamoBackupPlan", plan(1, false,
        conditions("Ready/True/Scheduled", "BackupOverdue/False/OnSchedule", "DrillFailed/False/DrillSucceeded"))).status())
        .isEqualTo("Healthy");
  }

  @Test
  void planWithInvalidSpecOrAwsErrorIsDegradedEvenWhenSuspended() throws IOException {
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/False/InvalidSpec", "Stalled/True/InvalidSpec"))))
        .isEqualTo(new Health("Degraded", "InvalidSpec: Ready is False"));
    assertThat(health("DynamoBackupPlan", plan(1, true, conditions("Ready/False/InvalidSpec", "Stalled/True/InvalidSpec"))).status())
        .isEqualTo("Degraded");
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/False/AccessDeniedException", "Stalled/True/AccessDeniedException"))).status())
        .isEqualTo("Degraded");
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/False/ResourceNotFoundException", "Stalled/True/ResourceNotFoundException"))).status())
        .isEqualTo("Degraded");
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/False/HTTP403", "Stalled/True/HTTP403"))).status())
        .isEqualTo("Degraded");
  }

  @Test
  void planOtherwiseIsProgressing() throws IOException {
    assertThat(health("DynamoBackupPlan", plan(1, false, null)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator to report status"));
    assertThat(health("DynamoBackupPlan", plan(2, false, conditions("Ready/True/Scheduled"))))
        .as("observedGeneration 1 < generation 2")
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/False/ThrottlingException"))).status())
        .isEqualTo("Progressing");
    assertThat(health("DynamoBackupPlan", plan(1, false, conditions("Ready/Unknown/NotImplemented"))).status())
        .isEqualTo("Progressing");
    assertThat(health("DynamoBackupPlan", plan(1, false, "  observedGeneration: 1\n")).status())
        .isEqualTo("Progressing");
  }

  @Test
  void reasonNamesAloneDecideNothingOnlyStalledDoes() throws IOException {
    // An AWS error code the operator retries (Reconciling) is progress, whatever its name looks like.
    assertThat(health("DynamoBackup", object("DynamoBackup", 1, "", "  phase: Pending\n"
        + ready("False", "AccessDeniedException", "retrying with back-off")
        + "  - {type: Reconciling, status: \"True\", reason: AccessDeniedException, message: retrying}\n")).status())
        .isEqualTo("Progressing");
    // A reason no script knows is Degraded when the operator says it is stalled.
    assertThat(health("DynamoRestore", object("DynamoRestore", 1, "", "  phase: Pending\n"
        + ready("False", "SourceBackupFailed", "DynamoBackup orders-now is Failed")
        + stalled("SourceBackupFailed", "DynamoBackup orders-now is Failed"))))
        .isEqualTo(new Health("Degraded", "SourceBackupFailed: DynamoBackup orders-now is Failed"));
  }

  // ---- the argocd-cm snippet ----

  @Test
  void argocdConfigMapSnippetEmbedsTheScriptsVerbatim() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> configMap = Serialization.unmarshal(Files.readString(ARGOCD.resolve("argocd-cm-patch.yaml")),
        Map.class);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    for (String kind : List.of("DynamoBackupPlan", "DynamoBackup", "DynamoRestore", "DynamoItemRestore")) {
      assertThat(data.get("resource.customizations.health.dynamobackup.io_" + kind))
          .as("argocd-cm-patch.yaml is stale for %s: copy argocd/dynamobackup.io_%s.lua into it", kind, kind)
          .isEqualTo(Files.readString(ARGOCD.resolve("dynamobackup.io_" + kind + ".lua")));
    }
    assertThat(data).hasSize(4);
  }
}
