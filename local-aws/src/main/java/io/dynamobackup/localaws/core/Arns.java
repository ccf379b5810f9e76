package io.dynamobackup.localaws.core;

/** ARN helpers: partitions and parsing. */
public final class Arns {
  private Arns() {}

  public static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    if (region.startsWith("us-iso-")) {
      return "aws-iso";
    }
    if (region.startsWith("us-isob-")) {
      return "aws-iso-b";
    }
    return "aws";
  }

  /** A parsed ARN: {@code arn:partition:service:region:account:resource}. */
  public record Arn(String partition, String service, String region, String accountId, String resource) {
    public Scope scope() {
      return new Scope(accountId, region);
    }
  }

  /** Parses an ARN or returns null when it is not one. */
  public static Arn parse(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
      return null;
    }
    return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
  }

  /** The table name of a DynamoDB table ARN ({@code ...:table/NAME}), or null. */
  public static String tableName(String arn) {
    Arn a = parse(arn);
    if (a == null || !"dynamodb".equals(a.service()) || !a.resource().startsWith("table/")) {
      return null;
    }
    String rest = a.resource().substring("table/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
