package io.dynamobackup.localaws;

import java.time.Instant;

/**
 * One API call received by the emulator.
 *
 * @param service    {@code backup} or {@code dynamodb} (or {@code unknown})
 * @param operation  the AWS operation name, e.g. {@code StartBackupJob}
 * @param region     the Region from the SigV4 credential scope
 * @param accountId  the 12-digit account the call was attributed to
 * @param time       the emulator clock when the call was received
 * @param httpStatus the HTTP status returned; {@value #NO_RESPONSE} when the call got no response (a Region outage,
 *                   {@link Faults#regionOutage})
 * @param table      for DynamoDB calls, the table the request names (TableName, the one table of RequestItems,
 *                   ResourceArn, or a restore's TargetTableName), as a name or an ARN as sent; null otherwise
 */
public record CallRecord(
    String service, String operation, String region, String accountId, Instant time, int httpStatus, String table) {
  /** The status recorded for a call that was read but never answered. */
  public static final int NO_RESPONSE = 0;

  /** A call that names no table. */
  public CallRecord(String service, String operation, String region, String accountId, Instant time, int httpStatus) {
    this(service, operation, region, accountId, time, httpStatus, null);
  }

  /** Whether local-aws answered the call (with a success or an AWS error). */
  public boolean answered() {
    return httpStatus != NO_RESPONSE;
  }

  /** Whether the call names table {@code name} (by name, or by an ARN ending in {@code :table/name}). */
  public boolean names(String name) {
    return table != null && (table.equals(name) || table.endsWith(":table/" + name)
        || table.contains(":table/" + name + "/"));
  }
}
