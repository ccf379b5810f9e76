package io.dynamobackup.localaws.backup;

import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.rules.ArnRules;
import io.dynamobackup.localaws.rules.Problem;
import io.dynamobackup.localaws.rules.TagRules;
import java.util.Map;

/**
 * AWS Backup's rules beyond its service model, for the calls local-aws serves; each in one place, citing where AWS
 * documents it. Violations are {@code InvalidParameterValueException} (a bad value), {@code InvalidRequestException}
 * (a request the resource's state does not allow), {@code LimitExceededException} or {@code AccessDeniedException}.
 */
final class BackupRules {
  /** StartWindowMinutes and CompleteWindowMinutes: at least 60 minutes, at most 100 years (52,560,000 minutes). */
  static final long MIN_WINDOW_MINUTES = 60;
  static final long MAX_WINDOW_MINUTES = 52_560_000;

  private BackupRules() {}

  static ApiException refusal(Problem p) {
    return p.denied() ? ApiException.accessDenied(p.message()) : ApiException.invalidParameter(p.message());
  }

  /**
   * The IAM role of a backup, copy or restore job must be a role ARN of the caller's partition and account (AWS
   * Backup needs iam:PassRole on it), and not one the test denied.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html (IamRoleArn);
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
   */
  static void role(Request r, String roleArn) {
    if (roleArn == null) {
      return;
    }
    Problem p = ArnRules.passRole(roleArn, r.scope);
    if (p != null) {
      throw refusal(p);
    }
    if (r.world.isRoleDenied(roleArn)) {
      throw ApiException.accessDenied("User is not authorized to perform: iam:PassRole on resource: " + roleArn);
    }
  }

  /**
   * StartBackupJob backs up a resource of the Region and account it is called in: a table ARN of another partition,
   * Region or account is refused. local-aws backs up DynamoDB tables only.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html (ResourceArn)
   *
   * @return the table name
   */
  static String tableToBackUp(Request r, String resourceArn) {
    Problem p = ArnRules.sameScope("Resource", resourceArn, r.scope);
    if (p != null) {
      throw refusal(p);
    }
    String table = Arns.tableName(resourceArn);
    if (table == null || Arns.parse(resourceArn).resource().indexOf('/', "table/".length()) >= 0) {
      throw ApiException.invalidParameter("Invalid resource ARN " + resourceArn
          + ": local-aws backs up DynamoDB tables (arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME)");
    }
    return table;
  }

  /**
   * StartWindowMinutes (default 8 hours) and CompleteWindowMinutes (default 7 days): at least 60 minutes, at most
   * 100 years. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
   */
  static long window(Request r, String field, long defaultMinutes) {
    Long v = Json.longValue(r.body, field);
    if (v == null) {
      return defaultMinutes;
    }
    if (v < MIN_WINDOW_MINUTES || v > MAX_WINDOW_MINUTES) {
      throw ApiException.invalidParameter(field + " must be between " + MIN_WINDOW_MINUTES + " and "
          + MAX_WINDOW_MINUTES + " minutes (was " + v + ")");
    }
    return v;
  }

  /**
   * A copy stays inside its partition: between commercial Regions, between the two China Regions (Beijing and
   * Ningxia), between the GovCloud (US) Regions, both directions; never from one partition to another. The
   * destination must be a backup vault ARN whose partition fits its Region.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html;
   * https://docs.amazonaws.cn/en_us/aws/latest/userguide/backup.html ("Cross Region Backups are only allowed between
   * the Beijing Region and the Ningxia Region")
   */
  static void copyDestination(Request r, String destinationArn) {
    Arns.Arn dest = Arns.parse(destinationArn);
    if (dest == null || !"backup".equals(dest.service()) || !dest.resource().startsWith("backup-vault:")
        || dest.region().isEmpty() || !dest.accountId().matches("\\d{12}")) {
      throw ApiException.invalidParameter("Invalid destination backup vault ARN: " + destinationArn
          + " (expected arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME)");
    }
    String mismatch = ArnRules.partitionProblem(dest);
    if (mismatch != null) {
      throw ApiException.invalidParameter("Invalid destination backup vault ARN " + destinationArn + ": " + mismatch);
    }
    Scope source = r.scope;
    if (!dest.partition().equals(source.partition())) {
      throw ApiException.invalidParameter("Cannot copy from " + source.region() + " (partition " + source.partition()
          + ") to " + dest.region() + " (partition " + dest.partition() + "): AWS Backup copies recovery points only"
          + " between Regions of the same partition.");
    }
  }

  /**
   * A recovery point in cold storage cannot be copied.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html
   */
  static boolean inColdStorage(RecoveryPoint rp) {
    return "COLD".equals(rp.storageClass);
  }

  static String coldStorageCopyMessage(RecoveryPoint rp) {
    return "Recovery point " + rp.arn + " is in cold storage (since " + rp.lifecycle.coldAt(rp.creationDate)
        + "); recovery points in cold storage cannot be copied.";
  }

  /**
   * Tags of vaults and recovery points (CreateBackupVault BackupVaultTags, StartBackupJob RecoveryPointTags,
   * TagResource): the AWS tag rules, at most 50 per resource. Checked before anything is stored.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html
   */
  static void tags(Map<String, String> existing, Map<String, String> added) {
    String invalid = TagRules.invalidTag(added, TagRules.Charset.GENERAL);
    if (invalid != null) {
      throw ApiException.invalidParameter(invalid);
    }
    String tooMany = TagRules.tooMany(existing, added);
    if (tooMany != null) {
      throw ApiException.limitExceeded(tooMany);
    }
  }

  /**
   * A vault's encryption key must be usable in the vault's Region and account.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
   */
  static void vaultKey(Request r, String keyArn) {
    Problem p = ArnRules.kmsKey(keyArn, r.scope, r.world.kms());
    if (p != null) {
      throw refusal(p);
    }
  }
}
