package io.dynamobackup.operator.api.v1alpha1;

/** Regular expressions shared by the CRD schemas and the operator's own validation. */
public final class ApiPatterns {
  public static final String PARTITION = "aws(-cn|-us-gov)?";
  public static final String REGION = "^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$";
  public static final String TABLE_NAME = "^[a-zA-Z0-9_.-]{3,255}$";
  public static final String TABLE_ARN =
      "^arn:" + PARTITION + ":dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}$";
  public static final String IAM_ROLE_ARN = "^arn:" + PARTITION + ":iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]+$";
  public static final String BACKUP_VAULT_NAME = "^[a-zA-Z0-9_-]{2,50}$";
  public static final String BACKUP_VAULT_ARN =
      "^arn:" + PARTITION + ":backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[a-zA-Z0-9_-]{2,50}$";
  public static final String RECOVERY_POINT_ARN =
      "^arn:" + PARTITION + ":(backup:[a-z0-9-]+:[0-9]{12}:recovery-point:[a-zA-Z0-9_-]+"
          + "|dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}/backup/[a-zA-Z0-9_.-]+)$";
  /** An AWS Backup recovery point (not a DynamoDB-native backup): what a DynamoBackup can adopt. */
  public static final String AWS_BACKUP_RECOVERY_POINT_ARN =
      "^arn:" + PARTITION + ":backup:[a-z0-9-]+:[0-9]{12}:recovery-point:[a-zA-Z0-9_-]+$";
  public static final String KMS_KEY_ARN = "^arn:" + PARTITION + ":kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[a-zA-Z0-9/_-]+$";
  public static final String TIME_ZONE = "^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+){1,2})$";
  public static final String KUBERNETES_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  private ApiPatterns() {}
}
