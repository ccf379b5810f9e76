package io.dynamobackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BackupSpecsTest {
  private final DynamoBackup backup = DynamoBackupIT.backup("orders-now", "orders");

  @Test
  void aValidSpecHasNoProblems() {
    backup.getSpec().copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    assertThat(BackupSpecs.validate(backup)).isEmpty();
  }

  @Test
  void everyProblemIsFoundAtOnceEachNamingItsField() {
    var spec = backup.getSpec();
    spec.table = new TableReference();
    spec.table.arn = "arn:aws-cn:dynamodb:eu-west-1:111122223333:table/orders";
    spec.iamRoleArn = "arn:aws-us-gov:iam::111122223333:role/backup";
    spec.startWindowMinutes = 30L;
    spec.copies = List.of(new CopyTarget("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:dr", null));
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      tags.put("k" + i, "v");
    }
    tags.put("big", "x".repeat(300_000));
    spec.recoveryPointTags = tags;

    assertThat(BackupSpecs.validate(backup)).containsExactly(
        "spec.table.arn: partition aws-cn does not fit Region eu-west-1 (an ARN in eu-west-1 starts with arn:aws:)",
        "spec.iamRoleArn: the role is in partition aws-us-gov, but the table"
            + " arn:aws-cn:dynamodb:eu-west-1:111122223333:table/orders is in aws: AWS uses a role only in its own"
            + " partition (arn:aws:iam::...)",
        "spec.startWindowMinutes: must be at least 60, not 30",
        "spec.copies[0].backupVaultArn: AWS Backup copies stay inside one partition: eu-west-1 is in aws,"
            + " us-gov-west-1 in aws-us-gov (copy to another Region of aws)",
        "spec.recoveryPointTags: at most 46 tags (AWS allows 50 per resource and the operator adds 4), not 51",
        "spec.recoveryPointTags[big]: a tag value must be at most 256 characters long, not 300000");
  }

  @Test
  void theRoleAndCopiesAreJudgedAgainstTheTablesPartition() {
    var spec = backup.getSpec();
    spec.iamRoleArn = "arn:aws-us-gov:iam::111122223333:role/backup";
    spec.copies = List.of(new CopyTarget("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:dr", null));
    assertThat(BackupSpecs.validate(backup)).satisfiesExactly(
        role -> assertThat(role).startsWith("spec.iamRoleArn: the role is in partition aws-us-gov, but the table's"
            + " Region eu-west-1 is in aws"),
        copy -> assertThat(copy).startsWith("spec.copies[0].backupVaultArn: AWS Backup copies stay inside one"
            + " partition: eu-west-1 is in aws, us-gov-west-1 in aws-us-gov"));
  }

  @Test
  void aPlansChildLeavesRoomForItsPlanTag() {
    backup.getMetadata().setLabels(Map.of("dynamobackup.io/plan", "nightly"));
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 47; i++) {
      tags.put("k" + i, "v");
    }
    backup.getSpec().recoveryPointTags = tags;
    assertThat(BackupSpecs.validate(backup)).containsExactly(
        "spec.recoveryPointTags: at most 45 tags (AWS allows 50 per resource and the operator adds 5), not 47");
  }

  @Test
  void theExamplesPassTheUpFrontChecks() throws java.io.IOException {
    for (String example : List.of("backup-minimal.yaml", "backup-full.yaml")) {
      DynamoBackup backup = Serialization.unmarshal(Files.readString(CrdFiles.projectRoot().resolve("examples")
          .resolve(example)), DynamoBackup.class);
      assertThat(BackupSpecs.validate(backup)).as(example).isEmpty();
    }
  }
}
