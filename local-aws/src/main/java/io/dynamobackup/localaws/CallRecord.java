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
 * @param httpStatus the HTTP status returned
 */
public record CallRecord(
    String service, String operation, String region, String accountId, Instant time, int httpStatus) {}
