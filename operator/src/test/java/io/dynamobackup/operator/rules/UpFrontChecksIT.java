package io.dynamobackup.operator.rules;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What AWS would refuse, the operator refuses before its first AWS call, for each kind: Ready=False with reason
 * InvalidSpec and every problem, each naming its field, in one message, the same in a Warning event — and local-aws's
 * call log stays empty. Every object here passes the CRD's schema and CEL rules: only the AWS rules catch it.
 */
class UpFrontChecksIT {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void everyKindReportsEveryAwsProblemAtOnceAndMakesNoAwsCall() {
    harness.startOperator();
    harness.aws.clearCalls();

    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("wrong-partitions").build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = new TableReference();
    backup.getSpec().table.arn = "arn:aws-cn:dynamodb:eu-west-1:111122223333:table/orders";
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = "arn:aws-us-gov:iam::111122223333:role/backup";
    backup.getSpec().copies = List.of(new CopyTarget("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:dr",
        null));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("bad#key", "x");
    tags.put("aws:owner", "me");
    backup.getSpec().recoveryPointTags = tags;
    harness.create(backup);

    DynamoBackup govCopy = new DynamoBackup();
    govCopy.setMetadata(new ObjectMetaBuilder().withName("copy-to-govcloud").build());
    govCopy.setSpec(new DynamoBackupSpec());
    govCopy.getSpec().table = TableReference.named("orders", "eu-west-1");
    govCopy.getSpec().backupVault = "prod-vault";
    govCopy.getSpec().iamRoleArn = ROLE;
    govCopy.getSpec().copies = List.of(new CopyTarget("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:dr",
        null));
    harness.create(govCopy);

    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("restore-everything-wrong").build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.recoveryPointArn = "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc";
    restore.getSpec().iamRoleArn = ROLE;
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = "orders-restored";
    restore.getSpec().target.region = "us-west-2";
    restore.getSpec().target.globalSecondaryIndexes = List.of("ab", "by-data", "by-data");
    restore.getSpec().target.sse = new RestoreTarget.Encryption();
    restore.getSpec().target.sse.type = RestoreTarget.EncryptionType.KMS;
    restore.getSpec().target.sse.kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/k1";
    restore.getSpec().settings = new RestoreSettings();
    io.dynamobackup.operator.api.v1alpha1.AlarmSettings alarm = AlarmRulesTest.alarm("orders-throttled");
    alarm.periodSeconds = 7;
    alarm.evaluationPeriods = -3;
    alarm.statistic = "Median";
    restore.getSpec().settings.alarms = List.of(alarm);
    restore.getSpec().settings.autoScaling = List.of(ScalingRulesTest.scaling(null,
        io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScalableDimension.ReadCapacityUnits, 100, 5, 70.0));
    harness.create(restore);

    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName("plan-too-long").build());
    plan.setSpec(new DynamoBackupPlanSpec());
    plan.getSpec().table = TableReference.named("orders", "cn-north-1");
    plan.getSpec().schedule = "@daily";
    plan.getSpec().template.backupVault = "prod-vault";
    plan.getSpec().template.iamRoleArn = "arn:aws-cn:iam::111122223333:role/backup";
    plan.getSpec().template.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
        null));
    plan.getSpec().restoreDrill = new RestoreDrill();
    plan.getSpec().restoreDrill.schedule = "@weekly";
    plan.getSpec().restoreDrill.targetTableNamePattern = "{table}-" + "x".repeat(240) + "-{date}";
    harness.create(plan);

    DynamoRestore pointInTime = new DynamoRestore();
    pointInTime.setMetadata(new ObjectMetaBuilder().withName("pitr-into-china").build());
    pointInTime.setSpec(new DynamoRestoreSpec());
    pointInTime.getSpec().source = new RestoreSource();
    pointInTime.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(
        TableReference.named("orders", "eu-west-1"), null, true);
    pointInTime.getSpec().target = new RestoreTarget();
    pointInTime.getSpec().target.tableName = "orders-restored";
    pointInTime.getSpec().target.region = "cn-north-1";
    harness.create(pointInTime);

    DynamoItemRestore items = new DynamoItemRestore();
    items.setMetadata(new ObjectMetaBuilder().withName("items-everything-wrong").build());
    items.setSpec(new DynamoItemRestoreSpec());
    items.getSpec().source = new RestoreSource();
    items.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(
        TableReference.named("orders", "eu-west-1"), null, true);
    items.getSpec().target = new ItemRestoreTarget("orders", "eu-west-1");
    items.getSpec().items = new ItemSelection();
    items.getSpec().items.filter = new ItemSelection.ItemFilter();
    items.getSpec().items.filter.expression = "#s = :cancelled";
    items.getSpec().items.filter.names = Map.of("#s", "status", "#unused", "x");
    harness.create(items);

    assertThat(invalid(DynamoBackup.class, "wrong-partitions", b -> b.getStatus().conditions)).containsSubsequence(
        "spec.table.arn: partition aws-cn does not fit Region eu-west-1",
        "spec.iamRoleArn: the role is in partition aws-us-gov",
        "spec.copies[0].backupVaultArn: AWS Backup copies stay inside one partition",
        "spec.recoveryPointTags[bad#key]: the key may only contain",
        "spec.recoveryPointTags[aws:owner]: keys starting with aws: are reserved");
    assertThat(invalid(DynamoBackup.class, "copy-to-govcloud", b -> b.getStatus().conditions)).isEqualTo(
        "spec.copies[0].backupVaultArn: AWS Backup copies stay inside one partition: eu-west-1 is in aws,"
            + " us-gov-west-1 in aws-us-gov (copy to another Region of aws)");
    assertThat(invalid(DynamoRestore.class, "restore-everything-wrong", r -> r.getStatus().conditions))
        .containsSubsequence("spec.target.globalSecondaryIndexes[0]: 'ab' is not a valid index name",
            "spec.target.globalSecondaryIndexes[2]: duplicate index by-data",
            "spec.target.sse.kmsKeyArn: the key is in eu-west-1, the table in us-west-2",
            "spec.settings.autoScaling[0].minCapacity: must not be greater than maxCapacity (100 > 5)",
            "spec.settings.alarms[0].statistic: 'Median' is not a statistic",
            "spec.settings.alarms[0].periodSeconds: must be 10, 20, 30 or a multiple of 60 seconds, not 7",
            "spec.settings.alarms[0].evaluationPeriods: must be at least 1, not -3");
    assertThat(invalid(DynamoBackupPlan.class, "plan-too-long", p -> p.getStatus().conditions)).containsSubsequence(
        "spec.template.copies[0].backupVaultArn: AWS Backup copies stay inside one partition: cn-north-1 is in"
            + " aws-cn, us-west-2 in aws (copy to one of cn-north-1, cn-northwest-1)",
        "spec.restoreDrill.targetTableNamePattern: too long: the scratch table's name would have 260 characters with"
            + " table orders; DynamoDB table names have at most 255");
    assertThat(invalid(DynamoRestore.class, "pitr-into-china", r -> r.getStatus().conditions)).isEqualTo(
        "spec.target.region: a point-in-time restore of a table in eu-west-1 can only create a table in a Region of"
            + " aws, not in cn-north-1 (aws-cn): RestoreTableToPointInTime stays inside the source's partition");
    assertThat(invalid(DynamoItemRestore.class, "items-everything-wrong", r -> r.getStatus().conditions))
        .contains("spec.items.filter.values: :cancelled is used in the expression but not defined",
            "spec.items.filter.names.#unused: is not used in the expression");
    assertThat(harness.get(DynamoRestore.class, "restore-everything-wrong").getStatus().phase).hasToString("Pending");
    assertThat(harness.aws.calls()).as("no AWS call for input the operator can reject").isEmpty();
  }

  @Test
  void aRestoreByReferenceReportsTheProblemsOfItsResolvedSourceWithTheSpecsOwn() {
    harness.createTable("eu-west-1", "orders", 3);
    harness.createVault("eu-west-1", "prod-vault");
    harness.startOperator();
    harness.create(OperatorHarness.backup("orders-now", "orders", "eu-west-1"));
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "orders-now"),
        b -> b.getStatus() != null && b.getStatus().recoveryPointArn != null && b.getStatus().completionTime != null);

    // The target's Region is the backup's, known only once backupRef is resolved: an alarm action in another Region
    // is reported together with the problems the spec shows on its own, not after they are fixed.
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("restore-by-ref-everything-wrong").build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("orders-now");
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = "orders-restored";
    restore.getSpec().settings = new RestoreSettings();
    io.dynamobackup.operator.api.v1alpha1.AlarmSettings alarm = AlarmRulesTest.alarm("orders-throttled");
    alarm.statistic = "Median";
    alarm.alarmActions = List.of("arn:aws:sns:us-east-1:111122223333:oncall");
    restore.getSpec().settings.alarms = List.of(alarm);
    harness.create(restore);

    assertThat(invalid(DynamoRestore.class, "restore-by-ref-everything-wrong", r -> r.getStatus().conditions))
        .contains("spec.settings.alarms[0].statistic: 'Median' is not a statistic",
            "spec.settings.alarms[0].alarmActions[0]: the action is in us-east-1, but the alarm is in eu-west-1:"
                + " CloudWatch runs alarm actions only in the alarm's own Region");
    assertThat(harness.aws.calls()).as("no restore is started for an invalid spec")
        .noneMatch(call -> call.operation().equals("StartRestoreJob"));
  }

  /** Waits for Ready=False, InvalidSpec; checks the Warning event says the same; returns the message. */
  private <T extends HasMetadata> String invalid(Class<T> type, String name, Function<T, List<Condition>> conditions) {
    Condition ready = harness.advanceUntil(() -> {
      T object = harness.get(type, name);
      try {
        return Conditions.find(conditions.apply(object), Conditions.READY).orElse(null);
      } catch (NullPointerException noStatusYet) {
        return null;
      }
    }, c -> c != null);
    assertThat(ready.getReason()).as(name + ": " + ready.getMessage()).isEqualTo("InvalidSpec");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(harness.events(name)).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
      assertThat(e.getMessage()).isEqualTo(ready.getMessage());
    });
    return ready.getMessage();
  }
}
