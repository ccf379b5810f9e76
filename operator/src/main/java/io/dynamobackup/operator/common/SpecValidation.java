package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.aws.Arn;
import io.dynamobackup.operator.aws.Partitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Collects the problems of a spec, one message per problem, each starting with the offending field, so that every
 * problem is reported at once. The checks mirror the CRD's schema and CEL rules (which not every API server runs) and
 * the AWS rules the operator can know before its first AWS call (see the {@code rules} package).
 */
public final class SpecValidation {
  // The API's patterns, compiled once: every reconcile validates its object again.
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private final List<String> problems = new ArrayList<>();

  public List<String> problems() {
    return problems;
  }

  /** Whether nothing was found wrong so far. */
  public boolean ok() {
    return problems.isEmpty();
  }

  public SpecValidation required(Object value, String field) {
    if (value == null) {
      problems.add(field + ": required");
    }
    return this;
  }

  public SpecValidation matches(String value, String regex, String field, String what) {
    if (value != null && !pattern(regex).matcher(value).find()) {
      problems.add(field + ": '" + abbreviate(value) + "' is not a valid " + what);
    }
    return this;
  }

  public SpecValidation atLeast(Number value, long minimum, String field) {
    if (value != null && value.longValue() < minimum) {
      problems.add(field + ": must be at least " + minimum + ", not " + value);
    }
    return this;
  }

  public SpecValidation atMost(Number value, long maximum, String field) {
    if (value != null && value.longValue() > maximum) {
      problems.add(field + ": must be at most " + maximum + ", not " + value);
    }
    return this;
  }

  /** A length in Unicode characters (code points), as AWS counts them. */
  public SpecValidation length(String value, int min, int max, String field) {
    if (value != null) {
      int length = value.codePointCount(0, value.length());
      check(length >= min && length <= max, field, "must be " + min + " to " + max + " characters long, not "
          + length);
    }
    return this;
  }

  public SpecValidation check(boolean ok, String field, String message) {
    if (!ok) {
      problems.add(field + ": " + message);
    }
    return this;
  }

  /** Adds a problem that another check already worded (starting with its field). */
  public SpecValidation problem(String problem) {
    problems.add(problem);
    return this;
  }

  /** A Region: the API's pattern, then a Region of aws, aws-cn or aws-us-gov that the AWS SDK knows. */
  public SpecValidation region(String region, String field) {
    if (region == null) {
      return this;
    }
    if (!pattern(ApiPatterns.REGION).matcher(region).find()) {
      return matches(region, ApiPatterns.REGION, field, "AWS Region");
    }
    String problem = Partitions.regionProblem(region);
    return check(problem == null, field, problem);
  }

  /**
   * An ARN that matched its API pattern: its partition must be the one of its Region (arn:aws-cn only with cn-*
   * Regions, arn:aws-us-gov only with us-gov-*), and the Region must be known. Returns whether it was fine.
   */
  public boolean arnRegion(String arn, String field) {
    Arn parsed = Arn.parse(arn);
    int before = problems.size();
    region(parsed.region(), field + " (its Region)");
    if (problems.size() == before && !parsed.partition().equals(Partitions.of(parsed.region()))) {
      problems.add(field + ": partition " + parsed.partition() + " does not fit Region " + parsed.region() + " (an"
          + " ARN in " + parsed.region() + " starts with arn:" + Partitions.of(parsed.region()) + ":)");
    }
    return problems.size() == before;
  }

  /** A DynamoDB table name: 3 to 255 of letters, digits, '_', '.' and '-'. */
  public SpecValidation tableName(String name, String field) {
    return matches(name, ApiPatterns.TABLE_NAME, field, "DynamoDB table name (3 to 255 letters, digits, '_', '.', '-')");
  }

  public SpecValidation table(TableReference table, String field) {
    required(table, field);
    if (table == null) {
      return this;
    }
    check((table.name == null) != (table.arn == null), field, "set exactly one of name or arn");
    tableName(table.name, field + ".name");
    matches(table.arn, ApiPatterns.TABLE_ARN, field + ".arn", "DynamoDB table ARN");
    region(table.region, field + ".region");
    if (table.arn == null) {
      required(table.region, field + ".region");
    } else if (pattern(ApiPatterns.TABLE_ARN).matcher(table.arn).find() && arnRegion(table.arn, field + ".arn")
        && table.region != null) {
      String arnRegion = Arn.parse(table.arn).region();
      check(arnRegion.equals(table.region), field + ".region",
          "'" + table.region + "' does not match the Region of " + field + ".arn ('" + arnRegion + "')");
    }
    return this;
  }

  /**
   * A DynamoBackup that adopts a recovery point (spec.recoveryPointArn) starts no job, so the job's windows and tags do
   * not apply; existing copies (copies[].recoveryPointArn) only go with an adopted point, in their vault's Region.
   */
  public SpecValidation adoption(io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec spec) {
    String arn = spec.recoveryPointArn;
    matches(arn, ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN, "spec.recoveryPointArn", "AWS Backup recovery point ARN");
    if (arn != null) {
      String why = " does not apply: a DynamoBackup that adopts a recovery point (spec.recoveryPointArn) starts no"
          + " backup job";
      check(spec.startWindowMinutes == null, "spec.startWindowMinutes", why);
      check(spec.completionWindowMinutes == null, "spec.completionWindowMinutes", why);
      check(spec.recoveryPointTags == null, "spec.recoveryPointTags", why);
      if (spec.table != null && pattern(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN).matcher(arn).find()) {
        String tableRegion = spec.table.arn != null && pattern(ApiPatterns.TABLE_ARN).matcher(spec.table.arn)
            .find() ? Arn.parse(spec.table.arn).region() : spec.table.region;
        check(tableRegion == null || tableRegion.equals(Arn.parse(arn).region()), "spec.recoveryPointArn",
            "is in Region " + Arn.parse(arn).region() + ", spec.table in " + tableRegion
                + ": a recovery point is in its table's Region (name its copy in spec.copies instead)");
      }
    }
    if (spec.copies != null) {
      for (int i = 0; i < spec.copies.size(); i++) {
        CopyTarget copy = spec.copies.get(i);
        String field = "spec.copies[" + i + "].recoveryPointArn";
        if (copy.recoveryPointArn == null) {
          continue;
        }
        check(arn != null, field, "names an existing copy and needs spec.recoveryPointArn (the adopted recovery point)");
        matches(copy.recoveryPointArn, ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN, field, "AWS Backup recovery point ARN");
        if (copy.backupVaultArn != null && pattern(ApiPatterns.BACKUP_VAULT_ARN).matcher(copy.backupVaultArn)
            .find() && pattern(ApiPatterns.AWS_BACKUP_RECOVERY_POINT_ARN).matcher(copy.recoveryPointArn)
            .find()) {
          Arn vault = Arn.parse(copy.backupVaultArn);
          Arn point = Arn.parse(copy.recoveryPointArn);
          check(vault.region().equals(point.region()) && vault.account().equals(point.account()), field,
              "is in " + point.account() + "/" + point.region() + ", not in the account and Region of "
                  + copy.backupVaultArn);
        }
      }
    }
    return this;
  }

  private static String abbreviate(String value) {
    return value.length() <= 100 ? value : value.substring(0, 97) + "...";
  }

  /** The compiled {@code regex}: one of the API's patterns ({@link ApiPatterns}, the rules' own), so few distinct. */
  private static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, Pattern::compile);
  }
}
