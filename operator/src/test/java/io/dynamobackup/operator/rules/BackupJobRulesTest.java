package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.Lifecycle;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupJobRulesTest {
  private static final Scope EU = Scope.ofTable(TableReference.named("orders", "eu-west-1"));

  static BackupTemplate job() {
    BackupTemplate job = new BackupTemplate();
    job.backupVault = "prod-vault";
    job.iamRoleArn = "arn:aws:iam::111122223333:role/backup";
    return job;
  }

  private static List<String> check(BackupTemplate job, Scope table) {
    SpecValidation v = new SpecValidation();
    BackupJobRules.job(v, job, "spec", table, 3);
    return v.problems();
  }

  @Test
  void aValidJobPasses() {
    BackupTemplate job = job();
    job.startWindowMinutes = 60L;
    job.completionWindowMinutes = 52_560_000L;
    job.lifecycle = new Lifecycle(30L, 120L);
    job.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:444455556666:backup-vault:dr", new Lifecycle(null, 7L)));
    job.recoveryPointTags = Map.of("team", "payments", "owner", "ops@example.com");
    assertThat(check(job, EU)).isEmpty();
  }

  @Test
  void windowsAreAnHourToAHundredYearsAndCompletionLongerThanStart() {
    BackupTemplate job = job();
    job.startWindowMinutes = 59L;
    job.completionWindowMinutes = 52_560_001L;
    assertThat(check(job, EU)).containsExactly("spec.startWindowMinutes: must be at least 60, not 59",
        "spec.completionWindowMinutes: must be at most 52560000, not 52560001");
    job.startWindowMinutes = 120L;
    job.completionWindowMinutes = 120L;
    assertThat(check(job, EU)).containsExactly("spec.completionWindowMinutes: must be greater than"
        + " spec.startWindowMinutes");
  }

  @Test
  void copiesNeverLeaveTheTablesPartitionAndChinaStaysInBeijingAndNingxia() {
    BackupTemplate job = job();
    job.copies = List.of(new CopyTarget("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:dr", null),
        new CopyTarget("arn:aws-cn:backup:eu-west-1:111122223333:backup-vault:dr", null),
        new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", new Lifecycle(10L, 20L)));
    assertThat(check(job, EU)).containsExactly(
        "spec.copies[0].backupVaultArn: AWS Backup copies stay inside one partition: eu-west-1 is in aws,"
            + " us-gov-west-1 in aws-us-gov (copy to another Region of aws)",
        "spec.copies[1].backupVaultArn: partition aws-cn does not fit Region eu-west-1 (an ARN in eu-west-1 starts"
            + " with arn:aws:)",
        "spec.copies[2].lifecycle.deleteAfterDays: must be at least moveToColdStorageAfterDays + 90 (AWS Backup keeps"
            + " cold recovery points for 90 days)");
    BackupTemplate china = job();
    china.iamRoleArn = "arn:aws-cn:iam::111122223333:role/backup";
    china.copies = List.of(new CopyTarget("arn:aws-cn:backup:cn-northwest-1:111122223333:backup-vault:dr", null),
        new CopyTarget("arn:aws:backup:ap-east-1:111122223333:backup-vault:dr", null));
    assertThat(check(china, Scope.ofTable(TableReference.named("orders", "cn-north-1")))).singleElement().asString()
        .startsWith("spec.copies[1].backupVaultArn: AWS Backup copies stay inside one partition: cn-north-1 is in"
            + " aws-cn, ap-east-1 in aws");
  }

  @Test
  void theRoleIsOfTheTablesPartitionAndAccount() {
    BackupTemplate job = job();
    job.iamRoleArn = "arn:aws-us-gov:iam::111122223333:role/backup";
    assertThat(check(job, EU)).containsExactly("spec.iamRoleArn: the role is in partition aws-us-gov, but the table's"
        + " Region eu-west-1 is in aws: AWS uses a role only in its own partition (arn:aws:iam::...)");
    TableReference byArn = new TableReference();
    byArn.arn = "arn:aws:dynamodb:eu-west-1:444455556666:table/orders";
    assertThat(check(job(), Scope.ofTable(byArn))).singleElement().asString().startsWith("spec.iamRoleArn: the role"
        + " belongs to account 111122223333, but the table arn:aws:dynamodb:eu-west-1:444455556666:table/orders is in"
        + " account 444455556666");
  }

  @Test
  void recoveryPointTagsLeaveRoomForTheOperatorsAndItsPrefixIsReserved() {
    BackupTemplate job = job();
    job.recoveryPointTags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 47; i++) {
      job.recoveryPointTags.put("k" + i, "v");
    }
    job.recoveryPointTags.put("dynamobackup.io/name", "forged");
    assertThat(check(job, EU)).containsExactly(
        "spec.recoveryPointTags: at most 47 tags (AWS allows 50 per resource and the operator adds 3), not 48",
        "spec.recoveryPointTags: keys starting with dynamobackup.io/ are reserved for the operator");
  }

  @Test
  void copiesThatMayFindThePointInColdStorageAreNamed() {
    BackupTemplate job = job();
    job.copies = List.of(new CopyTarget("arn:aws:backup:us-west-2:111122223333:backup-vault:dr", null));
    job.lifecycle = new Lifecycle(7L, 97L);
    assertThat(BackupJobRules.copiesMayMeetColdStorage(job, "spec.template")).startsWith(
        "spec.template.lifecycle.moveToColdStorageAfterDays (7 days) is not longer than the completion window (10080"
            + " minutes, AWS's default)");
    job.completionWindowMinutes = 1440L;
    assertThat(BackupJobRules.copiesMayMeetColdStorage(job, "spec.template")).isNull();
    job.copies = null;
    job.lifecycle = new Lifecycle(1L, 91L);
    assertThat(BackupJobRules.copiesMayMeetColdStorage(job, "spec.template")).isNull();
  }
}
