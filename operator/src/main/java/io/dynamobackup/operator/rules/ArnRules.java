package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Partitions;
import io.dynamobackup.operator.common.SpecValidation;

/**
 * Where an ARN may be used: AWS acts on resources of the partition, Region and account it is called in, and an ARN's
 * partition is fixed by its Region. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
public final class ArnRules {
  private ArnRules() {}

  /**
   * The IAM role AWS Backup assumes for a job in {@code scope}: a role of the same partition, and — because starting the
   * job needs iam:PassRole, which an account can only be granted for its own roles — of the same account when the
   * scope's account is known. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
   */
  public static void role(SpecValidation v, String roleArn, String field, Scope scope) {
    if (roleArn == null || scope == null || !roleArn.matches(ApiPatterns.IAM_ROLE_ARN)) {
      return;
    }
    Arn role = Arn.parse(roleArn);
    if (!role.partition().equals(scope.partition())) {
      v.check(false, field, "the role is in partition " + role.partition() + ", but " + scope.what() + " is in "
          + scope.partition() + ": AWS uses a role only in its own partition (arn:" + scope.partition() + ":iam::...)");
    } else if (scope.account() != null && !role.account().equals(scope.account())) {
      v.check(false, field, "the role belongs to account " + role.account() + ", but " + scope.what() + " is in"
          + " account " + scope.account() + ": AWS Backup runs the job there and can only be passed (iam:PassRole) a"
          + " role of that account");
    }
  }

  /**
   * A customer managed KMS key for a table in {@code scope}: KMS keys are regional, so the key must be in the table's
   * Region (and partition). A key of another account is not refused here: whether its key policy or a grant lets the
   * table's account use it only KMS knows (see {@link #otherAccountsKey}).
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
   */
  public static void kmsKey(SpecValidation v, String keyArn, String field, Scope scope) {
    if (keyArn == null || !keyArn.matches(ApiPatterns.KMS_KEY_ARN) || !v.arnRegion(keyArn, field) || scope == null) {
      return;
    }
    Arn key = Arn.parse(keyArn);
    v.check(key.region().equals(scope.region()), field, "the key is in " + key.region() + ", the table in "
        + scope.region() + ": a KMS key can only encrypt tables of its own Region");
  }

  /**
   * What the operator cannot know up front about a KMS key of another account than the table's: it works only if the
   * key's policy or a grant lets the table's account use it. Null when the key is the table's account's own.
   * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
   */
  public static String otherAccountsKey(String keyArn, String tableAccount) {
    if (keyArn == null || tableAccount == null || !keyArn.matches(ApiPatterns.KMS_KEY_ARN)) {
      return null;
    }
    String owner = Arn.parse(keyArn).account();
    return owner.equals(tableAccount) ? null : "KMS key " + keyArn + " belongs to account " + owner + ", the table is"
        + " created in account " + tableAccount + ": the restore fails unless the key's policy or a grant allows"
        + " account " + tableAccount + " to use it (KMS does not tell before the restore runs)";
  }

  /**
   * A destination backup vault of a copy of a point made in {@code source}: a vault ARN whose partition fits its
   * Region, in the source's partition (AWS Backup never copies from one partition to another).
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html
   */
  public static void copyDestination(SpecValidation v, String vaultArn, String field, Scope source) {
    if (vaultArn == null || !vaultArn.matches(ApiPatterns.BACKUP_VAULT_ARN) || !v.arnRegion(vaultArn, field)
        || source == null) {
      return;
    }
    String problem = Partitions.copyProblem(source.region(), Arn.parse(vaultArn).region());
    v.check(problem == null, field, problem);
  }

  /** An action ARN of a CloudWatch alarm in {@code scope}: alarm actions run in the alarm's Region and partition. */
  public static void alarmAction(SpecValidation v, String actionArn, String field, Scope scope) {
    if (actionArn == null) {
      return;
    }
    if (!actionArn.matches("^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:.+$")) {
      v.check(false, field, "'" + actionArn + "' is not an ARN");
      return;
    }
    Arn action = Arn.parse(actionArn);
    if (scope == null) {
      return;
    }
    v.check(action.partition().equals(scope.partition()) && (action.region().isEmpty()
            || action.region().equals(scope.region())), field, "the action is in " + (action.region().isEmpty()
            ? "partition " + action.partition() : action.region()) + ", but the alarm is in " + scope.region()
            + ": CloudWatch runs alarm actions only in the alarm's own Region");
  }
}
