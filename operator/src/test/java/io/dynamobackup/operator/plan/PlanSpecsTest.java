package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.api.v1alpha1.plan.TableSelector;
import java.util.Map;
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
}
