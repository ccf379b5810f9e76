package io.dynamobackup.operator.aws;

/** The parts of an AWS ARN: arn:partition:service:region:account:resource. */
public record Arn(String partition, String service, String region, String account, String resource) {
  public static Arn parse(String arn) {
    String[] parts = arn == null ? new String[0] : arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn")) {
      throw new IllegalArgumentException("not an ARN: " + arn);
    }
    return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
  }

  /** The last path element of the resource, e.g. the table name of table/orders or the vault of backup-vault:dr. */
  public String resourceName() {
    String afterType = resource.substring(resource.indexOf(resource.contains("/") ? '/' : ':') + 1);
    int slash = afterType.indexOf('/');
    return slash < 0 ? afterType : afterType.substring(0, slash);
  }

  /** The partition of a Region, e.g. aws-cn for cn-north-1 ({@link Partitions#of}). */
  public static String partitionOf(String region) {
    return Partitions.of(region);
  }
}
