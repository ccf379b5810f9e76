package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import java.util.List;
import java.util.Map;
import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.rules.BackupJobRules;
import org.junit.jupiter.api.Test;

class PlanSpecsTest {
  private final DynamoBackupPlanSpec spec = ChildBackupsTest.plan("orders-nightly").getSpec();

  @Test
  void aValidPlanHasNoProblems() {
    assertThat(PlanSpecs.validate(spec)).isEmpty();
  }

  @Test
  void tableAndSelectorAreExclusive() {
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = "eu-west-1";
    spec.tableSelector.matchTags = Map.of("backup", "daily");
    assertThat(PlanSpecs.validate(spec)).singleElement().asString().startsWith("spec.table:").contains("exactly one");
    spec.table = null;
    assertThat(PlanSpecs.validate(spec)).isEmpty();
    spec.tableSelector = null;
    assertThat(PlanSpecs.validate(spec)).singleElement().asString().contains("exactly one");
  }

  @Test
  void aTagSelectorHasAtMostFiftyTags() {
    spec.table = null;
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = "eu-west-1";
    Map<String, String> tags = new java.util.HashMap<>();
    for (int i = 0; i < 50; i++) {
      tags.put("key-" + i, "value");
    }
    spec.tableSelector.matchTags = tags;
    assertThat(PlanSpecs.validate(spec)).isEmpty();
    tags.put("one-too-many", "value");
    // (also GetResources' limit of tag filters, which one selector's lookup sends)
    assertThat(PlanSpecs.validate(spec)).singleElement().asString().startsWith("spec.tableSelector.matchTags:")
        .contains("at most 50");
  }

  @Test
  void eachProblemNamesItsField() {
    spec.table = new TableReference();
    spec.table.arn = "arn:aws:s3:::orders";
    spec.template.backupVault = "no spaces allowed";
    spec.template.iamRoleArn = "admin";
    spec.template.lifecycle = new Lifecycle(30L, 60L);
    spec.retention = new RetentionPolicy();
    spec.schedule = "0 25 * * *";
    spec.timeZone = "Europe/Atlantis";
    assertThat(PlanSpecs.validate(spec)).anyMatch(p -> p.startsWith("spec.table.arn:"))
        .anyMatch(p -> p.startsWith("spec.template.backupVault:"))
        .anyMatch(p -> p.startsWith("spec.template.iamRoleArn:"))
        .anyMatch(p -> p.startsWith("spec.template.lifecycle.deleteAfterDays:")).anyMatch(p -> p.startsWith("spec.retention:"))
        .anyMatch(p -> p.startsWith("spec.schedule:")).anyMatch(p -> p.startsWith("spec.timeZone:"));
  }

  @Test
  void aRetentionThatKeepsNothingIsRefusedBeforeAnyPointIsPruned() {
    spec.retention = new RetentionPolicy();
    spec.retention.daily = 0;
    spec.retention.weekly = 0;
    assertThat(PlanSpecs.validate(spec)).containsExactly("spec.retention: must keep at least one recovery point: set"
        + " keepLast, or daily, weekly, monthly or yearly above 0");
    spec.retention.yearly = 1;
    assertThat(PlanSpecs.validate(spec)).isEmpty();
  }

  @Test
  void aDrillPatternThatIsTooLongSaysSoNotThatItsCharactersAreWrong() {
    spec.restoreDrill = RestoreDrillsTest.drillSpec();
    spec.restoreDrill.targetTableNamePattern = "{table}-" + "x".repeat(240) + "-{date}";
    assertThat(PlanSpecs.validate(spec)).containsExactly("spec.restoreDrill.targetTableNamePattern: too long: the"
        + " scratch table's name would have 260 characters with table orders; DynamoDB table names have at most 255");
    spec.table = null;
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = "eu-west-1";
    spec.tableSelector.matchTags = Map.of("backup", "daily");
    assertThat(PlanSpecs.validate(spec)).containsExactly("spec.restoreDrill.targetTableNamePattern: too long: the"
        + " scratch table's name would have at least 257 characters; DynamoDB table names have at most 255");
    spec.restoreDrill.targetTableNamePattern = "{table}-drill#{date}";
    assertThat(PlanSpecs.validate(spec)).containsExactly("spec.restoreDrill.targetTableNamePattern: only letters,"
        + " digits, '_', '.', '-' and the placeholders {table} and {date} are allowed");
  }

  @Test
  void theTemplateIsCheckedAgainstTheSelectorsRegionAndEveryProblemIsReportedAtOnce() {
    spec.table = null;
    spec.tableSelector = new TableSelector();
    spec.tableSelector.region = "cn-north-1";
    spec.tableSelector.matchTags = Map.of("backup#", "daily");
    spec.template.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    spec.template.startWindowMinutes = null;
    spec.template.completionWindowMinutes = 30L;
    spec.restoreDrill = RestoreDrillsTest.drillSpec();
    spec.restoreDrill.iamRoleArn = "arn:aws:iam::111122223333:role/drill";
    assertThat(PlanSpecs.validate(spec)).satisfiesExactly(
        p -> assertThat(p).isEqualTo("spec.tableSelector.matchTags[backup#]: the key may only contain letters, numbers,"
            + " spaces and + - = . _ : /"),
        p -> assertThat(p).startsWith("spec.template.iamRoleArn: the role is in partition aws, but the selected tables'"
            + " Region cn-north-1 is in aws-cn"),
        p -> assertThat(p).isEqualTo("spec.template.completionWindowMinutes: must be at least 60, not 30"),
        p -> assertThat(p).startsWith("spec.template.copies[0].backupVaultArn: AWS Backup copies stay inside one"
            + " partition: cn-north-1 is in aws-cn, us-west-2 in aws (copy to one of cn-north-1, cn-northwest-1)"),
        p -> assertThat(p).startsWith("spec.restoreDrill.iamRoleArn: the role is in partition aws"));
  }

  @Test
  void anUnknownRegionIsNamedWithTheKnownOnes() {
    spec.table = TableReference.named("orders", "eu-wset-1");
    assertThat(PlanSpecs.validate(spec)).singleElement().asString()
        .startsWith("spec.table.region: 'eu-wset-1' is not an AWS Region of partition aws (known Regions: ");
  }

  @Test
  void theExamplesPassTheUpFrontChecksAndRiskNoCopy() throws java.io.IOException {
    for (String example : List.of("plan-minimal.yaml", "plan-full.yaml")) {
      DynamoBackupPlan plan = Serialization.unmarshal(Files.readString(CrdFiles.projectRoot().resolve("examples")
          .resolve(example)), DynamoBackupPlan.class);
      assertThat(PlanSpecs.validate(plan.getSpec())).as(example).isEmpty();
      assertThat(BackupJobRules.copiesMayMeetColdStorage(plan.getSpec().template, "spec.template")).as(example)
          .isNull();
    }
  }
}
