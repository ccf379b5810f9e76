package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** What the tenancy ITs share: objects to deny, waiting for a denial, and the data calls local-aws received. */
final class TenancyTests {
  /** AWS operations that only read; every other call changes data or settings. */
  private static final Pattern READ = Pattern.compile("(Describe|List|Get).*|Scan|Query|AssumeRole");
  /**
   * Reasons of the Ready condition that mean the object went past the point where a denial must stop it, or stopped
   * for another reason.
   */
  private static final Set<String> PROGRESS = Set.of("StartingCopy", "Copying", "StartingRestore", "Restoring",
      "ApplyingOverrides", "ApplyingSettings", "Ready", "JobStarting", "JobStarted", "JobRunning", "Completed",
      "InvalidSpec", "RecoveryPointNotFound");

  private TenancyTests() {}

  /** Every call that changed data or settings so far. */
  static List<CallRecord> dataCalls(OperatorHarness harness) {
    return harness.aws.calls().stream().filter(c -> !READ.matcher(c.operation()).matches()).toList();
  }

  /**
   * Waits for Ready=False with reason NotPermitted and returns the condition's message; fails at once when the object
   * goes on instead (copies, restores, starts a job).
   */
  static <T extends HasMetadata> String notPermitted(OperatorHarness harness, Class<T> type, String namespace,
      String name, Function<T, List<Condition>> conditions) {
    Condition ready = harness.advanceUntil(() -> {
      T object = harness.get(type, namespace, name);
      try {
        return object == null ? null : Conditions.find(conditions.apply(object), Conditions.READY).orElse(null);
      } catch (NullPointerException noStatusYet) {
        return null;
      }
    }, c -> c != null && (c.getReason().equals("NotPermitted") || PROGRESS.contains(c.getReason())));
    assertThat(ready.getReason()).as("%s/%s went on: %s", namespace, name, ready.getMessage()).isEqualTo("NotPermitted");
    assertThat(ready.getStatus()).isEqualTo("False");
    return ready.getMessage();
  }

  static DynamoBackup backup(String name, String table, String region, String vault, String role) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named(table, region);
    spec.backupVault = vault;
    spec.iamRoleArn = role;
    backup.setSpec(spec);
    return backup;
  }

  /** A restore into {@code table} with the role {@code role}; the test sets the source. */
  static DynamoRestore restore(String name, String table, String region, String role) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = table;
    restore.getSpec().target.region = region;
    restore.getSpec().iamRoleArn = role;
    return restore;
  }
}
