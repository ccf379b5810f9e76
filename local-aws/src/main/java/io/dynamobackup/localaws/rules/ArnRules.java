package io.dynamobackup.localaws.rules;

import io.dynamobackup.localaws.Kms;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Scope;

/**
 * Rules for ARNs used where they must match the partition, Region or account of the call or of the resource.
 * An ARN's partition is fixed by its Region ({@code aws-cn} for {@code cn-*}, {@code aws-us-gov} for
 * {@code us-gov-*}, {@code aws} otherwise): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
public final class ArnRules {
  private ArnRules() {}

  /**
   * A resource ARN named in a call (a table to back up, a table to tag) must be in the call's partition, Region and
   * account: AWS Backup and DynamoDB act on resources of the Region they are called in.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
   *
   * @return null when {@code arn} is in {@code caller}'s scope
   */
  public static Problem sameScope(String what, String arn, Scope caller) {
    Arns.Arn a = Arns.parse(arn);
    if (a == null) {
      return Problem.invalid("Invalid " + what + " ARN: " + arn);
    }
    String partition = partitionProblem(a);
    if (partition != null) {
      return Problem.invalid("Invalid " + what + " ARN " + arn + ": " + partition);
    }
    if (!a.partition().equals(caller.partition()) || !a.region().equals(caller.region())) {
      return Problem.invalid(what + " " + arn + " is in " + where(a.partition(), a.region()) + ", but this request"
          + " was sent to " + where(caller.partition(), caller.region()) + ".");
    }
    if (!a.accountId().equals(caller.accountId())) {
      return Problem.invalid(what + " " + arn + " belongs to account " + a.accountId() + ", not to the caller's account "
          + caller.accountId() + ".");
    }
    return null;
  }

  /**
   * The IAM role a service assumes on the caller's behalf must be a role ARN of the caller's partition, and passing it
   * needs {@code iam:PassRole}, which only a role of the caller's own account can be granted for.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
   *
   * @return null when the role can be passed
   */
  public static Problem passRole(String roleArn, Scope caller) {
    Arns.Arn a = Arns.parse(roleArn);
    if (a == null || !"iam".equals(a.service()) || !a.region().isEmpty() || !a.accountId().matches("\\d{12}")
        || !a.resource().startsWith("role/") || a.resource().length() == "role/".length()) {
      return Problem.invalid("Invalid IAM role ARN " + roleArn + ": expected arn:PARTITION:iam::ACCOUNT:role/NAME");
    }
    if (!a.partition().equals(caller.partition())) {
      return Problem.invalid("IAM role " + roleArn + " is in partition " + a.partition() + ", but this request was"
          + " sent to " + where(caller.partition(), caller.region()) + ": a role can only be used in its own partition.");
    }
    if (!a.accountId().equals(caller.accountId())) {
      return Problem.denied("User: arn:" + caller.partition() + ":iam::" + caller.accountId() + ":root is not"
          + " authorized to perform: iam:PassRole on resource: " + roleArn);
    }
    return null;
  }

  /**
   * A customer managed KMS key encrypting a table must be in the table's Region (KMS keys are regional) and partition,
   * and a key of another account needs a grant for the table's account.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
   * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
   *
   * @param keyArn a key or alias ARN
   * @param resource where the encrypted resource lives
   * @return null when the key can be used there
   */
  public static Problem kmsKey(String keyArn, Scope resource, Kms kms) {
    Problem format = kmsKeyFormat(keyArn);
    if (format != null) {
      return format;
    }
    Arns.Arn a = Arns.parse(keyArn);
    if (!a.partition().equals(resource.partition()) || !a.region().equals(resource.region())) {
      return Problem.invalid("KMS key " + keyArn + " is in " + where(a.partition(), a.region()) + ", but the table is"
          + " in " + where(resource.partition(), resource.region()) + ": a KMS key can only be used in its own Region.");
    }
    if (!kms.canUse(keyArn, a.accountId(), resource.accountId())) {
      return Problem.denied("Account " + resource.accountId() + " is not authorized to use KMS key " + keyArn
          + " of account " + a.accountId() + " (no key policy statement or grant allows it).");
    }
    return null;
  }

  /** Why {@code keyArn} is not a KMS key or alias ARN whose partition fits its Region, or null. */
  public static Problem kmsKeyFormat(String keyArn) {
    Arns.Arn a = Arns.parse(keyArn);
    if (a == null || !"kms".equals(a.service()) || a.region().isEmpty() || !a.accountId().matches("\\d{12}")
        || !(a.resource().startsWith("key/") || a.resource().startsWith("alias/"))) {
      return Problem.invalid("Invalid KMS key ARN " + keyArn + ": expected arn:PARTITION:kms:REGION:ACCOUNT:key/ID");
    }
    String partition = partitionProblem(a);
    return partition == null ? null : Problem.invalid("Invalid KMS key ARN " + keyArn + ": " + partition);
  }

  /** Why an ARN's partition does not belong to its Region, or null. */
  public static String partitionProblem(Arns.Arn a) {
    if (a.region().isEmpty()) {
      return null;
    }
    String expected = Arns.partitionOf(a.region());
    return expected.equals(a.partition()) ? null
        : "Region " + a.region() + " is in partition " + expected + ", not " + a.partition() + ".";
  }

  private static String where(String partition, String region) {
    return "Region " + region + " (partition " + partition + ")";
  }
}
