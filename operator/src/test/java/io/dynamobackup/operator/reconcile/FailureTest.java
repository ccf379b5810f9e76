package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.aws.AwsException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void aTransientAwsErrorKeepsItsCodeAndIsRetried() {
    Failure failure = Failure.of(new AwsException("ThrottlingException", "Rate exceeded", true, null));
    assertThat(failure).isEqualTo(new Failure("ThrottlingException", "Rate exceeded", true));
    assertThat(failure.conditionMessage()).isEqualTo("Rate exceeded (retrying with back-off)");
  }

  @Test
  void anAwsErrorTheUserMustFixStalls() {
    Failure failure = Failure.of(new AwsException("AccessDeniedException", "not authorized", false, null));
    assertThat(failure).isEqualTo(new Failure("AccessDeniedException", "not authorized", false));
    assertThat(failure.conditionMessage()).isEqualTo("not authorized");
  }

  @Test
  void kubernetesApiErrorsAndBugsAreRetriedWithTheirCause() {
    Failure api = Failure.of(new KubernetesClientException("conflict", 409, null));
    assertThat(api.reason()).isEqualTo("KubernetesApiError");
    assertThat(api.message()).contains("conflict");
    assertThat(api.retried()).isTrue();
    Failure bug = Failure.of(new IllegalStateException("no table"));
    assertThat(bug).isEqualTo(new Failure("ReconcileError", "IllegalStateException: no table", true));
  }

  @Test
  void anAwsErrorNamingASpecValueStartsWithItsFieldAndKeepsItsCode() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("spec.backupVault", "prod-vualt");
    fields.put("spec.iamRoleArn", "arn:aws:iam::111122223333:role/backup");
    fields.put("spec.copies[0].backupVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr");

    assertThat(Failure.of(new AwsException("ResourceNotFoundException", "Backup vault prod-vualt does not exist in"
        + " eu-west-1 for account 111122223333", false, null), fields)).isEqualTo(new Failure(
            "ResourceNotFoundException", "spec.backupVault: Backup vault prod-vualt does not exist in eu-west-1 for"
                + " account 111122223333", false));
    assertThat(Failure.of(new AwsException("AccessDeniedException", "User is not authorized to perform: iam:PassRole"
        + " on resource: arn:aws:iam::111122223333:role/backup", false, null), fields).message())
        .isEqualTo("spec.iamRoleArn: User is not authorized to perform: iam:PassRole on resource:"
            + " arn:aws:iam::111122223333:role/backup");
    assertThat(Failure.of(new AwsException("InvalidParameterValueException", "Backup vault"
        + " arn:aws:backup:us-west-2:111122223333:backup-vault:dr does not exist or you do not have access to it.",
        false, null), fields).message()).startsWith("spec.copies[0].backupVaultArn: Backup vault arn:");
  }

  @Test
  void anAwsErrorIsAttributedOnlyWhereItNamesTheWholeValue() {
    Map<String, String> fields = Map.of("spec.backupVault", "prod");
    assertThat(Failure.of(new AwsException("ResourceNotFoundException", "Backup vault prod-vault does not exist",
        false, null), fields).message()).as("a vault prod is not prod-vault").isEqualTo(
            "Backup vault prod-vault does not exist");
    // The operator's own identity lacks a permission on the vault: that is not the spec's vault field to fix.
    assertThat(Failure.of(new AwsException("AccessDeniedException", "User: arn:aws:sts::111122223333:assumed-role/op"
        + " is not authorized to perform: backup:StartBackupJob on resource:"
        + " arn:aws:backup:eu-west-1:111122223333:backup-vault:prod", false, null), fields).message())
        .startsWith("User: ");
    assertThat(Failure.of(new AwsException("ThrottlingException", "Rate exceeded", true, null), fields))
        .isEqualTo(new Failure("ThrottlingException", "Rate exceeded", true));
  }
}
